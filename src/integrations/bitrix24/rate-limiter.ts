/**
 * Client-side throttle for one portal (BITRIX24.md §4.1–§4.3, SECURITY.md F2).
 *
 * - Leaky bucket under the portal's: `burst - reserve` requests at once, then `perSecond`. Implemented as GCRA
 *   (a theoretical arrival time), so concurrent callers reserve consecutive slots without a queue.
 * - 503 QUERY_LIMIT_EXCEEDED: every call pauses, 1 s then doubling up to 60 s while 503s continue;
 *   a success resets the step. A 503 to a request sent before the current pause began does not escalate it,
 *   so N parallel requests that fail together double the pause once, not N times. After a pause one request
 *   goes alone as a probe; the others wait for its answer (no wave of parallel retries into a full bucket).
 * - 429 OPERATION_TIME_LIMIT: that one method is blocked for 10 minutes; other methods keep going.
 */

export interface RateLimitOptions {
  /** Drain rate of the bucket (portal: 2/s, Enterprise 5/s). */
  perSecond: number;
  /** The portal's bucket size (portal: 50, Enterprise 250). */
  burst: number;
  /**
   * Slots of the portal's bucket we leave free, so network jitter (requests arriving bunched) or another app
   * on our IP does not tip it over. Default: 10 % of `burst`, rounded up (50 → we burst 45).
   */
  reserve?: number;
  /** First pause after a 503 QUERY_LIMIT_EXCEEDED. */
  pauseBaseMs?: number;
  /** Longest pause after repeated 503s. */
  pauseCapMs?: number;
  /** How long a method is blocked after a 429. */
  methodPauseMs?: number;
}

export interface Clock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A granted slot; hand it back to `settle` with the outcome of the request. */
export interface Permit {
  /** When the slot was granted, i.e. when the request left. */
  readonly sentAt: number;
  /** This request tests whether the portal accepts us again after a 503 pause. */
  readonly probe: boolean;
}

export type AcquireResult = { ok: true; permit: Permit; waitedMs: number } | { ok: false; blockedForMs: number };

/** answered: any HTTP answer except 503 QUERY_LIMIT_EXCEEDED; rate_limited: that 503; no_answer: timeout or network. */
export type Outcome = "answered" | "rate_limited" | "no_answer";

export interface RateLimiter {
  /** Waits for a slot (and for any global pause). Refuses at once when the method is blocked by a 429. */
  acquire(method: string): Promise<AcquireResult>;
  /** Reports how a request that got `permit` ended. Returns the global pause now in force (ms). */
  settle(permit: Permit, outcome: Outcome): number;
  /** Record a 429 for `method`; `untilMs` (absolute) extends the default block when known. Returns the block (ms). */
  onOperationLimit(method: string, untilMs?: number): number;
  /** Milliseconds until `method` may be called (0 when free now); ignores the bucket. */
  blockedFor(method: string): number;
  readonly stats: { readonly pauses: number; readonly pausedUntil: number };
}

export const DEFAULT_RATE: Required<Omit<RateLimitOptions, "reserve">> = {
  perSecond: 2,
  burst: 50,
  pauseBaseMs: 1_000,
  pauseCapMs: 60_000,
  methodPauseMs: 10 * 60_000,
};

export function createRateLimiter(options: RateLimitOptions | false, clock: Clock = realClock): RateLimiter {
  const o = options === false ? null : { ...DEFAULT_RATE, ...options };
  if (o && (!(o.perSecond > 0) || !(o.burst >= 1))) throw new RangeError("rate.perSecond must be > 0 and rate.burst >= 1");
  const interval = o ? 1000 / o.perSecond : 0; // ms per request
  const reserve = o ? Math.min(o.burst - 1, Math.max(0, Math.floor(o.reserve ?? Math.ceil(o.burst * 0.1)))) : 0;
  const tolerance = o ? (o.burst - reserve - 1) * interval : 0; // how far ahead of "now" the bucket may run
  const pauseBase = o?.pauseBaseMs ?? DEFAULT_RATE.pauseBaseMs;
  const pauseCap = o?.pauseCapMs ?? DEFAULT_RATE.pauseCapMs;
  const methodPause = o?.methodPauseMs ?? DEFAULT_RATE.methodPauseMs;

  let tat = Number.NEGATIVE_INFINITY; // theoretical arrival time of the next request
  let pausedUntil = 0;
  let pauseStartedAt = Number.NEGATIVE_INFINITY;
  let nextPause = pauseBase;
  let pauses = 0;
  const blockedUntil = new Map<string, number>();

  const keyOf = (method: string) => method.toLowerCase();

  function blockedFor(method: string): number {
    const until = blockedUntil.get(keyOf(method));
    if (until === undefined) return 0;
    const left = until - clock.now();
    if (left <= 0) {
      blockedUntil.delete(keyOf(method));
      return 0;
    }
    return left;
  }

  let probeNeeded = false;
  let probeInFlight = false;
  let waiters: Array<() => void> = [];
  const wakeAll = () => {
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve();
  };

  /** Waits out the global pause; after one, lets a single probe through and parks the rest until it answers. */
  async function passPause(): Promise<boolean> {
    for (;;) {
      const now = clock.now();
      if (pausedUntil > now) {
        await clock.sleep(pausedUntil - now);
        continue;
      }
      if (!probeNeeded) return false;
      if (!probeInFlight) {
        probeInFlight = true;
        return true;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }

  async function acquire(method: string): Promise<AcquireResult> {
    const started = clock.now();
    const blocked = blockedFor(method);
    if (blocked > 0) return { ok: false, blockedForMs: blocked };
    // Pause first, so slots are not reserved while the portal refuses everything.
    let probe = await passPause();
    if (o) {
      const now = clock.now();
      const arrival = Math.max(tat, now);
      const earliest = arrival - tolerance;
      tat = arrival + interval; // reserve the slot before sleeping: the next caller queues behind it
      if (earliest > now) await clock.sleep(earliest - now);
    }
    // A 503 may have arrived while we slept in the bucket; honour the pause it started.
    if (!probe && (pausedUntil > clock.now() || probeNeeded)) probe = await passPause();
    const now = clock.now();
    return { ok: true, permit: { sentAt: now, probe }, waitedMs: now - started };
  }

  function settle(permit: Permit, outcome: Outcome): number {
    const now = clock.now();
    if (outcome === "answered") {
      nextPause = pauseBase;
      probeNeeded = false;
      probeInFlight = false;
      wakeAll();
    } else if (outcome === "rate_limited" && permit.sentAt > pauseStartedAt) {
      const pause = nextPause;
      nextPause = Math.min(pauseCap, nextPause * 2);
      pauseStartedAt = now;
      pausedUntil = Math.max(pausedUntil, now + pause);
      pauses++;
      probeNeeded = true;
      probeInFlight = false;
      // The portal's bucket is full: after the pause, go on at the drain rate instead of bursting again.
      if (o) tat = Math.max(tat, pausedUntil + tolerance);
      wakeAll();
    } else if (permit.probe) {
      probeInFlight = false; // the probe learnt nothing: the next caller probes again
      wakeAll();
    }
    return Math.max(0, pausedUntil - now);
  }

  function onOperationLimit(method: string, untilMs?: number): number {
    const now = clock.now();
    const until = Math.max(untilMs ?? 0, now + methodPause);
    blockedUntil.set(keyOf(method), until);
    return until - now;
  }

  return {
    acquire,
    settle,
    onOperationLimit,
    blockedFor,
    get stats() {
      return { pauses, pausedUntil };
    },
  };
}
