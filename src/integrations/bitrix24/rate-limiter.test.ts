import { describe, expect, it } from "vitest";
import { createBitrix24Client } from "./client.js";
import { createRateLimiter, type Permit, type RateLimiter } from "./rate-limiter.js";

/** Virtual time: sleeps resolve only when `run` advances the clock to them, earliest first. */
class FakeClock {
  t = 0;
  #seq = 0;
  #timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  now = () => this.t;
  sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      this.#timers.push({ at: this.t + Math.max(0, ms), seq: this.#seq++, resolve });
    });

  /** Advances virtual time until `promise` settles. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let i = 0; i < 100_000; i++) {
      for (let j = 0; j < 5; j++) await new Promise((r) => setImmediate(r)); // let fetch fakes and streams finish
      if (settled) return promise;
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift();
      if (!next) throw new Error("deadlock: nothing scheduled and the promise is pending");
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
    throw new Error("too many timer steps");
  }
}

async function grant(limiter: RateLimiter, method = "crm.deal.get"): Promise<Permit> {
  const r = await limiter.acquire(method);
  if (!r.ok) throw new Error(`blocked for ${r.blockedForMs}`);
  return r.permit;
}

/** Times (virtual ms) at which `count` sequential callers got their slots. */
async function sendTimes(clock: FakeClock, limiter: RateLimiter, count: number): Promise<number[]> {
  const times: number[] = [];
  await clock.run(
    Promise.all(
      Array.from({ length: count }, async () => {
        const p = await grant(limiter);
        times.push(p.sentAt);
        limiter.settle(p, "answered");
      }),
    ),
  );
  return times.sort((a, b) => a - b);
}

describe("leaky bucket", () => {
  it("bursts 50 − 10 % reserve = 45 at once by default, then 2 per second", async () => {
    const clock = new FakeClock();
    const times = await sendTimes(clock, createRateLimiter({ perSecond: 2, burst: 50 }, clock), 55);
    expect(times.slice(0, 45).every((t) => t === 0)).toBe(true);
    expect(times.slice(45)).toEqual([500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000]);
  });

  it("with no reserve, uses the portal's whole bucket", async () => {
    const clock = new FakeClock();
    const times = await sendTimes(clock, createRateLimiter({ perSecond: 2, burst: 50, reserve: 0 }, clock), 51);
    expect(times.slice(0, 50).every((t) => t === 0)).toBe(true);
    expect(times[50]).toBe(500);
  });

  it("never exceeds burst + rate·t in any window (what the portal counts)", async () => {
    const clock = new FakeClock();
    const times = await sendTimes(clock, createRateLimiter({ perSecond: 5, burst: 10, reserve: 0 }, clock), 200);
    for (const start of times) {
      for (const windowMs of [1000, 5000, 20_000]) {
        const inWindow = times.filter((t) => t >= start && t < start + windowMs).length;
        expect(inWindow).toBeLessThanOrEqual(10 + (5 * windowMs) / 1000);
      }
    }
    expect(times.at(-1)).toBe((200 - 10) * 200);
  });

  it("has a configurable burst (1 = evenly spaced)", async () => {
    const clock = new FakeClock();
    expect(await sendTimes(clock, createRateLimiter({ perSecond: 4, burst: 1 }, clock), 4)).toEqual([0, 250, 500, 750]);
  });

  it("refills while idle", async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perSecond: 2, burst: 3, reserve: 0 }, clock);
    await sendTimes(clock, limiter, 3);
    clock.t = 10_000;
    expect(await sendTimes(clock, limiter, 3)).toEqual([10_000, 10_000, 10_000]);
  });

  it("can be disabled", async () => {
    const clock = new FakeClock();
    const times = await sendTimes(clock, createRateLimiter(false, clock), 500);
    expect(times.every((t) => t === 0)).toBe(true);
  });

  it("rejects nonsense settings", () => {
    expect(() => createRateLimiter({ perSecond: 0, burst: 50 })).toThrow(RangeError);
    expect(() => createRateLimiter({ perSecond: 2, burst: 0 })).toThrow(RangeError);
  });
});

