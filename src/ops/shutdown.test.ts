/**
 * Graceful shutdown of the real server (PRODUCT.md §12, src/server.ts): SIGTERM during a burst of clicks
 * and slow Bitrix24 deliveries. Every 302'd click must be in the database, every lead the portal
 * created must be recorded once (the delivery pass in flight is awaited), and the process must exit
 * within its 10 s deadline — also when a delivery hangs, which it then cuts short. Figures go to stdout.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Bitrix24Emulator, startBitrix24Emulator } from "../integrations/bitrix24/emulator/index.js";
import { type AppProcess, click, killAppProcesses, postLead, type SeededForm, scalar, seedLeadForm, startAppProcess } from "../testing/app-process.js";
import { deliverySeed } from "../testing/delivery-kit.js";

const report = (line: string) => process.stdout.write(`[shutdown figures] ${line}\n`);
const DEADLINE_MS = 10_000;

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  await killAppProcesses();
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setUp(latencyMs: number, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "cabinet-shutdown-"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const dbUrl = `file:${join(dir, "app.db")}`;
  const form = await seedLeadForm(dbUrl);
  const emu: Bitrix24Emulator = await startBitrix24Emulator({ rateLimit: false, seed: deliverySeed() });
  cleanup.push(() => emu.close());
  emu.control.setLatency(latencyMs);
  const app = await startAppProcess(dbUrl, { B24_WEBHOOK_URL: emu.webhookUrl, UPLOAD_DIR: join(dir, "uploads"), LOG_LEVEL: "info", ...env });
  return { dbUrl, form, emu, app };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sending = (dbUrl: string) => scalar(dbUrl, "select count(*) from delivery_jobs where state = 'sending'");

async function waitFor(ok: () => Promise<boolean>, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`condition not met in ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Clicks /r/ over 16 loops until the server stops answering; counts the 302s. */
function clickBurst(app: AppProcess, form: SeededForm) {
  let answered = 0;
  let next = 0;
  let refused = 0;
  const loops = Array.from({ length: 16 }, async () => {
    for (;;) {
      const status = await click(app.origin, form.directCode, next++).catch(() => 0);
      if (status === 302) answered++;
      else if (++refused > 50 || !app.running()) return;
    }
  });
  return { done: Promise.all(loops), answered: () => answered };
}

/** Leads in the portal per ORIGIN_ID that appear more than once. */
const duplicatedOrigins = (emu: Bitrix24Emulator) => {
  const counts = new Map<string, number>();
  for (const lead of emu.control.listLeads()) counts.set(String(lead.ORIGIN_ID), (counts.get(String(lead.ORIGIN_ID)) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1);
};

const logLine = (app: AppProcess, msg: string) =>
  app.output.map((l) => (l.startsWith("{") ? (JSON.parse(l) as Record<string, unknown>) : {})).find((l) => l.msg === msg);

describe("SIGTERM", () => {
  it("during a click burst and slow deliveries: every 302'd click stored, in-flight deliveries recorded once, exit within the deadline", async () => {
    const { dbUrl, form, emu, app } = await setUp(400);
    // Leads keep arriving until the signal, so the worker always has a slow delivery pass going.
    let posted = 0;
    let leadsOn = true;
    const leads = (async () => {
      while (leadsOn && app.running()) if ((await postLead(app.origin, form, posted).catch(() => 0)) === 303) posted++;
    })();
    await waitFor(async () => (await sending(dbUrl)) > 0 && emu.control.listLeads().length > 0);
    const burst = clickBurst(app, form);
    while (burst.answered() < 300) await sleep(10);
    await waitFor(async () => (await sending(dbUrl)) > 0);
    const sendingAtSignal = await sending(dbUrl);
    const inPortalAtSignal = emu.control.listLeads().length;
    const stop = await app.stop("SIGTERM", DEADLINE_MS + 5_000);
    leadsOn = false;
    await Promise.all([burst.done, leads]);
    await sleep(500); // a request still on the portal would land now: none may be left unrecorded

    const stored = await scalar(dbUrl, "select count(*) from clicks where link_id = ?", [form.directLinkId]);
    const rolledUp = await scalar(dbUrl, "select coalesce(sum(clicks), 0) from link_daily_stats where link_id = ?", [form.directLinkId]);
    const done = await scalar(dbUrl, "select count(*) from delivery_jobs where state = 'done'");
    const inPortal = emu.control.listLeads().length;
    const stopped = logLine(app, "stopped");
    report(
      `exit ${stop.code} after ${Math.round(stop.ms)} ms (server's own figure ${String(stopped?.ms)} ms); clicks: ${burst.answered()} answered 302, ${stored} stored, ${rolledUp} rolled up; ` +
        `leads: ${posted} posted, ${sendingAtSignal} being delivered and ${inPortalAtSignal} in the portal at the signal, ${inPortal} in the portal after, ${done} recorded as delivered`,
    );
    expect(stop.killed).toBe(false);
    expect(stop.code).toBe(0);
    expect(stop.ms).toBeLessThan(DEADLINE_MS);
    expect(stored).toBe(burst.answered());
    expect(rolledUp).toBe(burst.answered());
    expect(duplicatedOrigins(emu)).toEqual([]);
    // The pass in flight was awaited: whatever the portal created is recorded on our side.
    expect(sendingAtSignal).toBeGreaterThan(0);
    expect(done).toBe(inPortal);
    expect(stopped).toMatchObject({ clicksDropped: 0 });
  }, 60_000);

  it("exits after the 10 s deadline with a log line when a delivery hangs, clicks still written", async () => {
    // Deals: a pass first looks the contacts up (a read, retried after each 10 s client timeout), and
    // every portal answer takes a minute, so the pass in flight runs far past the deadline.
    const { dbUrl, form, app } = await setUp(60_000, { B24_ENTITY_TYPE: "deal" });
    const statuses = await Promise.all(Array.from({ length: 6 }, (_, i) => postLead(app.origin, form, i)));
    expect(statuses).toEqual(Array(6).fill(303));
    await waitFor(async () => (await sending(dbUrl)) > 0);
    await sleep(200); // the claimed job's request is on its way to the portal
    const burst = clickBurst(app, form);
    while (burst.answered() < 100) await sleep(10);
    const stop = await app.stop("SIGTERM", DEADLINE_MS + 5_000);
    await burst.done;
    const stored = await scalar(dbUrl, "select count(*) from clicks where link_id = ?", [form.directLinkId]);
    const line = logLine(app, "shutdown deadline passed: exiting with work unfinished");
    report(
      `hung delivery: exit ${stop.code} after ${Math.round(stop.ms)} ms; clicks ${burst.answered()} answered, ${stored} stored; log: ${JSON.stringify(line)}`,
    );
    expect(stop.killed).toBe(false);
    expect(stop.code).toBe(1);
    expect(stop.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
    expect(stop.ms).toBeLessThan(DEADLINE_MS + 2_000);
    expect(line).toMatchObject({ clicksBuffered: 0 });
    expect(stored).toBe(burst.answered());
    expect(await scalar(dbUrl, "select count(*) from delivery_jobs where state = 'done'")).toBe(0);
  }, 60_000);
});
