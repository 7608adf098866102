/**
 * Cookie sessions as the Lucia project teaches (lucia-auth.com, "Sessions"): a random token lives
 * only in the HttpOnly cookie; the DB keeps its SHA-256. Expiry slides with use, under an absolute cap.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { type Session, sessions, type User, type UserRole, users } from "../db/schema.js";
import { generateToken, hashToken } from "../lib/random.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** SECURITY.md H-3: partners idle 7 d / absolute 30 d; admins idle 30 min / absolute 12 h. */
export const sessionPolicy: Record<UserRole, { idle: number; absolute: number; extendEvery: number }> = {
  partner: { idle: 7 * DAY, absolute: 30 * DAY, extendEvery: HOUR },
  admin: { idle: 30 * MINUTE, absolute: 12 * HOUR, extendEvery: MINUTE },
};

export type SessionUser = Pick<User, "id" | "email" | "name" | "role" | "approvalStatus" | "isActive" | "partnerCode" | "company" | "phone" | "createdAt">;
export type ValidSession = { session: Session; user: SessionUser };

export async function createSession(db: Db, user: Pick<User, "id" | "role">, now: number) {
  const { token, session } = newSession(user, now);
  await db.insert(sessions).values(session);
  return { token, session };
}

/** A fresh token and its session row, not yet stored (a sign-in stores it together with its audit row). */
export function newSession(user: Pick<User, "id" | "role">, now: number): { token: string; session: Session } {
  const token = generateToken();
  const policy = sessionPolicy[user.role];
  const session: Session = {
    id: hashToken(token),
    userId: user.id,
    createdAt: now,
    expiresAt: now + policy.idle,
    absoluteExpiresAt: now + policy.absolute,
    lastExtendedAt: now,
    authenticatedAt: now,
  };
  return { token, session };
}

/**
 * Returns the session and its user, or null. Expired sessions are deleted; sessions of users who
 * may no longer sign in (deactivated, not approved) are deleted too, so a stale cookie grants nothing.
 */
export async function validateSessionToken(db: Db, token: string, now: number): Promise<ValidSession | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = hashToken(token);
  const row = await db
    .select({
      session: sessions,
      user: {
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        approvalStatus: users.approvalStatus,
        isActive: users.isActive,
        partnerCode: users.partnerCode,
        company: users.company,
        phone: users.phone,
        createdAt: users.createdAt,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(eq(sessions.id, id))
    .get();
  if (!row) return null;
  const { session, user } = row;
  if (now >= session.expiresAt || !canSignIn(user)) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  const policy = sessionPolicy[user.role];
  if (now - session.lastExtendedAt >= policy.extendEvery) {
    session.expiresAt = Math.min(now + policy.idle, session.absoluteExpiresAt);
    session.lastExtendedAt = now;
    await db.update(sessions).set({ expiresAt: session.expiresAt, lastExtendedAt: now }).where(eq(sessions.id, id));
  }
  return { session, user };
}

/** What the idle chat poll needs to know of a session, read without touching it (features/chat/poll-gate.ts). */
export type SessionPeek = { userId: number; role: UserRole; expiresAt: number; lastExtendedAt: number; mayUse: boolean };

export async function peekSession(db: Db, token: string): Promise<SessionPeek | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const row = await db
    .select({
      userId: sessions.userId,
      expiresAt: sessions.expiresAt,
      lastExtendedAt: sessions.lastExtendedAt,
      role: users.role,
      approvalStatus: users.approvalStatus,
      isActive: users.isActive,
    })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(eq(sessions.id, hashToken(token)))
    .get();
  if (!row) return null;
  return { userId: row.userId, role: row.role, expiresAt: row.expiresAt, lastExtendedAt: row.lastExtendedAt, mayUse: canSignIn(row) };
}

/**
 * Whether validateSessionToken would accept this session at `now` without writing (no deletion, no
 * extension, so no new cookie): only then may an answer skip it.
 */
export const acceptedUntouched = (s: SessionPeek, now: number) => s.mayUse && now < s.expiresAt && now - s.lastExtendedAt < sessionPolicy[s.role].extendEvery;

export function canSignIn(user: Pick<User, "role" | "approvalStatus" | "isActive">): boolean {
  if (user.role === "admin") return user.isActive;
  return user.approvalStatus === "approved" && user.isActive;
}

/** Sudo mode (SECURITY.md H-3): the password was entered again in this session just now. */
export async function markSessionReauthenticated(db: Db, sessionId: string, now: number): Promise<void> {
  await db.update(sessions).set({ authenticatedAt: now }).where(eq(sessions.id, sessionId));
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
