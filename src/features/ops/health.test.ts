/** GET /healthz: the figures, 503 without a database, no secrets, cheap queries, and the Docker HEALTHCHECK. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { deliveryJobs } from "../../db/schema.js";
import { projectPath } from "../../lib/paths.js";
import { leadInput } from "../../testing/delivery-kit.js";
import { givenPartner } from "../../testing/fixtures.js";
import { createTestApp, FIXED_NOW } from "../../testing/test-app.js";
import { createClient } from "../clients/clients.js";
import { RECONCILED_AT_KEY } from "../crm/sync/sync.js";
import { createLink } from "../links/links.js";
import { setSetting } from "../settings/settings.js";
import { QUEUE_SQL, readHealth, SCAN_CAP } from "./health.js";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const WEBHOOK = "https://secret-portal.bitrix24.ru/rest/7/s3cr3tw3bh00kc0de/";
const APP_TOKEN = "app-token-0123456789abcdef";

describe("GET /healthz", () => {
  it("reports the database, the outbox, dead letters, buffered clicks, the CRM sync and the uptime", async () => {
    const t = await createTestApp();
    const partner = await givenPartner(t.db);
    for (let i = 0; i < 4; i++) {
      const created = await createClient(t.db, partner.id, leadInput(i), FIXED_NOW - (4 - i) * 60_000);
      expect(created.ok).toBe(true);
    }
    const jobs = await t.db.select().from(deliveryJobs).orderBy(deliveryJobs.id);
    await t.db
      .update(deliveryJobs)
      .set({ state: "dead" })
      .where(eq(deliveryJobs.id, jobs[0]?.id ?? 0));
    await t.db
      .update(deliveryJobs)
      .set({ state: "sending", leaseUntil: FIXED_NOW + 60_000 })
      .where(eq(deliveryJobs.id, jobs[1]?.id ?? 0));
    await setSetting(t.db, RECONCILED_AT_KEY, String(FIXED_NOW - 600_000), FIXED_NOW);
    const link = await createLink(
      t.db,
      partner.id,
      { title: "x", targetUrl: "https://example.com/", utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
      FIXED_NOW,
    );
    expect((await t.request(`/r/${link.code}`, { headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0" } })).status).toBe(302);

    const res = await t.request("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body).toEqual({
      status: "ok",
      db: "ok",
      uptimeS: expect.any(Number),
      // The oldest waiting job is the second lead (the first is dead): queued 3 minutes before "now".
      delivery: { depth: 3, pending: 2, sending: 1, dead: 1, oldestPendingAgeS: 180, capped: false },
      clicks: { buffered: 1, dropped: 0 },
      crm: { configured: false, queued: 0, lastReconciledAt: new Date(FIXED_NOW - 600_000).toISOString() },
    });
    await t.clicks.flush();
    expect((await (await t.request("/healthz")).json()).clicks.buffered).toBe(0);
    // Not in the request log: Docker polls it.
    expect(t.logLines.filter((l) => l.includes("/healthz"))).toEqual([]);
  });

  it("reports an empty queue as zeros and no oldest job", async () => {
    const t = await createTestApp();
    const body = await (await t.request("/healthz")).json();
    expect(body.delivery).toEqual({ depth: 0, pending: 0, sending: 0, dead: 0, oldestPendingAgeS: null, capped: false });
    expect(body.crm).toEqual({ configured: false, queued: 0, lastReconciledAt: null });
  });

  it("answers 503 when the database is gone", async () => {
    const t = await createTestApp();
    t.close();
    const res = await t.request("/healthz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "error", db: "unreachable", delivery: null, crm: null });
  });

  it("never shows the webhook URL, the application token or an e-mail, with the CRM configured", async () => {
    const t = await createTestApp({ B24_WEBHOOK_URL: WEBHOOK, B24_APPLICATION_TOKEN: APP_TOKEN });
    const partner = await givenPartner(t.db, { email: "visible-partner@example.ru" });
    await createClient(t.db, partner.id, leadInput(1, { email: "lead-person@example.ru" }), FIXED_NOW);
    await t.db.update(deliveryJobs).set({ state: "dead", lastError: `POST ${WEBHOOK}crm.lead.add failed` });
    const res = await t.request("/healthz");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text).crm.configured).toBe(true);
    expect(JSON.parse(text).delivery.dead).toBe(1);
    for (const secret of [WEBHOOK, "s3cr3tw3bh00kc0de", "secret-portal", APP_TOKEN, "@", "crm.lead.add"]) expect(text).not.toContain(secret);
  });

  it("reads the queues through their indexes, never a table scan", async () => {
    const t = await createTestApp();
    // readHealth's statement, planned by SQLite: every delivery_jobs / crm_sync_queue access is an index search.
    const rows = (await t.client.execute({ sql: `explain query plan ${QUEUE_SQL}`, args: ["k"] })).rows.map((r) => String(r.detail));
    const tableReads = rows.filter((d) => /delivery_jobs|crm_sync_queue/.test(d));
    expect(tableReads.length).toBeGreaterThan(0);
    for (const d of tableReads) expect(d).toMatch(/^SEARCH .* USING (COVERING INDEX|INTEGER PRIMARY KEY|INDEX)/);
  });

  it("caps its counts: with more waiting jobs than SCAN_CAP the figures are lower bounds", async () => {
    const t = await createTestApp();
    const partner = await givenPartner(t.db);
    await createClient(t.db, partner.id, leadInput(1), FIXED_NOW);
    // Cheaper than SCAN_CAP leads: copy the one job's row under new ids (the UNIQUE client_id is the only obstacle).
    await t.client.execute("drop index delivery_jobs_client_uq");
    await t.client.execute({
      sql: "insert into delivery_jobs (client_id, state, attempts, next_attempt_at, created_at, updated_at) select client_id, 'pending', 0, ?, ?, ? from delivery_jobs, (with recursive n(i) as (select 1 union all select i + 1 from n where i < ?) select i from n)",
      args: [FIXED_NOW, FIXED_NOW, FIXED_NOW, SCAN_CAP + 50],
    });
    const health = await readHealth(t.client, FIXED_NOW, RECONCILED_AT_KEY);
    expect(health.delivery).toMatchObject({ pending: SCAN_CAP, capped: true });
  });
});

describe("the Docker HEALTHCHECK", () => {
  const dockerfile = readFileSync(projectPath("Dockerfile"), "utf8");
  const script = /HEALTHCHECK[^\n]*\\\n\s*CMD node -e "([^"]+)"/.exec(dockerfile)?.[1];

  const runCheck = (port: number) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ["-e", script ?? "process.exit(2)"], {
        env: { PATH: process.env.PATH ?? "", PORT: String(port) },
        stdio: "ignore",
      });
      child.once("exit", (code) => resolve(code));
    });

  it("passes against the JSON answer and fails on 503", async () => {
    expect(script).toBeTruthy();
    const t = await createTestApp();
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
    cleanup.push(() => new Promise((resolve) => server.close(resolve)));
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    expect(await runCheck(port)).toBe(0);
    t.close();
    expect(await runCheck(port)).toBe(1);
  });
});
