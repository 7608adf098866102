/**
 * Several app processes on one database (PRODUCT.md §12): two real servers share a SQLite file and a
 * slow emulated Bitrix24 portal; 500 leads through the public form and 1 000 clicks are split between
 * them. Every lead must reach the portal exactly once (the delivery lease), every answered click must
 * be counted once both processes have stopped. Figures go to stdout.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Bitrix24Emulator, startBitrix24Emulator } from "../integrations/bitrix24/emulator/index.js";
import { click, killAppProcesses, postLead, scalar, seedLeadForm, startAppProcess } from "../testing/app-process.js";
import { deliverySeed } from "../testing/delivery-kit.js";

const report = (line: string) => process.stdout.write(`[multi-process figures] ${line}\n`);
const LEADS = 500;
const CLICKS = 1_000;

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  await killAppProcesses();
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Runs `task(i)` for i in [0, count) over `concurrency` parallel loops. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

describe("two processes on one database", () => {
  it("deliver every lead exactly once and count every click", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cabinet-multi-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbUrl = `file:${join(dir, "app.db")}`;
    const form = await seedLeadForm(dbUrl);
    const emu: Bitrix24Emulator = await startBitrix24Emulator({ rateLimit: false, seed: deliverySeed() });
    cleanup.push(() => emu.close());
    emu.control.setLatency(150);

    const env = { B24_WEBHOOK_URL: emu.webhookUrl, UPLOAD_DIR: join(dir, "uploads") };
    const apps = await Promise.all([startAppProcess(dbUrl, env), startAppProcess(dbUrl, env)]);
    const started = performance.now();

    const leadStatuses: Record<string, number> = {};
    let clicksAnswered = 0;
    const clickStatuses: Record<string, number> = {};
    await Promise.all([
      pool(LEADS, 8, async (i) => {
        const status = await postLead(apps[i % 2]?.origin ?? "", form, i).catch((e: unknown) => String(e));
        leadStatuses[status] = (leadStatuses[status] ?? 0) + 1;
      }),
      pool(CLICKS, 8, async (i) => {
        const status = await click(apps[i % 2]?.origin ?? "", form.directCode, i).catch((e: unknown) => String(e));
        clickStatuses[status] = (clickStatuses[status] ?? 0) + 1;
        if (status === 302) clicksAnswered++;
      }),
    ]);
    const postedMs = performance.now() - started;
    expect(leadStatuses).toEqual({ 303: LEADS });
    expect(clickStatuses).toEqual({ 302: CLICKS });

    const deadline = Date.now() + 35_000;
    let done = 0;
    while (Date.now() < deadline) {
      done = await scalar(dbUrl, "select count(*) from delivery_jobs where state = 'done'");
      if (done === LEADS) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const deliveredMs = performance.now() - started;
    const stops = await Promise.all(apps.map((app) => app.stop("SIGTERM")));

    const portalLeads = emu.control.listLeads();
    const perOrigin = new Map<string, number>();
    for (const lead of portalLeads) perOrigin.set(String(lead.ORIGIN_ID), (perOrigin.get(String(lead.ORIGIN_ID)) ?? 0) + 1);
    const duplicates = [...perOrigin].filter(([, n]) => n > 1);
    const requests = emu.control.requests();
    const rolledUp = await scalar(dbUrl, "select coalesce(sum(clicks), 0) from link_daily_stats where link_id = ?", [form.directLinkId]);
    const raw = await scalar(dbUrl, "select count(*) from clicks where link_id = ?", [form.directLinkId]);
    const busy = apps.flatMap((app) => app.output).filter((l) => /SQLITE_BUSY|database is locked/i.test(l));
    report(
      `${LEADS} leads and ${CLICKS} clicks sent to 2 processes in ${Math.round(postedMs)} ms; ${done} delivered after ${Math.round(deliveredMs)} ms ` +
        `(portal latency 150 ms, ${requests.length} portal requests, ${portalLeads.length} leads in the portal, ${duplicates.length} duplicated ORIGIN_IDs)`,
    );
    report(
      `clicks: ${clicksAnswered} answered 302, ${rolledUp} in the daily roll-up, ${raw} raw rows; SIGTERM exits ${stops.map((s) => `${s.code} in ${Math.round(s.ms)} ms`).join(", ")}`,
    );
    if (busy.length > 0) report(`SQLITE_BUSY / locked lines in the logs: ${busy.length}, first: ${busy[0]}`);

    expect(done).toBe(LEADS);
    expect(duplicates).toEqual([]);
    expect(portalLeads.length).toBe(LEADS);
    expect(perOrigin.size).toBe(LEADS);
    expect(await scalar(dbUrl, "select count(distinct b24_lead_id) from clients where b24_lead_id is not null")).toBe(LEADS);
    expect(stops.map((s) => s.code)).toEqual([0, 0]);
    expect(rolledUp).toBe(clicksAnswered);
    expect(raw).toBe(clicksAnswered);
  }, 80_000); // about 40 s on a quiet 2-core machine, most of it the 500 synchronous (FULL) lead writes
});
