/**
 * The in-process control surface: seeding, "manager actions" in the CRM (each firing its event),
 * lead conversion, event handlers and delivery switches, faults, limits, logs and counters.
 */
import { performance } from "node:perf_hooks";
import { addEntity, deleteEntity, type EventAction, eventName, findEntity, moveDealToFunnel, type OpContext, updateEntity } from "./crm.js";
import { externalize } from "./fields.js";
import { normalizeMethod, type Runtime } from "./runtime.js";
import type { B24Row, EmulatorControl, EmulatorCounters, EntityKind, PortalSeed, RateLimit, WebhookSettings } from "./types.js";
import { RestError, randomToken } from "./util.js";

/** A control call that cannot be done (unknown id, stage of another funnel…); HTTP answers it with `status`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Lifecycle = {
  setDown(down: boolean | { ms: number }): Promise<void>;
  initialSecret: string;
  initialSeed: PortalSeed;
  initialRateLimit: RateLimit | false;
};

const KINDS: EntityKind[] = ["lead", "deal", "contact"];

export function createControl(rt: Runtime, life: Lifecycle): EmulatorControl {
  /** Runs one manager action as one "hit": its events are merged and published together. */
  const act = <T>(fn: (ctx: OpContext) => T, order?: (events: Array<{ event: string; id: number }>) => void): T => {
    const events: Array<{ event: string; id: number }> = [];
    const emit = (kind: EntityKind, action: EventAction, id: number) => {
      const event = eventName(kind, action);
      if (!events.some((e) => e.event === event && e.id === id)) events.push({ event, id });
    };
    try {
      const out = fn({ now: rt.now(), userId: rt.options.userId, emit });
      order?.(events);
      if (events.length > 0) void rt.bus.publish(events);
      return out;
    } catch (err) {
      if (err instanceof RestError) throw new ControlError(/not found/i.test(err.description) ? 404 : err.status, err.description);
      throw err;
    }
  };
  const rows = (kind: EntityKind) => [...rt.state.entities[kind].values()].sort((a, b) => a.id - b.id).map((e) => externalize(e, rt.state.fieldCtx()));
  const row = (kind: EntityKind, id: number) => {
    const e = findEntity(rt.state, kind, id);
    return e ? externalize(e, rt.state.fieldCtx()) : null;
  };
  const mustFind = (kind: EntityKind, id: number) => {
    const e = findEntity(rt.state, kind, id);
    if (!e) throw new ControlError(404, `${kind} ${id} not found`);
    return e;
  };

  const control: EmulatorControl = {
    seed: (seed) => rt.loadSeed(seed),
    reset: () => {
      const up = life.setDown(false);
      rt.loadSeed(life.initialSeed);
      rt.bus.reset();
      rt.faults = [];
      rt.latencyMs = 0;
      rt.blocks.clear();
      rt.webhook = { scopes: ["crm", "user"], revoked: false, requireHttps: false, block: null };
      rt.secret = life.initialSecret;
      rt.limiter.reset(life.initialRateLimit);
      rt.log = [];
      rt.requests = rt.rateLimited = rt.faulted = 0;
      rt.calls = {};
      rt.creates = {};
      return up;
    },
    listLeads: () => rows("lead"),
    getLead: (id) => row("lead", id),
    listDeals: () => rows("deal"),
    getDeal: (id) => row("deal", id),
    listContacts: () => rows("contact"),
    getContact: (id) => row("contact", id),
    createLead: (fields) => act((ctx) => addEntity(rt.state, "lead", fields, ctx)),
    createDeal: (fields) => act((ctx) => addEntity(rt.state, "deal", fields, ctx)),
    createContact: (fields) => act((ctx) => addEntity(rt.state, "contact", fields, ctx)),
    updateLead: (id, fields) => act((ctx) => updateEntity(rt.state, "lead", id, fields, ctx)),
    updateDeal: (id, fields) => act((ctx) => updateEntity(rt.state, "deal", id, fields, ctx)),
    setLeadStatus: (id, statusId) => {
      mustFind("lead", id);
      if (!rt.state.leadStatuses().some((s) => s.statusId === statusId)) throw new ControlError(400, `unknown lead status ${statusId}`);
      act((ctx) => updateEntity(rt.state, "lead", id, { STATUS_ID: statusId }, ctx));
    },
    moveDeal: (id, stageId) => {
      const deal = mustFind("deal", id);
      const categoryId = Number(deal.values.CATEGORY_ID ?? 0);
      if (!rt.state.stagesOf(categoryId).some((s) => s.statusId === stageId)) throw new ControlError(400, `stage ${stageId} is not in funnel ${categoryId}`);
      act((ctx) => updateEntity(rt.state, "deal", id, { STAGE_ID: stageId }, ctx));
    },
    setDealAmount: (id, opportunity, currency) => {
      mustFind("deal", id);
      act((ctx) => updateEntity(rt.state, "deal", id, { OPPORTUNITY: opportunity, ...(currency ? { CURRENCY_ID: currency } : {}) }, ctx));
    },
    moveDealToFunnel: (id, categoryId, stageId) => {
      const deal = mustFind("deal", id);
      act((ctx) => moveDealToFunnel(rt.state, deal, categoryId, stageId, ctx));
    },
    deleteLead: (id) => act((ctx) => deleteEntity(rt.state, "lead", id, ctx)),
    deleteDeal: (id) => act((ctx) => deleteEntity(rt.state, "deal", id, ctx)),
    convertLead: (id, options = {}) => {
      const lead = mustFind("lead", id);
      const success = rt.state.leadStatuses().find((s) => s.semantics === "success");
      if (!success) throw new ControlError(400, "the portal has no success lead status");
      const leadRow = externalize(lead, rt.state.fieldCtx());
      return act(
        (ctx) => {
          let contactId: number | null = null;
          if (options.createContact !== false) {
            const multi = (key: string) => ((leadRow[key] as B24Row[] | undefined) ?? []).map((m) => ({ VALUE: m.VALUE, VALUE_TYPE: m.VALUE_TYPE }));
            const contactFields = { ...pick(leadRow, "NAME LAST_NAME SECOND_NAME SOURCE_ID ASSIGNED_BY_ID"), PHONE: multi("PHONE"), EMAIL: multi("EMAIL") };
            contactId = addEntity(rt.state, "contact", contactFields, ctx);
            const contact = findEntity(rt.state, "contact", contactId);
            if (contact) contact.values.LEAD_ID = id;
          }
          const dealFields: B24Row = {
            ...pick(
              leadRow,
              "TITLE CURRENCY_ID OPPORTUNITY SOURCE_ID SOURCE_DESCRIPTION COMMENTS ASSIGNED_BY_ID UTM_SOURCE UTM_MEDIUM UTM_CAMPAIGN UTM_CONTENT UTM_TERM",
            ),
            LEAD_ID: id,
            CATEGORY_ID: options.categoryId ?? 0,
            ...(options.stageId ? { STAGE_ID: options.stageId } : {}),
            ...(options.opportunity !== undefined ? { OPPORTUNITY: options.opportunity } : {}),
            ...(contactId ? { CONTACT_IDS: [contactId] } : {}),
          };
          // Same-named custom fields are copied from the lead to the deal.
          for (const f of rt.state.userFields.filter((u) => u.entity === "deal")) if (f.code in leadRow) dealFields[f.code] = leadRow[f.code];
          const dealId = addEntity(rt.state, "deal", dealFields, ctx);
          updateEntity(rt.state, "lead", id, { STATUS_ID: success.statusId, ...(contactId ? { CONTACT_ID: contactId } : {}) }, ctx);
          return { dealId, contactId };
        },
        (events) => {
          const leadFirst = (options.eventOrder ?? "lead-first") === "lead-first";
          events.sort((a, b) => {
            const rank = (e: { event: string }) => (e.event === "ONCRMLEADUPDATE" ? (leadFirst ? 0 : 2) : 1);
            return rank(a) - rank(b);
          });
        },
      );
    },
    addEventHandler: (h) => rt.bus.addHandler({ ...h, applicationToken: h.applicationToken ?? rt.options.applicationToken }),
    removeEventHandler: (id) => {
      rt.bus.handlers = rt.bus.handlers.filter((h) => h.id !== id);
    },
    listEventHandlers: () => rt.bus.handlers.map((h) => ({ ...h, events: [...h.events] })),
    configureEvents: (options) => rt.bus.configure(options),
    flushEvents: () => rt.bus.flush(),
    waitForEvents: () => rt.bus.idle(),
    deliveries: () => rt.bus.log.map((d) => ({ ...d })),
    injectFault: (rule) => rt.addFault(rule),
    clearFaults: () => {
      rt.faults = [];
    },
    setLatency: (ms) => {
      rt.latencyMs = Math.max(0, ms);
    },
    setDown: (down) => life.setDown(down),
    setRateLimit: (limit) => rt.limiter.reset(limit),
    blockMethod: (method, ms) => {
      rt.blocks.set(normalizeMethod(method), performance.now() + ms);
    },
    configureWebhook: (settings: WebhookSettings) => {
      rt.webhook = { ...rt.webhook, ...settings };
    },
    rotateWebhook: (secret) => {
      rt.secret = secret ?? randomToken(16);
      return { secret: rt.secret, webhookUrl: rt.webhookUrl };
    },
    requests: () => [...rt.log].sort((a, b) => a.id - b.id),
    clearRequests: () => {
      rt.log = [];
    },
    counters: () => counters(rt),
  };
  return control;
}

