import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { holdWriteLock } from "../testing/lock-holder.js";
import { BusyRetryClient, DatabaseBusyError, isBusyError } from "./busy-retry.js";
import { openDatabase, readPragmas } from "./client.js";

const dir = mkdtempSync(join(tmpdir(), "cabinet-busy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freshDb(name: string, retry: Parameters<typeof openDatabase>[2] = {}) {
  const file = join(dir, `${name}.db`);
  const database = await openDatabase(`file:${file}`, undefined, retry);
  await database.client.execute("create table t (x integer)");
  await database.client.execute("insert into t values (0)");
  return { file, database };
}

/** The longest gap between 5 ms timers while `work` runs: how long the event loop was blocked. */
async function maxTimerLag<T>(work: () => Promise<T>): Promise<{ result: T; lag: number }> {
  let lag = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lag = Math.max(lag, now - last - 5);
    last = now;
  }, 5);
  try {
    return { result: await work(), lag };
  } finally {
    clearInterval(timer);
  }
}

describe("BusyRetryClient", () => {
  it("is what drizzle gets for a file database, on one connection with a short busy timeout", async () => {
    const { database } = await freshDb("kind");
    expect(database.client).toBeInstanceOf(BusyRetryClient);
    expect((await readPragmas(database.client)).busyTimeout).toBeLessThanOrEqual(20);
    database.close();
  });

  it("waits for another process's write lock on timers, then writes, without blocking the event loop", async () => {
    const { file, database } = await freshDb("wait");
    const holder = await holdWriteLock(file, 700);
    const started = performance.now();
    const { lag } = await maxTimerLag(async () => {
      await Promise.all([
        database.client.execute("insert into t values (1)"),
        database.client.batch(["insert into t values (2)", "insert into t values (3)"], "write"),
        database.db.run(sql`insert into t values (4)`),
      ]);
    });
    const waited = performance.now() - started;
    await holder.released;
    expect(waited).toBeGreaterThan(500);
    // SQLite's own busy wait would block for the whole 700 ms; the margin is for a loaded, shared machine.
    expect(lag).toBeLessThan(300);
    const rows = await database.client.execute("select group_concat(x) g from (select x from t order by x)");
    expect(rows.rows[0]?.g).toBe("0,1,2,3,4");
    database.close();
  });

  it("reads while another process holds the write lock (WAL), with no wait", async () => {
    const { file, database } = await freshDb("read");
    const holder = await holdWriteLock(file, 500);
    const started = performance.now();
    const rs = await database.client.execute("select count(*) n from t");
    expect(performance.now() - started).toBeLessThan(50);
    expect(rs.rows[0]?.n).toBe(1);
    await holder.released;
    database.close();
  });

  it("gives up with DatabaseBusyError at the deadline, and the next write succeeds within 1 s (F10, libsql-client-ts#352)", async () => {
    const { file, database } = await freshDb("heal", { writeDeadlineMs: 150 });
    // The other process commits a row, so a snapshot pinned before its commit is stale afterwards.
    const holder = await holdWriteLock(file, 400, "insert into t values (99)");
    // A read then a write in one deferred batch: the shape that leaves a stale snapshot behind.
    const failed = await database.client.batch(["select count(*) from t", "insert into t values (1)"]).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(DatabaseBusyError);
    expect(isBusyError(failed)).toBe(true);
    await holder.released;
    const started = performance.now();
    await database.client.execute({ sql: "insert into t values (?)", args: [2] });
    expect(performance.now() - started).toBeLessThan(1000);
    // Fresh data, not the snapshot the failed statement pinned; PRAGMAs survive the reopened connection.
    expect((await database.client.execute("select group_concat(x) g from t")).rows[0]?.g).toBe("0,99,2");
    expect(await readPragmas(database.client)).toMatchObject({ synchronous: 2, foreignKeys: 1 });
    database.close();
  });

  it("passes any other error through at once, without retrying", async () => {
    const { database } = await freshDb("other");
    const client = database.client as BusyRetryClient;
    await expect(client.execute("insert into nope values (1)")).rejects.toThrow(/no such table/);
    expect(client.stats.busyRetries).toBe(0);
    database.close();
  });

  it("retries with growing, jittered steps and stops at the deadline", async () => {
    let calls = 0;
    const busy = Object.assign(new Error("SQLITE_BUSY: database is locked"), { code: "SQLITE_BUSY" });
    const raw = {
      closed: false,
      protocol: "file",
      execute: async () => {
        calls++;
        throw busy;
      },
      reconnect: () => undefined,
    } as unknown as Client;
    const client = new BusyRetryClient(raw, { writeDeadlineMs: 300, readDeadlineMs: 100, baseDelayMs: 10, maxDelayMs: 80, heal: async () => undefined });
    const started = performance.now();
    await expect(client.execute("insert into t values (1)")).rejects.toBeInstanceOf(DatabaseBusyError);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(450);
    // 10, 20, 40, 80, 80 … at 50–100 % each: a handful of probes, not a spin.
    expect(calls).toBeGreaterThan(3);
    expect(calls).toBeLessThan(15);
    expect(client.stats.heals).toBe(calls - 1);
  });
});
