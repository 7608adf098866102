/**
 * Opens the database: one libsql client, hence one connection for an embedded file.
 *
 * @libsql/client hands its connection to `transaction()` and opens a fresh one lazily, which loses
 * every per-connection PRAGMA (STACK.md pitfall 6). So the app never calls `transaction()`:
 * multi-statement writes go through `db.batch([...])`, which keeps the one connection.
 * src/architecture.test.ts enforces that rule.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema.js";

export type Db = LibSQLDatabase<typeof schema>;
export type Database = { db: Db; client: Client; close: () => void };

/** Busy wait blocks the event loop with the local driver, so keep it short (SECURITY.md F9). */
const BUSY_TIMEOUT_MS = 1000;

export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const isFile = url.startsWith("file:") && !url.includes(":memory:");
  if (isFile) mkdirSync(dirname(url.slice("file:".length)), { recursive: true });
  const client = createClient({ url, authToken, timeout: BUSY_TIMEOUT_MS });
  if (url.startsWith("file:")) await applyConnectionPragmas(client, isFile);
  const db = drizzle(client, { schema });
  return { db, client, close: () => client.close() };
}

/**
 * WAL persists in the file; synchronous and foreign_keys are per connection.
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
