/**
 * Opens the database: one libsql client on one connection for an embedded file.
 *
 * @libsql/client hands its connection to `transaction()` and opens a fresh one lazily, which loses
 * every per-connection PRAGMA (STACK.md pitfall 6). So the app never calls `transaction()`:
 * multi-statement writes go through `db.batch([...])`, which keeps the one connection.
 * src/architecture.test.ts enforces that rule. The pool is capped at one connection
 * (`concurrency: 1`), and drizzle is given a BusyRetryClient (busy-retry.ts) that sends one
 * operation at a time and waits for a lock held by another process asynchronously.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { BusyRetryClient, DEFAULT_BUSY_RETRY } from "./busy-retry.js";
import * as schema from "./schema.js";

export type Db = LibSQLDatabase<typeof schema>;
export type Database = { db: Db; client: Client; close: () => void };

/**
 * SQLite's own busy wait blocks the event loop with the local driver (SECURITY.md F9): it may only
 * bridge a momentary lock. Longer waits are BusyRetryClient's timers (writes give up after 6 s).
 */
export const BUSY_TIMEOUT_MS = 5;

export async function openDatabase(url: string, authToken?: string, retry: Partial<typeof DEFAULT_BUSY_RETRY> = {}): Promise<Database> {
  const isFile = url.startsWith("file:") && !url.includes(":memory:");
  if (isFile) mkdirSync(dirname(url.slice("file:".length)), { recursive: true });
  const raw = createClient({ url, authToken, timeout: BUSY_TIMEOUT_MS, concurrency: 1 });
  const local = url.startsWith("file:");
  if (local) await applyConnectionPragmas(raw, isFile);
  // A remote libSQL server does its own locking; only the embedded driver blocks the event loop.
  const client = local && isFile ? new BusyRetryClient(raw, { ...DEFAULT_BUSY_RETRY, ...retry, heal: (c) => applyConnectionPragmas(c, false) }) : raw;
  const db = drizzle(client, { schema });
  return { db, client, close: () => client.close() };
}

/**
 * WAL persists in the file; synchronous and foreign_keys are per connection (and re-applied when
 * BusyRetryClient reopens the connection after a BUSY failure).
 * synchronous=FULL: a committed lead, payout or audit row must survive power loss (SECURITY.md F5);
 * click writes are batched, so the fsync cost is amortised.
 */
async function applyConnectionPragmas(client: Client, isFile: boolean): Promise<void> {
  if (isFile) await client.execute("PRAGMA journal_mode=WAL");
  await client.execute("PRAGMA synchronous=FULL");
  await client.execute("PRAGMA foreign_keys=ON");
}

export async function readPragmas(client: Client) {
  const read = async (name: string) => (await client.execute(`PRAGMA ${name}`)).rows[0]?.[0];
  return {
    journalMode: await read("journal_mode"),
    synchronous: Number(await read("synchronous")),
    foreignKeys: Number(await read("foreign_keys")),
    busyTimeout: Number(await read("busy_timeout")),
  };
}
