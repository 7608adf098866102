/**
 * Delivery under faults, in real time against the emulator on loopback (issue 5, "Targets and faults"):
 * the portal unreachable while 1 000 leads arrive through the landing form, 1 000 queued leads under
 * the 2 req/s (burst 50) limit, the worker process killed with SIGKILL mid-delivery, and unknown
 * outcomes of batch requests. Timers are shortened through the worker's policy; figures go to stdout.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, gt } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../../db/client.js";
import { clients, deliveryJobs } from "../../../db/schema.js";
import { projectPath } from "../../../lib/paths.js";
import { type DeliveryKit, deliverySettings, type KitWorkerOptions, startDeliveryKit } from "../../../testing/delivery-kit.js";
import { createTestApp } from "../../../testing/test-app.js";
import { createLanding } from "../../landings/landings.js";
import { createLink } from "../../links/links.js";
import { originIdOf } from "./delivery.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const report = (line: string) => process.stdout.write(`[delivery figures] ${line}\n`);

/** Polls until `done()` or the deadline; returns how long it took. */
async function waitFor(done: () => Promise<boolean>, deadlineMs: number, what: string): Promise<number> {
  const start = performance.now();
  while (!(await done())) {
    if (performance.now() - start > deadlineMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
  return performance.now() - start;
}

const sent = (db: Db) => db.$count(clients, eq(clients.deliveryState, "sent"));

/** Every client delivered exactly once: one portal lead per ORIGIN_ID, and it is the one the client points to. */
async function expectExactlyOnce(k: DeliveryKit, count: number) {
  const leads = k.emu.control.listLeads();
  expect(leads).toHaveLength(count);
  const counters = k.emu.control.counters();
  expect(counters.uniqueOriginIds.lead).toBe(count);
  expect(counters.duplicateOriginIds.lead).toEqual([]);
  const byOrigin = new Map(leads.map((l) => [String(l.ORIGIN_ID), Number(l.ID)]));
  const rows = await k.t.db.select({ id: clients.id, leadId: clients.b24LeadId, state: clients.deliveryState }).from(clients);
  expect(rows).toHaveLength(count);
  for (const r of rows) expect(r).toEqual({ id: r.id, leadId: byOrigin.get(originIdOf(r.id)), state: "sent" });
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

/** A worker on a real timer with real time and short retries. */
function realTimeWorker(k: DeliveryKit, over: KitWorkerOptions = {}) {
  const w = k.worker(deliverySettings(), {
    now: Date.now,
    intervalMs: 20,
    batchSize: 200,
    ...over,
    policy: { retryDelayMs: (attempts) => Math.min(2_000, 100 * 2 ** attempts), maxAttempts: 30, unknownOutcomeDelayMs: 500, leaseMs: 10_000, ...over.policy },
  });
  cleanup.push(() => w.stop());
  return w;
}

describe("delivery faults", () => {
  it("(a) Bitrix24 unreachable while 1 000 leads arrive through the landing form: no form waits, all arrive exactly once after recovery", async () => {
    const t = await createTestApp();
    // Throughput under the rate limit is (b)'s subject; here the portal is unlimited so recovery is quick.
    const k = await startDeliveryKit({ rateLimit: false, on: t });
    cleanup.push(() => k.close());
    const partner = await k.givenPartner();
    const landing = await createLanding(
      t.db,
      partner.id,
      { title: "L", headerText: "H", description: "D", buttonText: "B", themeColor: "#1a73e8" },
      t.clock.now,
    );
    const utm = { utmSource: "partner", utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
    const link = await createLink(t.db, partner.id, { title: "L", linkType: "landing", targetUrl: null, landingId: landing.id, ...utm }, t.clock.now);
    await k.emu.control.setDown(true);
    realTimeWorker(k);

    // 1 000 visitors open the form, "type" for 6 s (app clock), then submit while the worker keeps failing.
    t.clock.now = Date.now() - 60_000;
    const tokens: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      const html = await (await t.request(`/l/${link.code}`)).text();
      tokens.push(html.match(/name="form_token" value="([^"]+)"/)?.[1] ?? "");
    }
    t.clock.advance(6_000);
    const times: number[] = [];
    const started = performance.now();
    for (const [i, token] of tokens.entries()) {
      const form = {
        name: `Visitor ${i}`,
        phone: `+7917${String(10_000_000 + i).slice(1)}`,
        email: "",
        company: "",
        comment: "",
        website: "",
        form_token: token,
      };
      const before = performance.now();
      const res = await t.request(`/l/${link.code}`, { form, ip: `10.1.${i >> 8}.${i & 255}` });
      times.push(performance.now() - before);
      expect(res.status).toBe(303);
      // Requests reach a server through its socket, so its event loop turns between them and the worker's
      // timer runs; in-process, the in-memory database answers through microtasks only and would starve it.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const total = performance.now() - started;
    times.sort((a, b) => a - b);
    const q = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))] ?? 0;
    report(
      `(a) 1000 form posts while Bitrix24 is down: ${total.toFixed(0)} ms in all, median ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${q(1).toFixed(1)} ms`,
    );
    // A form that waited for Bitrix24 would take at least the client's 2 s timeout.
    expect(q(1)).toBeLessThan(1_000);
    expect(k.emu.control.listLeads()).toHaveLength(0);
    expect(await t.db.$count(deliveryJobs, eq(deliveryJobs.state, "done"))).toBe(0);
    expect(await t.db.$count(deliveryJobs, gt(deliveryJobs.attempts, 0))).toBeGreaterThan(0); // the worker did try, and failed

    await k.emu.control.setDown(false);
    const recovery = await waitFor(async () => (await sent(t.db)) === 1_000, 30_000, "recovery");
    report(`(a) after recovery all 1000 delivered in ${recovery.toFixed(0)} ms with ${k.emu.control.counters().requests} requests`);
    await expectExactlyOnce(k, 1_000);
  }, 60_000);

  it("(b) 1 000 queued leads under the 2 req/s, burst 50 limit are delivered in ≤ 30 s through batch", async () => {
    const k = await startDeliveryKit({ rateLimit: { perSecond: 2, burst: 50 } });
    cleanup.push(() => k.close());
    const partner = await k.givenPartner();
    await k.givenClients(partner.id, 1_000, () => ({}), Date.now());
    realTimeWorker(k, { client: k.b24({ rate: { perSecond: 2, burst: 50 }, maxRetries: 3, sleep: undefined }) });
    const elapsed = await waitFor(async () => (await sent(k.t.db)) === 1_000, 30_000, "1000 leads");
    const counters = k.emu.control.counters();
    report(
      `(b) 1000 leads under 2 req/s burst 50: ${elapsed.toFixed(0)} ms, ${counters.requests} requests (${counters.callsByMethod["crm.lead.add"]} crm.lead.add inside ${counters.callsByMethod.batch} batch), ${counters.rateLimited} refused by the portal; one request per lead would need ≥ ${((1_000 - 45) / 2).toFixed(0)} s`,
    );
    expect(elapsed).toBeLessThanOrEqual(30_000);
    expect(counters.requests).toBe(20);
    expect(counters.rateLimited).toBe(0);
    await expectExactlyOnce(k, 1_000);
  }, 45_000);

  it("(c) the worker process killed with SIGKILL mid-delivery: after a restart no lead is lost and none duplicated", async () => {
    const dir = mkdtempSync(join(tmpdir(), "delivery-kill-"));
    const databaseUrl = `file:${join(dir, "app.db")}`;
    const k = await startDeliveryKit({ rateLimit: false, databaseUrl });
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanup.push(() => k.close());
    const partner = await k.givenPartner();
    await k.givenClients(partner.id, 400, () => ({}), Date.now());
    // Each request takes 250 ms, so the kill lands while a batch is on the wire.
    k.emu.control.setLatency(250);
    const leaseMs = 1_500;
    const start = () => {
      const child = spawn(process.execPath, ["--import", "tsx", projectPath("src/testing/delivery-child.ts"), databaseUrl, k.emu.webhookUrl, String(leaseMs)], {
        cwd: projectPath(),
        stdio: ["ignore", "pipe", "inherit"],
      });
      cleanup.push(() => {
        if (child.exitCode === null) child.kill("SIGKILL");
      });
      return child;
    };

    const first = start();
    await waitFor(async () => k.emu.control.counters().requests >= 3, 20_000, "the third batch request");
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    await sleep(400); // the portal finishes the request the dead worker was waiting for
    const delivered = await sent(k.t.db);
    const inPortal = k.emu.control.listLeads().length;
    const claimed = await k.t.db.$count(deliveryJobs, eq(deliveryJobs.state, "sending"));
    report(`(c) killed with ${delivered} leads recorded, ${inPortal} in the portal, ${claimed} jobs held by the dead process`);
    expect(delivered).toBeLessThan(400);
    expect(inPortal).toBeGreaterThan(delivered); // created in Bitrix24, never recorded: the restart must find them
    expect(claimed).toBeGreaterThan(0);

    const restarted = Date.now();
    const second = start();
    await waitFor(async () => (await sent(k.t.db)) === 400, 25_000, "delivery after the restart");
    report(`(c) after the restart all 400 delivered in ${Date.now() - restarted} ms (lease ${leaseMs} ms)`);
    second.kill("SIGTERM");
    await new Promise((resolve) => second.once("exit", resolve));
    await expectExactlyOnce(k, 400);
  }, 45_000);

  it("(d) unknown outcomes of batch requests (answer lost after commit, request timed out but committed later) never duplicate", async () => {
    const k = await startDeliveryKit({ rateLimit: false });
    cleanup.push(() => k.close());
    const partner = await k.givenPartner();
    await k.givenClients(partner.id, 300, () => ({}), Date.now());
    // Pass 1 (200 jobs): its second request is stored by the portal and then the connection is cut.
    // Pass 2 (100 jobs): its first request is answered after 1.2 s, long after the client's 400 ms timeout.
    let batchCalls = 0;
    const client = k.b24({
      timeoutMs: 400,
      fetch: async (url, init) => {
        if (String(url).endsWith("/batch.json")) {
          batchCalls++;
          if (batchCalls === 2) k.emu.control.injectFault({ kind: "commit-then-reset", method: "batch" });
          if (batchCalls === 5) k.emu.control.injectFault({ kind: "hang", ms: 1_200, method: "batch" });
        }
        return fetch(url, init);
      },
    });
    realTimeWorker(k, { client, policy: { unknownOutcomeDelayMs: 1_500 } });
    const elapsed = await waitFor(async () => (await sent(k.t.db)) === 300, 20_000, "300 leads");
    report(`(d) 300 leads through a lost answer and a late commit: ${elapsed.toFixed(0)} ms, ${k.emu.control.counters().requests} requests`);
    expect(k.emu.control.counters().faulted).toBe(2);
    await expectExactlyOnce(k, 300);
  }, 30_000);
});
