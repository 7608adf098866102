/**
 * The single Bitrix24 REST client (LAYOUT.md §2.3): typed methods for the call sequences of BITRIX24.md §2.17
 * over one transport that owns timeouts, retries, the rate limiter and error mapping.
 */
import { z } from "zod";
import { Bitrix24Error, errorFromEnvelope, invalidResponseError } from "./errors.js";
import { checkId, contactFields, dealFields, leadFields } from "./input-fields.js";
import {
  addResultSchema,
  batchResultSchema,
  categoryListSchema,
  dealSchema,
  duplicatesSchema,
  fieldsSchema,
  idRowsSchema,
  leadSchema,
  orderStages,
  statusSchema,
  usersSchema,
} from "./payloads.js";
import { type Clock, createRateLimiter, type RateLimiter, type RateLimitOptions, realClock } from "./rate-limiter.js";
import { createTransport, encodeBatchCommand, referencedKeys, resolveReferences } from "./transport.js";
import type { BatchCommand, BatchOutcome, Bitrix24Client, Envelope, ListOptions } from "./types.js";

export type { Bitrix24Client, CallOptions, ListOptions } from "./types.js";

export interface Bitrix24ClientConfig {
  /** `https://<portal>/rest/<user>/<code>/`, with or without the trailing slash. A secret: never logged. */
  webhookUrl: string;
  timeoutMs?: number;
  /** Client-side leaky bucket; false disables it (the 503/429 pauses still apply). */
  rate?: RateLimitOptions | false;
  /** Share one bucket between clients of the same portal (the portal counts per IP). */
  limiter?: RateLimiter;
  maxRetries?: number;
  backoff?: { baseMs?: number; capMs?: number };
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** ORIGINATOR_ID written on creates and used by the find-by-origin look-ups. */
  originatorId?: string;
  userAgent?: string;
  /** Upper bound for the paging loops of listLeadsChangedSince / listDealsChangedSince (50 rows a page). */
  maxPages?: number;
}

/** The boundary type features depend on (LAYOUT.md §2.3). */
export type Bitrix24 = Bitrix24Client;

const WRITES = /\.(add|delete)$/i;
export function isIdempotentMethod(method: string): boolean {
  return !WRITES.test(method) && method.toLowerCase() !== "batch";
}

const BATCH_MAX = 50;

