/**
 * Login and sign-up throttling (SECURITY.md H-5), stored in `login_throttles` so it survives
 * restarts and is shared by every process on one database.
 *
 * - Per account (`account:<email>`): backoff 0, 1, 2, 4, 8, 16, 30, 60, 180, 300 s after
 *   consecutive failures, and never more than 100 failures per hour. A correct password resets the
 *   backoff; the hourly count keeps its failures.
 * - Per IP: one row per (IP, account) (`ip:<addr>|<email>`). The address's failure count is the sum
 *   of its rows from the last hour; 10 of them block it for 10 minutes after the latest. A correct
 *   password deletes only the row of THAT account, so signing in to one's own account between
 *   guesses at another's does not wipe the guesses.
 * - Sign-ups per IP (`register:<addr>`): 5 an hour.
 *
 * Every attempt is charged before the password is checked, by one conditional upsert that refuses
 * when a lock applies: N parallel requests cannot all read "not locked" and then all be checked.
 * A correct password refunds the charge; an attempt the hashing queue refused is refunded too.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { loginThrottles } from "../db/schema.js";
import { PASSWORD_BUSY_RETRY_S, PasswordBusyError } from "./password.js";

const ACCOUNT_BACKOFF_S = [0, 1, 2, 4, 8, 16, 30, 60, 180, 300];
const IP_MAX_FAILURES = 10;
const IP_BLOCK_MS = 10 * 60_000;
const HOUR_MS = 60 * 60_000;
/** IP failures older than this no longer count (a shared address is not blocked forever by old typos). */
const IP_FAILURE_TTL_MS = HOUR_MS;
const ACCOUNT_HOURLY_CAP = 100;
const SIGNUPS_PER_IP_PER_HOUR = 5;

export type LoginAttempt = { ip: string; email: string };
export type Refusal = { retryAfter: number; scope: "ip" | "account" };

const accountKey = (a: LoginAttempt) => `account:${a.email.toLowerCase()}`;
/** The (IP, account) row; every row of one IP lies in [ipFrom, ipTo) on the primary key. */
const pairKey = (a: LoginAttempt) => `ip:${a.ip}|${a.email.toLowerCase()}`;
const ipFrom = (ip: string) => `ip:${ip}|`;
const ipTo = (ip: string) => `ip:${ip}}`; // "}" sorts right after "|"

const T = loginThrottles;
const seconds = (untilMs: number, now: number) => Math.max(1, Math.ceil((untilMs - now) / 1000));

/** The backoff after `failures` consecutive failures, in ms, as SQL (`failures` is an SQL expression). */
const backoffMs = (failures: SQL) =>
  sql`(case min(${failures}, ${ACCOUNT_BACKOFF_S.length}) ${sql.join(
    ACCOUNT_BACKOFF_S.map((s, i) => sql`when ${i + 1} then ${s * 1000}`),
    sql` `,
  )} end)`;

/** Charges one attempt to the address, unless it is blocked. */
async function chargeIp(db: Db, a: LoginAttempt, now: number): Promise<boolean> {
  const fresh = now - IP_FAILURE_TTL_MS;
  const rows = await db.all(sql`
    insert into ${T} (key, failures, locked_until, hour_failures, hour_started_at, updated_at)
    select ${pairKey(a)}, 1, 0, 0, 0, ${now}
    where (select coalesce(sum(failures), 0) from ${T} where key >= ${ipFrom(a.ip)} and key < ${ipTo(a.ip)} and updated_at > ${fresh}) < ${IP_MAX_FAILURES}
       or (select coalesce(max(updated_at), 0) from ${T} where key >= ${ipFrom(a.ip)} and key < ${ipTo(a.ip)} and updated_at > ${fresh}) <= ${now - IP_BLOCK_MS}
    on conflict(key) do update set
      failures = case when updated_at > ${fresh} then failures + 1 else 1 end,
      updated_at = ${now}
    returning failures`);
  return rows.length > 0;
}

/** Charges one attempt to the account, unless its backoff or the hourly cap applies. */
async function chargeAccount(db: Db, a: LoginAttempt, now: number): Promise<boolean> {
  const sameHour = sql`${now} - hour_started_at < ${HOUR_MS}`;
  const rows = await db.all(sql`
    insert into ${T} (key, failures, locked_until, hour_failures, hour_started_at, updated_at)
    values (${accountKey(a)}, 1, ${now + (ACCOUNT_BACKOFF_S[0] ?? 0) * 1000}, 1, ${now}, ${now})
    on conflict(key) do update set
      failures = failures + 1,
      hour_failures = case when ${sameHour} then hour_failures + 1 else 1 end,
      hour_started_at = case when ${sameHour} then hour_started_at else ${now} end,
      locked_until = max(
        ${now} + ${backoffMs(sql`failures + 1`)},
        case when ${sameHour} and hour_failures + 1 >= ${ACCOUNT_HOURLY_CAP} then hour_started_at + ${HOUR_MS} else 0 end
      ),
      updated_at = ${now}
    where locked_until <= ${now}
    returning failures`);
  return rows.length > 0;
}

