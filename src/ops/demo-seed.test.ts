/**
 * `npm run db:seed` on a fresh database, twice, as a child process: the first run fills every page
 * (all link types with 60 days of clicks, landings with images, clients in every status with money,
 * paid and pending payouts, read and unread notifications, the brand), the second adds nothing.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import { projectPath } from "../lib/paths.js";

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

function runSeed(env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", projectPath("scripts/seed.ts")], {
      cwd: projectPath(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "development", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const TABLES = [
  "users",
  "links",
  "clicks",
  "link_daily_stats",
  "landings",
  "landing_images",
  "clients",
  "client_events",
  "delivery_jobs",
  "commission_history",
  "payout_methods",
  "payout_requests",
  "payout_request_clients",
  "notifications",
  "notification_reads",
  "audit_log",
  "settings",
  "default_links",
];

async function counts(url: string): Promise<Record<string, number>> {
  const client = createClient({ url });
  try {
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = Number((await client.execute(`select count(*) from ${table}`)).rows[0]?.[0]);
    return out;
  } finally {
    client.close();
  }
}

async function values(url: string, sql: string): Promise<string[]> {
  const client = createClient({ url });
  try {
    return (await client.execute(sql)).rows.map((r) => String(r[0]));
  } finally {
    client.close();
  }
}

const filesUnder = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

describe("npm run db:seed", () => {
  it("fills every page on a fresh database, and a second run adds nothing", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "cabinet-seed-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const url = `file:${join(dir, "demo.db")}`;
    const env = { DATABASE_URL: url, UPLOAD_DIR: join(dir, "uploads") };

    const first = await runSeed(env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("admin@example.ru / demo-admin-pass");
    const after = await counts(url);
    expect(after.users).toBe(5);
    expect(after.landing_images).toBeGreaterThanOrEqual(3);
    expect(filesUnder(join(dir, "uploads", "landings"))).toBe(after.landing_images);
    expect(filesUnder(join(dir, "uploads", "brand"))).toBe(1);
    expect(await values(url, "select distinct link_type from links order by 1")).toEqual(["direct", "iframe", "landing"]);
    expect(Number((await values(url, "select count(distinct day) from link_daily_stats"))[0])).toBeGreaterThanOrEqual(58);
    expect(await values(url, "select distinct status_group from clients order by 1")).toEqual(["in_progress", "lost", "new", "won"]);
    expect(await values(url, "select distinct status from payout_requests order by 1")).toEqual(["approved", "paid", "pending"]);
    // Won clients carry a commission; the paid payout's clients are marked paid.
    expect(await values(url, "select count(*) from clients where status_group = 'won' and commission_kopecks = 0")).toEqual(["0"]);
    expect(Number((await values(url, "select count(*) from clients where is_paid = 1"))[0])).toBeGreaterThanOrEqual(2);
    expect(after.notification_reads).toBeGreaterThan(0);
    expect(
      Number(
        (await values(url, "select count(*) from notifications n where not exists (select 1 from notification_reads r where r.notification_id = n.id)"))[0],
      ),
    ).toBeGreaterThan(0);
    expect(await values(url, "select value from settings where key = 'brand_company_name'")).toEqual(["ООО «Северный ветер»"]);

    const second = await runSeed(env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("nothing added");
    expect(await counts(url)).toEqual(after);
    expect(filesUnder(join(dir, "uploads"))).toBe((after.landing_images ?? 0) + 1);
  });
});