export function createBitrix24Client(config: Bitrix24ClientConfig): Bitrix24Client {
  const clock: Clock = { now: config.now ?? realClock.now, sleep: config.sleep ?? realClock.sleep };
  const limiter = config.limiter ?? createRateLimiter(config.rate ?? { perSecond: 2, burst: 50 }, clock);
  const transport = createTransport({
    webhookUrl: config.webhookUrl,
    timeoutMs: config.timeoutMs ?? 10_000,
    maxRetries: config.maxRetries ?? 5,
    fetch: config.fetch ?? globalThis.fetch,
    limiter,
    clock,
    random: config.random ?? Math.random,
    backoffBaseMs: config.backoff?.baseMs ?? 1_000,
    backoffCapMs: config.backoff?.capMs ?? 60_000,
    userAgent: config.userAgent ?? "partner-cabinet-bitrix24-client/1",
  });
  const originator = config.originatorId ?? "partner-cabinet";
  const maxPages = config.maxPages ?? 200;

  const call: Bitrix24Client["call"] = (method, params = {}, options = {}) =>
    transport.request(method, params, { idempotent: options.idempotent ?? isIdempotentMethod(method) });

  async function read<S extends z.ZodType>(method: string, params: Record<string, unknown>, schema: S): Promise<z.output<S>> {
    return parseWith(method, schema, (await call(method, params)).result);
  }

  async function add(method: string, fields: Record<string, unknown>, sonet: boolean | undefined): Promise<{ id: number }> {
    const params: Record<string, unknown> = { fields };
    if (sonet !== undefined) params.params = { REGISTER_SONET_EVENT: sonet ? "Y" : "N" };
    return { id: parseWith(method, addResultSchema, (await call(method, params)).result) };
  }

  async function getOrNull<S extends z.ZodType>(method: string, id: number, schema: S): Promise<z.output<S> | null> {
    try {
      return await read(method, { id: checkId(id) }, schema);
    } catch (e) {
      if (e instanceof Bitrix24Error && e.isNotFound) return null;
      throw e;
    }
  }

  /** Follows `next` through every page (never "until empty": an out-of-range start returns page 1, §1.5). */
  async function listAll<S extends z.ZodType>(method: string, params: Record<string, unknown>, row: S): Promise<Array<z.output<S>>> {
    const rows: Array<z.output<S>> = [];
    for (let start = 0, page = 0; ; page++) {
      if (page >= maxPages) throw new RangeError(`${method}: more than ${maxPages} pages; narrow the filter`);
      const envelope = await call(method, { ...params, start });
      for (const item of parseWith(method, z.array(z.unknown()), envelope.result)) rows.push(parseWith(method, row, item));
      if (envelope.next === undefined || envelope.next <= start) return rows;
      start = envelope.next;
    }
  }

  const byOrigin =
    (entity: "lead" | "deal" | "contact") =>
    async (originId: string, originatorId: string = originator) => {
      const filter = { ORIGINATOR_ID: originatorId, ORIGIN_ID: originId };
      return read(`crm.${entity}.list`, { filter, select: ["ID"], order: { ID: "ASC" } }, idRowsSchema);
    };

  const changedSince = (since: Date, options: ListOptions | undefined) => ({
    filter: { ...options?.filter, ">DATE_MODIFY": bitrixDate(since) },
    order: { ID: "ASC" },
  });

  async function batch(commands: Record<string, BatchCommand> | BatchCommand[], options: { halt?: boolean } = {}): Promise<BatchOutcome> {
    const entries = Array.isArray(commands) ? commands.map((c, i) => [String(i), c] as const) : Object.entries(commands);
    const out: BatchOutcome = { result: {}, errors: {}, total: {}, next: {}, skipped: [] };
    for (let i = 0; i < entries.length; i += BATCH_MAX) {
      const chunk = entries.slice(i, i + BATCH_MAX);
      if (options.halt && Object.keys(out.errors).length > 0) {
        out.skipped.push(...chunk.map(([key]) => key));
        continue;
      }
      const earlier = new Set(entries.slice(0, i).map(([key]) => key));
      const cmd: Record<string, string> = {};
      const methods = new Map<string, string>();
      for (const [key, command] of chunk) {
        // References into an earlier chunk are resolved here; the portal only sees its own chunk.
        const resolved = referencedKeys(command).some((k) => earlier.has(k)) ? resolveReferences(command, earlier, out) : command;
        const encoded = encodeBatchCommand(resolved);
        cmd[key] = encoded.line;
        methods.set(key, encoded.method);
      }
      const idempotent = [...methods.values()].every(isIdempotentMethod);
      let envelope: Envelope;
      try {
        envelope = await call("batch", { halt: options.halt ? 1 : 0, cmd }, { idempotent });
      } catch (e) {
        // A later chunk failed: keep what the earlier chunks did, pin the error on this chunk, send no more.
        if (i === 0 || !(e instanceof Bitrix24Error)) throw e;
        for (const [key] of chunk) out.errors[key] = e;
        out.skipped.push(...entries.slice(i + BATCH_MAX).map(([key]) => key));
        return out;
      }
      const parsed = parseWith("batch", batchResultSchema, envelope.result);
      for (const [key] of chunk) {
        const method = methods.get(key) ?? "batch";
        const err = parsed.result_error[key];
        if (err !== undefined) {
          const e = typeof err === "string" ? { error: err, error_description: "" } : err;
          out.errors[key] = errorFromEnvelope(method, null, e.error, e.error_description ?? "");
        } else if (key in parsed.result) out.result[key] = parsed.result[key];
        else out.skipped.push(key);
        const total = parsed.result_total[key];
        const next = parsed.result_next[key];
        if (total !== undefined) out.total[key] = total;
        if (next !== undefined) out.next[key] = next;
      }
    }
    return out;
  }

  return {
    call,
    batch,
    addLead: async (input) => add("crm.lead.add", leadFields(input, originator), input.registerSonetEvent),
    getLead: (id) => getOrNull("crm.lead.get", id, leadSchema),
    findLeadsByOrigin: byOrigin("lead"),
    listLeadsChangedSince: async (since, options) =>
      listAll("crm.lead.list", { ...changedSince(since, options), select: ["*", "UF_*", "PHONE", "EMAIL"] }, leadSchema),
    addDeal: async (input) => add("crm.deal.add", dealFields(input, originator), input.registerSonetEvent),
    getDeal: (id) => getOrNull("crm.deal.get", id, dealSchema),
    findDealsByOrigin: byOrigin("deal"),
    listDealsChangedSince: async (since, options) => listAll("crm.deal.list", { ...changedSince(since, options), select: ["*", "UF_*"] }, dealSchema),
    listDealsByLead: async (leadId) =>
      listAll("crm.deal.list", { filter: { LEAD_ID: checkId(leadId) }, order: { ID: "ASC" }, select: ["*", "UF_*"] }, dealSchema),
    addContact: async (input) => add("crm.contact.add", contactFields(input, originator), input.registerSonetEvent),
    findContactsByOrigin: byOrigin("contact"),
    async findContactByComm(type, values) {
      const unique = [...new Set(values.map((v) => v.trim()).filter(Boolean))];
      if (unique.length === 0) return [];
      if (unique.length > 20) throw new RangeError("crm.duplicate.findbycomm takes at most 20 values");
      const found = await read("crm.duplicate.findbycomm", { type, entity_type: "CONTACT", values: unique }, duplicatesSchema);
      return [...new Set((found as Record<string, number[]>).CONTACT ?? [])].sort((a, b) => a - b);
    },
    async addDealContact(dealId, contactId, options = {}) {
      const fields: Record<string, unknown> = { CONTACT_ID: checkId(contactId) };
      if (options.isPrimary !== undefined) fields.IS_PRIMARY = options.isPrimary ? "Y" : "N";
      await call("crm.deal.contact.add", { id: checkId(dealId), fields });
    },
    async listStatuses(entityId) {
      const rows = await read("crm.status.list", { filter: { ENTITY_ID: entityId }, order: { SORT: "ASC" } }, statusSchema.array());
      return orderStages(rows);
    },
    async listDealStages(categoryId) {
      if (!Number.isSafeInteger(categoryId) || categoryId < 0) throw new TypeError("categoryId must be a non-negative integer");
      return this.listStatuses(categoryId === 0 ? "DEAL_STAGE" : `DEAL_STAGE_${categoryId}`);
    },
    listCategories: () => read("crm.category.list", { entityTypeId: 2 }, categoryListSchema),
    getFields: (entity) => read(`crm.${entity}.fields`, {}, fieldsSchema),
    async getUser(id) {
      const users = await read("user.get", { ID: checkId(id) }, usersSchema);
      return users.find((u) => u.id === id) ?? null;
    },
  };
}

function parseWith<S extends z.ZodType>(method: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues[0]?.path.join(".") || "result";
  throw invalidResponseError(method, 200, `unexpected result shape at ${where}`);
}

/** `>DATE_MODIFY` wants ISO-8601 with an offset; whole seconds in UTC. */
export function bitrixDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new TypeError("invalid date");
  return `${d.toISOString().slice(0, 19)}+00:00`;
}