describe("503 QUERY_LIMIT_EXCEEDED pause", () => {
  it("pauses every call 1 s, doubling up to 60 s, and a success resets the step", async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perSecond: 1000, burst: 1000 }, clock);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const p = await clock.run(grant(limiter));
      limiter.settle(p, "rate_limited");
      const before = clock.t;
      const next = await clock.run(grant(limiter));
      waits.push(next.sentAt - before);
      limiter.settle(next, "no_answer");
    }
    // consecutive 503s double the pause; a probe without an answer neither escalates nor resets it
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    const step = createRateLimiter({ perSecond: 1000, burst: 1000 }, clock);
    const seen: number[] = [];
    for (let i = 0; i < 9; i++) {
      const p = await clock.run(grant(step));
      seen.push(step.settle(p, "rate_limited"));
    }
    expect(seen).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    const p = await clock.run(grant(step));
    step.settle(p, "answered");
    const q = await clock.run(grant(step));
    expect(step.settle(q, "rate_limited")).toBe(1000);
  });

  it("holds back callers of every method until the pause is over", async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perSecond: 2, burst: 50 }, clock);
    const p = await clock.run(grant(limiter, "crm.lead.add"));
    clock.t = 100;
    limiter.settle(p, "rate_limited");
    const other = await clock.run(grant(limiter, "crm.status.list"));
    expect(other.sentAt).toBe(1100);
  });

  it("escalates once for a wave of parallel requests that fail together", async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perSecond: 2, burst: 50 }, clock);
    const wave = await clock.run(Promise.all([grant(limiter), grant(limiter), grant(limiter), grant(limiter), grant(limiter)]));
    clock.t = 50;
    const applied = wave.map((p) => limiter.settle(p, "rate_limited"));
    expect(applied).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(limiter.stats.pauses).toBe(1);
  });

  it("after a pause lets one probe through and parks the others until it is answered", async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perSecond: 2, burst: 50 }, clock);
    limiter.settle(await clock.run(grant(limiter)), "rate_limited");
    const order: string[] = [];
    const probe = grant(limiter).then((p) => {
      order.push(`probe@${clock.t}`);
      return p;
    });
    const parked = [1, 2, 3].map((i) =>
      grant(limiter).then((p) => {
        order.push(`caller${i}@${clock.t}`);
        limiter.settle(p, "answered");
      }),
    );
    const p = await clock.run(probe);
    expect(p.probe).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(["probe@1000"]);
    clock.t = 1200;
    limiter.settle(p, "answered");
    await clock.run(Promise.all(parked));
    // after a 503 the bucket counts as full: the others follow at the drain rate, not as a burst
    expect(order).toEqual(["probe@1000", "caller1@1500", "caller2@2000", "caller3@2500"]);
  });

  it("a probe without an answer (timeout, reset) hands the probe to the next caller", async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perSecond: 100, burst: 100 }, clock);
    limiter.settle(await clock.run(grant(limiter)), "rate_limited");
    const first = await clock.run(grant(limiter));
    const second = grant(limiter);
    await new Promise((r) => setImmediate(r));
    limiter.settle(first, "no_answer");
    const p = await clock.run(second);
    expect(p.probe).toBe(true);
  });
});

describe("429 OPERATION_TIME_LIMIT per-method pause", () => {
  it("blocks only that method for 10 minutes, case-insensitively", async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perSecond: 2, burst: 50 }, clock);
    expect(limiter.onOperationLimit("crm.deal.list")).toBe(600_000);
    expect(await limiter.acquire("CRM.DEAL.LIST")).toEqual({ ok: false, blockedForMs: 600_000 });
    expect((await limiter.acquire("crm.deal.get")).ok).toBe(true);
    clock.t = 599_999;
    expect(limiter.blockedFor("crm.deal.list")).toBe(1);
    clock.t = 600_000;
    expect((await limiter.acquire("crm.deal.list")).ok).toBe(true);
  });

  it("uses a later reset time when the portal told us one", () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perSecond: 2, burst: 50, methodPauseMs: 60_000 }, clock);
    expect(limiter.onOperationLimit("crm.lead.list", 90_000)).toBe(90_000);
    expect(limiter.onOperationLimit("crm.lead.get")).toBe(60_000);
  });
});

describe("SECURITY.md F2 through the client", () => {
  it("sends at most 10 requests during 30 s of 503s from 5 parallel callers, then delivers all", async () => {
    const clock = new FakeClock();
    const sentAt: number[] = [];
    const fetch = (async () => {
      sentAt.push(clock.t);
      const body = clock.t < 30_000 ? { error: "QUERY_LIMIT_EXCEEDED", error_description: "Too many requests" } : { result: 1, time: {} };
      return new Response(JSON.stringify(body), { status: clock.t < 30_000 ? 503 : 200, headers: { "Content-Type": "application/json" } });
    }) as typeof globalThis.fetch;
    const client = createBitrix24Client({
      webhookUrl: "https://portal.example/rest/1/abcdef123456/",
      fetch,
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      maxRetries: 100,
    });
    const ids = await clock.run(Promise.all(Array.from({ length: 5 }, (_, i) => client.addLead({ title: `t${i}`, originId: `o${i}` }))));
    expect(ids).toEqual(Array.from({ length: 5 }, () => ({ id: 1 })));
    expect(sentAt.filter((t) => t < 30_000).length).toBeLessThanOrEqual(10);
    expect(sentAt.filter((t) => t > 0 && t < 1000)).toEqual([]); // the first pause holds everyone back
  });
});