async function ipRetryAfter(db: Db, ip: string, now: number): Promise<number> {
  const row = await db.get<{ last: number | null }>(
    sql`select max(updated_at) as last from ${T} where key >= ${ipFrom(ip)} and key < ${ipTo(ip)} and updated_at > ${now - IP_FAILURE_TTL_MS}`,
  );
  return seconds((row?.last ?? now) + IP_BLOCK_MS, now);
}

async function accountRetryAfter(db: Db, a: LoginAttempt, now: number): Promise<number> {
  const row = await db.get<{ until: number | null }>(sql`select locked_until as until from ${T} where key = ${accountKey(a)}`);
  return seconds(row?.until ?? now, now);
}

/**
 * Claims the right to check one password: null when it may be checked now, else how long to wait.
 * The claim counts as a failure until settleLoginAttempt says otherwise.
 */
export async function reserveLoginAttempt(db: Db, a: LoginAttempt, now: number): Promise<Refusal | null> {
  if (!(await chargeIp(db, a, now))) return { scope: "ip", retryAfter: await ipRetryAfter(db, a.ip, now) };
  if (!(await chargeAccount(db, a, now))) {
    await refundIp(db, a);
    return { scope: "account", retryAfter: await accountRetryAfter(db, a, now) };
  }
  return null;
}

async function refundIp(db: Db, a: LoginAttempt) {
  await db.run(sql`update ${T} set failures = max(failures - 1, 0) where key = ${pairKey(a)}`);
}

/**
 * - "failure": a wrong password; the charge stays.
 * - "success": the password was right (even if the account may not sign in): the account's backoff
 *   and this address's failures against this account are cleared; its hourly count loses this claim.
 * - "unchecked": nothing was checked (hashing queue full): the counts are refunded, locks stay.
 */
export async function settleLoginAttempt(db: Db, a: LoginAttempt, outcome: "failure" | "success" | "unchecked"): Promise<void> {
  if (outcome === "failure") return;
  if (outcome === "success") {
    await db.batch([
      db.run(sql`delete from ${T} where key = ${pairKey(a)}`),
      db.run(sql`update ${T} set failures = 0, hour_failures = max(hour_failures - 1, 0),
        locked_until = case when hour_failures - 1 >= ${ACCOUNT_HOURLY_CAP} then hour_started_at + ${HOUR_MS} else 0 end
        where key = ${accountKey(a)}`),
    ]);
    return;
  }
  await db.batch([
    db.run(sql`update ${T} set failures = max(failures - 1, 0) where key = ${pairKey(a)}`),
    db.run(sql`update ${T} set failures = max(failures - 1, 0), hour_failures = max(hour_failures - 1, 0) where key = ${accountKey(a)}`),
  ]);
}

export type CheckOutcome<R> = { kind: "checked"; result: R } | { kind: "throttled"; refusal: Refusal } | { kind: "busy"; retryAfter: number };

/**
 * One throttled password check: claim, check, settle. `correct` tells whether the password was
 * right. A full hashing queue (PasswordBusyError) comes back as "busy", never as an exception.
 */
export async function throttledCheck<R>(
  db: Db,
  a: LoginAttempt,
  now: number,
  check: () => Promise<R>,
  correct: (result: R) => boolean,
): Promise<CheckOutcome<R>> {
  const refusal = await reserveLoginAttempt(db, a, now);
  if (refusal) return { kind: "throttled", refusal };
  let result: R;
  try {
    result = await check();
  } catch (error) {
    if (!(error instanceof PasswordBusyError)) throw error;
    await settleLoginAttempt(db, a, "unchecked");
    return { kind: "busy", retryAfter: PASSWORD_BUSY_RETRY_S };
  }
  await settleLoginAttempt(db, a, correct(result) ? "success" : "failure");
  return { kind: "checked", result };
}

const signupKey = (ip: string) => `register:${ip}`;

/** Claims one sign-up for the address: null when allowed, else the seconds until the hour is over. */
export async function reserveSignup(db: Db, ip: string, now: number): Promise<number | null> {
  const sameHour = sql`${now} - hour_started_at < ${HOUR_MS}`;
  const rows = await db.all(sql`
    insert into ${T} (key, failures, locked_until, hour_failures, hour_started_at, updated_at)
    values (${signupKey(ip)}, 0, 0, 1, ${now}, ${now})
    on conflict(key) do update set
      hour_failures = case when ${sameHour} then hour_failures + 1 else 1 end,
      hour_started_at = case when ${sameHour} then hour_started_at else ${now} end,
      updated_at = ${now}
    where not (${sameHour}) or hour_failures < ${SIGNUPS_PER_IP_PER_HOUR}
    returning hour_failures`);
  if (rows.length > 0) return null;
  const row = await db.get<{ start: number }>(sql`select hour_started_at as start from ${T} where key = ${signupKey(ip)}`);
  return seconds((row?.start ?? now) + HOUR_MS, now);
}

/** Gives back a sign-up that was not carried out (the hashing queue was full). */
export async function refundSignup(db: Db, ip: string): Promise<void> {
  await db.run(sql`update ${T} set hour_failures = max(hour_failures - 1, 0) where key = ${signupKey(ip)}`);
}
