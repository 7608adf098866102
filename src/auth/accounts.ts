/** Sign-in decisions, password changes and the first admin. */
import { and, count, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { sessions, type User, users } from "../db/schema.js";
import { auditInsert } from "../features/audit/audit.js";
import { getSetting, setSetting } from "../features/settings/settings.js";
import { generateCode, generateToken, hashToken } from "../lib/random.js";
import { hashPassword, verifyDummyPassword, verifyPassword } from "./password.js";
import { newSession } from "./session.js";

/** The account a failed sign-in was aimed at, for the audit log; null when no account has that email. */
export type AttemptedAccount = Pick<User, "id" | "role"> | null;

export type AuthResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid_credentials" | "pending" | "deactivated"; account: AttemptedAccount }
  | { ok: false; reason: "rejected"; rejectionReason: string | null; account: AttemptedAccount };

/**
 * The password is checked first; the account state is told only to someone who knows it, so the
 * three status messages do not reveal which emails are registered.
 */
export async function authenticate(db: Db, email: string, password: string): Promise<AuthResult> {
  const user = await db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
  if (!user) {
    await verifyDummyPassword(password);
    return { ok: false, reason: "invalid_credentials", account: null };
  }
  const account = { id: user.id, role: user.role };
  if (!(await verifyPassword(user.passwordHash, password))) return { ok: false, reason: "invalid_credentials", account };
  if (user.role === "partner" && user.approvalStatus === "pending") return { ok: false, reason: "pending", account };
  if (user.role === "partner" && user.approvalStatus === "rejected") return { ok: false, reason: "rejected", rejectionReason: user.rejectionReason, account };
  if (!user.isActive) return { ok: false, reason: "deactivated", account };
  return { ok: true, user };
}

/** Audit rows about a user's own sign-in: the partner filter of /admin/audit finds a partner's. */
const userEntry = (user: Pick<User, "id" | "role">, action: string, now: number) => ({
  action,
  entity: "user",
  entityId: user.id,
  partnerId: user.role === "partner" ? user.id : null,
  at: now,
});

/** Stores a new session and its "auth.login" audit row in one write; the row names the session it opens. */
export async function signIn(db: Db, user: Pick<User, "id" | "role">, now: number) {
  const { token, session } = newSession(user, now);
  await db.batch([db.insert(sessions).values(session), auditInsert(db, { ...userEntry(user, "auth.login", now), actorId: user.id, sessionId: session.id })]);
  return { token, session };
}

/**
 * A refused sign-in of an existing account (wrong password or an account that may not sign in).
 * Unknown emails leave no row: the log must not become a list of guessed addresses.
 */
export async function auditFailedSignIn(db: Db, account: Pick<User, "id" | "role">, reason: string, now: number): Promise<void> {
  await auditInsert(db, { ...userEntry(account, "auth.login_failed", now), actorId: null, after: { reason } });
}

/** Ends the session and records the sign-out in one write. */
export async function signOut(db: Db, user: Pick<User, "id" | "role">, sessionId: string, now: number): Promise<void> {
  await db.batch([db.delete(sessions).where(eq(sessions.id, sessionId)), auditInsert(db, { ...userEntry(user, "auth.logout", now), actorId: user.id })]);
}

/** Checks the current password, stores the new hash and ends every session of the user. */
export async function changePassword(db: Db, userId: number, current: string, next: string, now: number) {
  const user = await db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || !(await verifyPassword(user.passwordHash, current))) return { ok: false as const, reason: "wrong_password" as const };
  const passwordHash = await hashPassword(next);
  await db.batch([
    db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId)),
    db.delete(sessions).where(eq(sessions.userId, userId)),
    auditInsert(db, { ...userEntry(user, "auth.password_changed", now), actorId: user.id }),
  ]);
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
