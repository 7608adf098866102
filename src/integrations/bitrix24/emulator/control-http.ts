/**
 * The control API over HTTP: JSON endpoints under /_emulator/… mapping one-to-one to EmulatorControl.
 * Never rate limited, faulted or logged. Errors answer {"error": "<message>"} with 400/404.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ControlError } from "./control.js";
import { isRecord } from "./params.js";
import { readBody, sendJson } from "./server.js";
import type { B24Row, EmulatorControl, EntityKind, EventDeliveryOptions, FaultRule, PortalSeed, RateLimit, WebhookSettings } from "./types.js";

type Body = Record<string, unknown>;
type Route = [method: string, pattern: RegExp, run: (c: EmulatorControl, m: string[], body: Body, raw: unknown, after: (fn: () => void) => void) => unknown];

const num = (v: unknown, name: string): number => {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n)) throw new ControlError(400, `${name} must be a number`);
  return n;
};
const str = (v: unknown, name: string): string => {
  if (typeof v !== "string" || v === "") throw new ControlError(400, `${name} must be a non-empty string`);
  return v;
};
const id = (m: string[]) => num(m[1], "id");
const kindOf = (plural: string) => plural.slice(0, -1) as EntityKind;
const ok = { ok: true };

const getters = {
  lead: ["listLeads", "getLead", "createLead"],
  deal: ["listDeals", "getDeal", "createDeal"],
  contact: ["listContacts", "getContact", "createContact"],
} as const;

const ROUTES: Route[] = [
  [
    "POST",
    /^\/seed$/,
    (c, _m, b) => {
      c.seed(b as PortalSeed);
    },
  ],
  [
    "POST",
    /^\/reset$/,
    async (c) => {
      await c.reset();
    },
  ],
  ["GET", /^\/(leads|deals|contacts)$/, (c, m) => c[getters[kindOf(m[1] ?? "")][0]]()],
  [
    "GET",
    /^\/(leads|deals|contacts)\/(\d+)$/,
    (c, m) => {
      const row = c[getters[kindOf(m[1] ?? "")][1]](num(m[2], "id"));
      if (!row) throw new ControlError(404, "not found");
      return row;
    },
  ],
  ["POST", /^\/(leads|deals|contacts)$/, (c, m, b) => ({ id: c[getters[kindOf(m[1] ?? "")][2]](b as B24Row) })],
  [
    "PATCH",
    /^\/leads\/(\d+)$/,
    (c, m, b) => {
      c.updateLead(id(m), b);
    },
  ],
  [
    "PATCH",
    /^\/deals\/(\d+)$/,
    (c, m, b) => {
      c.updateDeal(id(m), b);
    },
  ],
  [
    "DELETE",
    /^\/leads\/(\d+)$/,
    (c, m) => {
      c.deleteLead(id(m));
    },
  ],
  [
    "DELETE",
    /^\/deals\/(\d+)$/,
    (c, m) => {
      c.deleteDeal(id(m));
    },
  ],
  [
    "POST",
    /^\/leads\/(\d+)\/status$/,
    (c, m, b) => {
      c.setLeadStatus(id(m), str(b.statusId, "statusId"));
    },
  ],
  ["POST", /^\/leads\/(\d+)\/convert$/, (c, m, b) => c.convertLead(id(m), b)],
  [
    "POST",
    /^\/deals\/(\d+)\/(?:stage|move)$/,
    (c, m, b) => {
      c.moveDeal(id(m), str(b.stageId, "stageId"));
    },
  ],
  [
    "POST",
    /^\/deals\/(\d+)\/amount$/,
    (c, m, b) => {
      c.setDealAmount(id(m), num(b.opportunity, "opportunity"), b.currency ? str(b.currency, "currency") : undefined);
    },
  ],
  [
    "POST",
    /^\/deals\/(\d+)\/funnel$/,
    (c, m, b) => {
      c.moveDealToFunnel(id(m), num(b.categoryId, "categoryId"), b.stageId ? str(b.stageId, "stageId") : undefined);
    },
  ],
  ["GET", /^\/event-handlers$/, (c) => c.listEventHandlers()],
  [
    "POST",
    /^\/event-handlers$/,
    (c, _m, b) => {
      if (!Array.isArray(b.events) || !b.events.every((e) => typeof e === "string")) throw new ControlError(400, "events must be an array of event names");
      const token = b.applicationToken ? str(b.applicationToken, "applicationToken") : undefined;
      return c.addEventHandler({ handlerUrl: str(b.handlerUrl, "handlerUrl"), events: b.events as string[], ...(token ? { applicationToken: token } : {}) });
    },
  ],
  [
    "DELETE",
    /^\/event-handlers\/(\d+)$/,
    (c, m) => {
      c.removeEventHandler(id(m));
    },
  ],
  ["POST", /^\/events\/config$/, (c, _m, b) => c.configureEvents(b as EventDeliveryOptions)],
  [
    "POST",
    /^\/events\/flush$/,
    (c) => {
      c.flushEvents();
    },
  ],
  [
    "POST",
    /^\/events\/wait$/,
    async (c) => {
      await c.waitForEvents();
    },
  ],
  ["GET", /^\/deliveries$/, (c) => c.deliveries()],
  [
    "POST",
    /^\/faults$/,
    (c, _m, b) => {
      c.injectFault(b as FaultRule);
    },
  ],
  [
    "DELETE",
    /^\/faults$/,
    (c) => {
      c.clearFaults();
    },
  ],
  [
    "POST",
    /^\/latency$/,
    (c, _m, b) => {
      c.setLatency(num(b.ms, "ms"));
    },
  ],
  [
    "POST",
    /^\/down$/,
    (c, _m, b, _raw, after) => {
      const ms = num(b.ms, "ms");
      // Go down once this answer has left; `ms` brings the port back (nothing can reach us meanwhile).
      after(() => void c.setDown({ ms }));
      return ok;
    },
  ],
  [
    "POST",
    /^\/rate-limit$/,
    (c, _m, b, raw) => {
      c.setRateLimit(raw === false || b.enabled === false ? false : ({ perSecond: num(b.perSecond, "perSecond"), burst: num(b.burst, "burst") } as RateLimit));
    },
  ],
  [
    "POST",
    /^\/methods\/([\w.]+)\/block$/,
    (c, m, b) => {
      c.blockMethod(m[1] ?? "", num(b.ms, "ms"));
    },
  ],
  [
    "POST",
    /^\/webhook$/,
    (c, _m, b) => {
      c.configureWebhook(b as WebhookSettings);
    },
  ],
  ["POST", /^\/webhook\/rotate$/, (c, _m, b) => c.rotateWebhook(typeof b.secret === "string" ? b.secret : undefined)],
  ["GET", /^\/requests$/, (c) => c.requests()],
  [
    "DELETE",
    /^\/requests$/,
    (c) => {
      c.clearRequests();
    },
  ],
  ["GET", /^\/counters$/, (c) => c.counters()],
];

/** Handles /_emulator/<path>; `info` adds GET /_emulator/info (origin, webhookUrl, applicationToken). */
export async function handleControl(control: EmulatorControl, info: () => unknown, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://emulator").pathname.replace(/^\/_emulator/, "").replace(/\/$/, "") || "/";
  const method = req.method ?? "GET";
  try {
    const text = (await readBody(req)).toString("utf8");
    let raw: unknown = {};
    if (text.trim() !== "") {
      try {
        raw = JSON.parse(text);
      } catch {
        throw new ControlError(400, "body must be JSON");
      }
    }
    const body = isRecord(raw) ? raw : {};
    if (method === "GET" && (path === "/info" || path === "/")) return sendJson(res, 200, info());
    const hit = ROUTES.map((r) => [r, r[1].exec(path)] as const).find(([r, m]) => r[0] === method && m);
    if (!hit?.[1]) return sendJson(res, 404, { error: `no control endpoint ${method} /_emulator${path}` });
    const result = await hit[0][2](control, [...hit[1]], body, raw, (fn) => res.once("finish", fn));
    sendJson(res, 200, result ?? ok);
  } catch (err) {
    if (err instanceof ControlError) return sendJson(res, err.status, { error: err.message });
    sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
  }
}
