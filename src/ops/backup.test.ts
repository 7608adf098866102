/**
 * `npm run backup` against the running server (PRODUCT.md §12, SECURITY.md "Backups"): leads keep
 * arriving through the public form while scripts/backup.ts copies the database; the copy is restored
 * into a fresh folder, a fresh server starts on it and the admin signs in. Figures go to stdout.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { projectPath } from "../lib/paths.js";
import { integrityCheck, killAppProcesses, postLead, scalar, seedLeadForm, startAppProcess } from "../testing/app-process.js";

const report = (line: string) => process.stdout.write(`[backup figures] ${line}\n`);
const ADMIN = { ADMIN_EMAIL: "ops-admin@example.ru", ADMIN_PASSWORD: "ops-admin-password" };

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  await killAppProcesses();
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "cabinet-backup-"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs scripts/backup.ts like `npm run backup -- <args>` with only these variables. */
function runBackup(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", projectPath("scripts/backup.ts"), ...args], {
      cwd: projectPath(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
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
    child.once("exit", (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

const countLeads = (url: string) => scalar(url, "select count(*) from clients");

describe("npm run backup", () => {
  it("copies the running database while leads arrive; the restored copy passes integrity_check, boots and signs the admin in", async () => {
    const dir = tempDir();
    const dbUrl = `file:${join(dir, "live/app.db")}`;
    const uploadDir = join(dir, "live/uploads");
    mkdirSync(join(uploadDir, "landings"), { recursive: true });
    writeFileSync(join(uploadDir, "landings/0123abcd.webp"), Buffer.alloc(2048, 7));
    const form = await seedLeadForm(dbUrl);
    const app = await startAppProcess(dbUrl, { UPLOAD_DIR: uploadDir, ...ADMIN });

    // Four senders post leads back to back until told to stop; every 303 is a stored lead.
    let next = 0;
    let stored = 0;
    const failures: number[] = [];
    let sending = true;
    const sender = async () => {
      while (sending) {
        const status = await postLead(app.origin, form, next++);
        if (status === 303) stored++;
        else failures.push(status);
      }
    };
    const senders = Promise.all([sender(), sender(), sender(), sender()]);
    while (stored < 40) await new Promise((resolve) => setTimeout(resolve, 20));

    const before = await countLeads(dbUrl);
    const target = join(dir, "backups/cabinet.db");
    const env = { DATABASE_URL: dbUrl, UPLOAD_DIR: uploadDir };
    const run = await runBackup([target], env);
    const after = await countLeads(dbUrl);
    const storedDuring = stored;
    await new Promise((resolve) => setTimeout(resolve, 300));
    sending = false;
    await senders;

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(failures).toEqual([]);
    expect(existsSync(`${target}.partial`)).toBe(false);
    const inBackup = await countLeads(`file:${target}`);
    report(`${run.stdout.trim().split("\n").join(" | ")}`);
    report(
      `leads: ${before} before the backup started, ${inBackup} in the backup, ${after} when it finished (${storedDuring} acknowledged by then); script wall time ${Math.round(run.ms)} ms`,
    );
    expect(inBackup).toBeGreaterThanOrEqual(before);
    expect(inBackup).toBeLessThanOrEqual(after);
    expect(after).toBeGreaterThan(before); // leads really were arriving during the copy
    expect(run.stdout).toMatch(/integrity_check ok/);
    expect(run.stdout).toMatch(new RegExp(`clients ${inBackup}\\b`));
    expect(await integrityCheck(`file:${target}`)).toBe("ok");
    expect(readFileSync(`${target}.uploads/landings/0123abcd.webp`)).toEqual(Buffer.alloc(2048, 7));

    // An existing backup is kept unless --force.
    const again = await runBackup([target], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("--force");
    expect(await countLeads(`file:${target}`)).toBe(inBackup);

    const stop = await app.stop("SIGTERM");
    expect(stop.code).toBe(0);

    // Restore (README): copy the file to DATABASE_URL's path and the uploads to UPLOAD_DIR, start.
    const restoredDb = join(dir, "restored/data/app.db");
    const restoredUploads = join(dir, "restored/data/uploads");
    mkdirSync(join(dir, "restored/data"), { recursive: true });
    cpSync(target, restoredDb);
    cpSync(`${target}.uploads`, restoredUploads, { recursive: true });
    const restored = await startAppProcess(`file:${restoredDb}`, { UPLOAD_DIR: restoredUploads, ...ADMIN });
    const login = await fetch(`${restored.origin}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: restored.origin },
      body: new URLSearchParams({ email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(303);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const adminPage = await fetch(`${restored.origin}/admin`, { headers: { cookie }, redirect: "manual" });
    expect(adminPage.status).toBe(200);
    const health = await (await fetch(`${restored.origin}/healthz`)).json();
    expect(health).toMatchObject({ status: "ok", db: "ok" });
    expect(await countLeads(`file:${restoredDb}`)).toBe(inBackup);
    expect(await integrityCheck(`file:${restoredDb}`)).toBe("ok");
    expect(existsSync(join(restoredUploads, "landings/0123abcd.webp"))).toBe(true);
    expect((await restored.stop("SIGTERM")).code).toBe(0);
  }, 60_000);

  it("refuses a libSQL server URL and points to the server's own backup", async () => {
    const run = await runBackup([join(tmpdir(), "never-written.db")], { DATABASE_URL: "libsql://cabinet.example.turso.io" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/libSQL server.*server's own tools/);
  });
});
