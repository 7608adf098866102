/** givenPartner / givenAdmin: rows straight into the DB, for tests that start from a known state. */
import type { Client } from "@libsql/client";
import { hash } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { type User, users } from "../db/schema.js";
import { searchTextOf } from "../features/partners/partners.js";
import { generateCode } from "../lib/random.js";
import { FIXED_NOW } from "./test-app.js";

export const TEST_PASSWORD = "correct-horse-9";
let passwordHash: Promise<string> | undefined;
const testHash = () => {
  passwordHash ??= hash(TEST_PASSWORD);
  return passwordHash;
};

let seq = 0;

export async function givenPartner(db: Db, overrides: Partial<typeof users.$inferInsert> = {}): Promise<User> {
  seq += 1;
  const partnerCode = overrides.partnerCode ?? generateCode(8);
  const base = {
    email: `partner${seq}@example.ru`,
    name: `Partner ${seq}`,
    company: null,
    phone: null,
    ...overrides,
  };
  const [user] = await db
    .insert(users)
    .values({
      passwordHash: await testHash(),
      role: "partner",
      partnerCode,
      approvalStatus: "approved",
      isActive: true,
      createdAt: FIXED_NOW - 86_400_000,
      updatedAt: FIXED_NOW - 86_400_000,
      decidedAt: FIXED_NOW - 86_400_000,
      searchText: searchTextOf({ ...base, partnerCode }),
      ...base,
    })
    .returning();
  if (!user) throw new Error("fixture insert failed");
  return user;
}

export function givenAdmin(db: Db, overrides: Partial<typeof users.$inferInsert> = {}): Promise<User> {
  return givenPartner(db, { role: "admin", email: `admin${seq + 1}@example.ru`, name: "Admin", ...overrides });
}

export async function reloadUser(db: Db, id: number): Promise<User | undefined> {
  return db.select().from(users).where(eq(users.id, id)).get();
}

/** Every row of every table: tests compare snapshots to prove a refused request stored nothing. */
export async function snapshot(client: Client): Promise<string> {
  const tables = (
    await client.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name")
  ).rows.map((r) => String(r.name));
  const out: Record<string, unknown> = {};
  // Login counters change on every attempt by design; everything else must stay untouched.
  for (const table of tables.filter((name) => name !== "login_throttles")) out[table] = (await client.execute(`select * from ${table} order by 1`)).rows;
  return JSON.stringify(out);
}
