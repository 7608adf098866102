import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { approveRegistration } from "../features/partners/partners.js";
import { projectPath } from "../lib/paths.js";
import { givenPartner } from "../testing/fixtures.js";
import { createTestApp } from "../testing/test-app.js";
import { BUSY_TIMEOUT_MS, openDatabase, readPragmas } from "./client.js";
import { migrateDatabase } from "./migrate.js";

const dir = mkdtempSync(join(tmpdir(), "cabinet-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("openDatabase", () => {
  it("keeps WAL, synchronous=FULL, foreign keys and a busy timeout after writes through the app", async () => {
    const database = await openDatabase(`file:${join(dir, "app.db")}`);
    await migrateDatabase(database.db);
    const admin = await givenPartner(database.db, { role: "admin", email: "admin@example.ru" });
    for (let i = 0; i < 5; i++) {
      // Single statements and multi-statement batches: both must stay on the configured connection.
      const partner = await givenPartner(database.db, { approvalStatus: "pending", isActive: false });
      await approveRegistration(database.db, partner.id, admin.id, () => ({ title: "t", message: "m" }), Date.now());
    }
    expect(await readPragmas(database.client)).toEqual({ journalMode: "wal", synchronous: 2, foreignKeys: 1, busyTimeout: BUSY_TIMEOUT_MS });
    database.close();
  });

  it("applies migrations to an existing database only once", async () => {
    const database = await openDatabase(`file:${join(dir, "twice.db")}`);
    await migrateDatabase(database.db);
    await givenPartner(database.db);
    await migrateDatabase(database.db);
    const n = await database.client.execute("select count(*) n from users");
    expect(n.rows[0]?.n).toBe(1);
    database.close();
  });
});

describe("audit_log", () => {
  it("is append-only", async () => {
    const t = await createTestApp();
    await t.client.execute("insert into audit_log (at, action, entity) values (1, 'x', 'y')");
    await expect(t.client.execute("update audit_log set action = 'z'")).rejects.toThrow(/append-only/);
    await expect(t.client.execute("delete from audit_log")).rejects.toThrow(/append-only/);
  });
});

describe("migrations", () => {
  it("match the schema: drizzle-kit finds nothing to generate", () => {
    const out = join(dir, "migrations");
    cpSync(projectPath("migrations"), out, { recursive: true });
    const before = readdirSync(out).length;
    const log = execFileSync(
      projectPath("node_modules/.bin/drizzle-kit"),
      ["generate", "--dialect", "sqlite", "--schema", "src/db/schema.ts", "--out", relative(projectPath(), out)],
      { cwd: projectPath(), encoding: "utf8" },
    );
    expect(log).toContain("No schema changes");
    expect(readdirSync(out).length).toBe(before);
  });
});

describe("npm run db:seed", () => {
  // What the demo seed fills, and that a second run adds nothing: src/ops/demo-seed.test.ts.
  it("refuses to run in production", () => {
    expect(() =>
      execFileSync(projectPath("node_modules/.bin/tsx"), ["scripts/seed.ts"], {
        cwd: projectPath(),
        env: { ...process.env, DATABASE_URL: `file:${join(dir, "prod.db")}`, NODE_ENV: "production" },
        stdio: "pipe",
      }),
    ).toThrow(/refuses/);
  });
});
