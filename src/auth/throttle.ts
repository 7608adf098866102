/**
 * Login throttling (SECURITY.md H-5), stored in the DB so it survives restarts:
 * - per account: backoff 0, 1, 2, 4, 8, 16, 30, 60, 180, 300 s after consecutive failures, and
 *   never more than 100 failures per hour;
 * - per IP: 10 consecutive failures block that address for 10 minutes.
 * Success resets both counters.
 */
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { loginThrottles } from "../db/schema.js";

const ACCOUNT_BACKOFF_S = [0, 1, 2, 4, 8, 16, 30, 60, 180, 300];
const IP_MAX_FAILURES = 10;
const IP_BLOCK_MS = 10 * 60_000;
const HOUR_MS = 60 * 60_000;
const ACCOUNT_HOURLY_CAP = 100;

export type LoginAttempt = { ip: string; email: string };

const keys = (a: LoginAttempt) => ({ ip: `ip:${a.ip}`, account: `account:${a.email.toLowerCase()}` });

/** Returns the seconds to wait, or 0 when an attempt may proceed now. */
export async function loginRetryAfter(db: Db, attempt: LoginAttempt, now: number): Promise<number> {
  const k = keys(attempt);
  const rows = await db
    .select({ lockedUntil: loginThrottles.lockedUntil })
    .from(loginThrottles)
    .where(inArray(loginThrottles.key, [k.ip, k.account]));
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil));
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

export async function recordLoginFailure(db: Db, attempt: LoginAttempt, now: number): Promise<void> {
  const k = keys(attempt);
  await bump(db, k.account, now, (failures, hourFailures, hourStartedAt) => {
    const backoff = ACCOUNT_BACKOFF_S[Math.min(failures, ACCOUNT_BACKOFF_S.length) - 1] ?? 0;
    const capped = hourFailures >= ACCOUNT_HOURLY_CAP ? hourStartedAt + HOUR_MS : 0;
    return Math.max(now + backoff * 1000, capped);
  });
  await bump(db, k.ip, now, (failures) => (failures >= IP_MAX_FAILURES ? now + IP_BLOCK_MS : 0));
}

export async function recordLoginSuccess(db: Db, attempt: LoginAttempt): Promise<void> {
  const k = keys(attempt);
  // The hourly count stays: the cap is about attempts per hour, not consecutive ones.
  await db
    .update(loginThrottles)
    .set({ failures: 0, lockedUntil: 0 })
    .where(inArray(loginThrottles.key, [k.ip, k.account]));
}

async function bump(db: Db, key: string, now: number, lockUntil: (failures: number, hourFailures: number, hourStartedAt: number) => number): Promise<void> {
  const row = await db.select().from(loginThrottles).where(eq(loginThrottles.key, key)).get();
  const sameHour = row !== undefined && now - row.hourStartedAt < HOUR_MS;
  const failures = (row?.failures ?? 0) + 1;
  const hourFailures = sameHour ? row.hourFailures + 1 : 1;
  const hourStartedAt = sameHour ? row.hourStartedAt : now;
  const lockedUntil = lockUntil(failures, hourFailures, hourStartedAt);
  const values = { failures, hourFailures, hourStartedAt, lockedUntil, updatedAt: now };
  await db
    .insert(loginThrottles)
    .values({ key, ...values })
    .onConflictDoUpdate({ target: loginThrottles.key, set: values });
}