function pick(row: B24Row, names: string): B24Row {
  const out: B24Row = {};
  for (const n of names.split(" ")) if (row[n] !== null && row[n] !== undefined && row[n] !== "") out[n] = row[n];
  return out;
}

function counters(rt: Runtime): EmulatorCounters {
  const perKind = <T>(fn: (kind: EntityKind) => T) => Object.fromEntries(KINDS.map((k) => [k, fn(k)])) as Record<EntityKind, T>;
  const originIds = (kind: EntityKind) => {
    const seen = new Map<string, number>();
    for (const e of rt.state.entities[kind].values()) {
      if (e.values.ORIGIN_ID === null || e.values.ORIGIN_ID === undefined) continue;
      const key = `${String(e.values.ORIGINATOR_ID ?? "")}\u0000${String(e.values.ORIGIN_ID)}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return seen;
  };
  return {
    requests: rt.requests,
    callsByMethod: { ...rt.calls },
    createsByMethod: { ...rt.creates },
    rateLimited: rt.rateLimited,
    faulted: rt.faulted,
    entities: perKind((k) => rt.state.entities[k].size),
    uniqueOriginIds: perKind((k) => originIds(k).size),
    duplicateOriginIds: perKind((k) => [...originIds(k).entries()].filter(([, n]) => n > 1).map(([key]) => key.split("\u0000")[1] ?? "")),
  };
}
