/** Sign-in decisions, password changes and the first admin. */
import { and, count, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { sessions, type User, users } from "../db/schema.js";
import { getSetting, setSetting } from "../features/settings/settings.js";
import { generateCode, generateToken, hashToken } from "../lib/random.js";
import { hashPassword, verifyDummyPassword, verifyPassword } from "./password.js";

export type AuthResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid_credentials" | "pending" | "deactivated" }
  | { ok: false; reason: "rejected"; rejectionReason: string | null };

/**
 * The password is checked first; the account state is told only to someone who knows it, so the
 * three status messages do not reveal which emails are registered.
 */
export async function authenticate(db: Db, email: string, password: string): Promise<AuthResult> {
  const user = await db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
  if (!user) {
    await verifyDummyPassword(password);
    return { ok: false, reason: "invalid_credentials" };
  }
  if (!(await verifyPassword(user.passwordHash, password))) return { ok: false, reason: "invalid_credentials" };
  if (user.role === "partner" && user.approvalStatus === "pending") return { ok: false, reason: "pending" };
  if (user.role === "partner" && user.approvalStatus === "rejected") return { ok: false, reason: "rejected", rejectionReason: user.rejectionReason };
  if (!user.isActive) return { ok: false, reason: "deactivated" };
  return { ok: true, user };
}

/** Checks the current password, stores the new hash and ends every session of the user. */
export async function changePassword(db: Db, userId: number, current: string, next: string, now: number) {
  const user = await db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || !(await verifyPassword(user.passwordHash, current))) return { ok: false as const, reason: "wrong_password" as const };
  const passwordHash = await hashPassword(next);
  await db.batch([db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId)), db.delete(sessions).where(eq(sessions.userId, userId))]);
  return { ok: true as const, user };
}

async function insertAdmin(db: Db, a: { email: string; name: string; passwordHash: string }, now: number) {
  const partnerCode = generateCode(8);
  await db.insert(users).values({
    ...a,
    role: "admin",
    partnerCode,
    approvalStatus: "approved",
    isActive: true,
    createdAt: now,
    updatedAt: now,
    searchText: `${a.name} ${a.email} ${partnerCode}`.toLowerCase(),
  });
}

/**
 * ADMIN_EMAIL/ADMIN_PASSWORD: the admin is created, or its password reset to the configured one,
 * at every boot. The env is the source of truth, so an operator can always get back in.
 */
export async function ensureEnvAdmin(db: Db, a: { email: string; password: string; name: string }, now: number): Promise<"created" | "updated"> {
  const normalized = a.email.toLowerCase();
  const passwordHash = await hashPassword(a.password);
  const existing = await db.select().from(users).where(eq(users.email, normalized)).get();
  if (!existing) {
    await insertAdmin(db, { email: normalized, name: a.name, passwordHash }, now);
    return "created";
  }
  await db.batch([
    db.update(users).set({ role: "admin", passwordHash, isActive: true, approvalStatus: "approved", updatedAt: now }).where(eq(users.id, existing.id)),
    // A changed password (or a promoted account) ends the sessions that were opened before it.
    db.delete(sessions).where(eq(sessions.userId, existing.id)),
  ]);
  return "updated";
}

export async function adminExists(db: Db): Promise<boolean> {
  const row = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.isActive, true)))
    .get();
  return (row?.n ?? 0) > 0;
}

const SETUP_KEY = "setup_token_hash";

/** A fresh one-time setup token; only its hash is stored. The caller prints the URL to the log. */
export async function issueSetupToken(db: Db, now: number): Promise<string> {
  const token = generateToken();
  await setSetting(db, SETUP_KEY, hashToken(token), now);
  return token;
}

export async function isValidSetupToken(db: Db, token: string): Promise<boolean> {
  const stored = await getSetting(db, SETUP_KEY);
  return stored !== null && stored !== "" && stored === hashToken(token) && !(await adminExists(db));
}

/** Creates the first admin and burns the token, so the link works once. */
export async function completeSetup(db: Db, token: string, a: { email: string; name: string; password: string }, now: number) {
  if (!(await isValidSetupToken(db, token))) return { ok: false as const, reason: "invalid_token" as const };
  if (await db.select().from(users).where(eq(users.email, a.email)).get()) return { ok: false as const, reason: "email_taken" as const };
  await insertAdmin(db, { email: a.email, name: a.name, passwordHash: await hashPassword(a.password) }, now);
  await setSetting(db, SETUP_KEY, "", now);
  return { ok: true as const };
}
