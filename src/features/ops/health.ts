/**
 * What `GET /healthz` reports (PRODUCT.md §12): the database answers, the Bitrix24 outbox (depth,
 * oldest waiting lead, dead letters), the CRM event queue and the last reconciliation. Docker may poll
 * it every few seconds, so every query is an index range read capped at SCAN_CAP rows, each under a
 * short timeout. Counts, ages and times only: no webhook URL, token, e-mail or error text.
 */
import type { Client } from "@libsql/client";

/** Index entries read per count at most; above it the count is reported as "at least" (`capped`). */
export const SCAN_CAP = 10_000;
const QUERY_TIMEOUT_MS = 1_000;

export type QueueHealth = {
  /** pending + sending: leads not yet in Bitrix24 (except the dead ones). */
  depth: number;
  /** Jobs waiting for their (next) attempt, and jobs claimed by a worker right now. */
  pending: number;
  sending: number;
  /** Jobs given up after every retry (the admin sees them on /admin/crm). */
  dead: number;
  /** Seconds since the oldest pending or sending job was queued; null when none. */
  oldestPendingAgeS: number | null;
  /** True when a count reached SCAN_CAP: the numbers are lower bounds. */
  capped: boolean;
};

export type Health = {
  db: "ok" | "unreachable";
  delivery: QueueHealth | null;
  crmSync: { queued: number; lastReconciledAt: string | null } | null;
};

class Timeout extends Error {}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const capped = (where: string) => `(select count(*) from (select 1 from ${where} limit ${SCAN_CAP}))`;

// Each count walks only its part of an index (delivery_jobs_due_idx on (state, next_attempt_at),
// crm_sync_queue_due_idx on (state, next_attempt_at)); the oldest job is the smallest id among the
// waiting ones (ids grow with time), read from the same index, then one primary-key look-up.
export const QUEUE_SQL = `select
  ${capped("delivery_jobs where state = 'pending'")} as pending,
  ${capped("delivery_jobs where state = 'sending'")} as sending,
  ${capped("delivery_jobs where state = 'dead'")} as dead,
  (select created_at from delivery_jobs where id = (select min(id) from (select id from delivery_jobs where state in ('pending', 'sending') limit ${SCAN_CAP}))) as oldest,
  ${capped("crm_sync_queue where state in ('pending', 'working')")} as queued,
  (select value from settings where key = ?) as reconciled`;

/** Reads the health figures; `db` is "unreachable" when `select 1` fails or takes longer than a second. */
export async function readHealth(client: Client, now: number, reconciledAtKey: string): Promise<Health> {
  try {
    await within(QUERY_TIMEOUT_MS, client.execute("select 1"));
  } catch {
    return { db: "unreachable", delivery: null, crmSync: null };
  }
  try {
    const rs = await within(QUERY_TIMEOUT_MS, client.execute({ sql: QUEUE_SQL, args: [reconciledAtKey] }));
    const row: Record<string, unknown> = rs.rows[0] ?? {};
    const n = (v: unknown) => Number(v ?? 0);
    const oldest = row.oldest == null ? null : Number(row.oldest);
    const counts = [n(row.pending), n(row.sending), n(row.dead), n(row.queued)];
    const reconciled = Number(row.reconciled ?? "") || null;
    return {
      db: "ok",
      delivery: {
        depth: n(row.pending) + n(row.sending),
        pending: n(row.pending),
        sending: n(row.sending),
        dead: n(row.dead),
        oldestPendingAgeS: oldest === null ? null : Math.max(0, Math.round((now - oldest) / 1000)),
        capped: counts.some((c) => c >= SCAN_CAP),
      },
      crmSync: { queued: n(row.queued), lastReconciledAt: reconciled ? new Date(reconciled).toISOString() : null },
    };
  } catch {
    // The database answered `select 1` but the queue read failed (busy, slow): alive, figures unknown.
    return { db: "ok", delivery: null, crmSync: null };
  }
}
