/**
 * Everything one emulator instance holds: the portal, webhook credentials, the event bus,
 * rate limiter, faults, operating-limit blocks, the request log and counters.
 */
import { performance } from "node:perf_hooks";
import { addEntity, type EventAction, eventName } from "./crm.js";
import { EventBus } from "./events.js";
import { METHODS, type MethodResult } from "./methods.js";
import type { Params } from "./params.js";
import { PortalState } from "./state.js";
import type { EntityKind, FaultRule, PortalSeed, RateLimit, RequestLogEntry, RestFault, WebhookSettings } from "./types.js";
import { Errors, formatDate, RestError } from "./util.js";

/** Leaky bucket (§4.1): each request adds 1, drains `perSecond`; above `burst` → 503. Rejected requests add nothing. */
export class LeakyBucket {
  private level = 0;
  private at = performance.now();
  constructor(public limit: RateLimit | false) {}
  take(): boolean {
    if (!this.limit) return true;
    const t = performance.now();
    this.level = Math.max(0, this.level - ((t - this.at) / 1000) * this.limit.perSecond);
    this.at = t;
    if (this.level + 1 > this.limit.burst) return false;
    this.level += 1;
    return true;
  }
  reset(limit: RateLimit | false): void {
    this.limit = limit;
    this.level = 0;
    this.at = performance.now();
  }
}

export type TimeBlock = Record<string, number | string>;
export type Outcome = ({ ok: true } & MethodResult & { time: TimeBlock }) | { ok: false; error: RestError };
type HitEvent = { event: string; id: number };

export type RuntimeOptions = { userId: number; secret: string; applicationToken: string; rateLimit: RateLimit | false; now: () => number; seed: PortalSeed };

export class Runtime {
  state: PortalState;
  readonly bus: EventBus;
  readonly limiter: LeakyBucket;
  origin = "";
  secret: string;
  webhook: Required<WebhookSettings> = { scopes: ["crm", "user"], revoked: false, requireHttps: false, block: null };
  faults: Array<RestFault & { method?: string; remaining: number }> = [];
  latencyMs = 0;
  blocks = new Map<string, number>();
  log: RequestLogEntry[] = [];
  requests = 0;
  rateLimited = 0;
  faulted = 0;
  calls: Record<string, number> = {};
  creates: Record<string, number> = {};
  private nextLogId = 1;

  constructor(readonly options: RuntimeOptions) {
    this.secret = options.secret;
    this.state = new PortalState({}, options.userId);
    this.limiter = new LeakyBucket(options.rateLimit);
    this.bus = new EventBus(options.now, () => ({
      domain: this.state.domain ?? new URL(this.origin).host,
      clientEndpoint: `${this.origin}/rest/`,
      memberId: this.state.memberId,
    }));
    this.loadSeed(options.seed);
  }

  /** Replaces the portal with a fresh one built from `seed`; seeded entities raise no events. */
  loadSeed(seed: PortalSeed): void {
    this.state = new PortalState(seed, this.options.userId);
    const ctx = { now: this.now(), userId: this.options.userId, emit: () => {} };
    for (const kind of ["contact", "lead", "deal"] as const) {
      for (const row of seed[`${kind}s`] ?? []) addEntity(this.state, kind, row, ctx);
    }
  }

  get now(): () => number {
    return this.options.now;
  }

  get webhookUrl(): string {
    return `${this.origin}/rest/${this.options.userId}/${this.secret}/`;
  }

  takeFault(method: string | null): RestFault | undefined {
    const rule = this.faults.find((f) => f.remaining > 0 && (!f.method || f.method === method));
    if (!rule) return undefined;
    rule.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    this.faulted += 1;
    const { method: _m, remaining: _r, ...fault } = rule;
    return fault as RestFault;
  }

  addFault(rule: FaultRule): void {
    const { times, method, ...fault } = rule;
    this.faults.push({ ...(fault as RestFault), ...(method ? { method: normalizeMethod(method) } : {}), remaining: times ?? 1 });
  }

  reserveLogId(): number {
    return this.nextLogId++;
  }

  addLog(entry: Omit<RequestLogEntry, "id">, reservedId?: number): number {
    const id = reservedId ?? this.nextLogId++;
    this.log.push({ id, ...entry });
    return id;
  }

  timeBlock(startMs: number, startPerf: number): TimeBlock {
    const duration = (performance.now() - startPerf) / 1000;
    const start = startMs / 1000;
    return {
      start,
      finish: start + duration,
      duration,
      processing: duration,
      date_start: formatDate(startMs, this.state.tz),
      date_finish: formatDate(startMs + duration * 1000, this.state.tz),
      operating_reset_at: Math.floor(start) + 600,
      operating: 0,
    };
  }

  /** One method call after authentication: scope, operating limit, handler. Used for top-level calls and batch sub-calls. */
  callMethod(method: string, params: Params, events: HitEvent[]): Outcome {
    const startMs = this.now();
    const startPerf = performance.now();
    const def = METHODS[method];
    if (def) this.calls[method] = (this.calls[method] ?? 0) + 1;
    try {
      if (!def) throw Errors.methodNotFound();
      if (!this.webhook.scopes.includes(def.scope)) throw Errors.insufficientScope();
      const blockedUntil = this.blocks.get(method);
      if (blockedUntil !== undefined && blockedUntil > performance.now()) throw Errors.operationLimit();
      const emit = (kind: EntityKind, action: EventAction, id: number) => {
        const event = eventName(kind, action);
        // Identical events of one hit are merged (rest/lib/event/buffer.php).
        if (!events.some((e) => e.event === event && e.id === id)) events.push({ event, id });
      };
      const out = def.handler({ state: this.state, params, now: startMs, userId: this.options.userId, emit });
      if (def.creates) this.creates[method] = (this.creates[method] ?? 0) + 1;
      return { ok: true, ...out, time: this.timeBlock(startMs, startPerf) };
    } catch (err) {
      if (err instanceof RestError) return { ok: false, error: err };
      return { ok: false, error: new RestError(400, "ERROR_CORE", err instanceof Error ? err.message : String(err)) };
    }
  }

  /** The webhook check for /rest/<userId>/<secret>/… (§1.4, §4.4). */
  authenticate(userId: string | null, secret: string | null): RestError | null {
    if (userId === null || secret === null) return Errors.noAuth();
    if (this.webhook.requireHttps) return Errors.httpsRequired();
    if (this.webhook.revoked || userId !== String(this.options.userId) || secret !== this.secret) return Errors.invalidCredentials();
    if (this.webhook.block === "plan") return Errors.noRestOnPlan();
    if (this.webhook.block === "overload") return Errors.overload();
    return null;
  }
}

/** "CRM.Lead.Add.json" → "crm.lead.add". */
export function normalizeMethod(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/\.(json|xml)$/, "")
    .trim();
}

export const isKnownMethod = (method: string) => method === "batch" || method in METHODS;
