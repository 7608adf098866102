/**
 * The delivery outbox worked in-process: claim due jobs with a lease (one UPDATE, so several
 * processes on one database never take the same job), create the lead or deal in Bitrix24 under our
 * own ORIGIN_ID, and record the outcome. A job whose previous attempt may have reached Bitrix24
 * (any retry) first looks for its ORIGIN_ID, so a lost answer never becomes a duplicate.
 * A few jobs go one by one; a backlog goes through `batch` (batch.ts).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { clients, deliveryJobs } from "../../../db/schema.js";
import type { Bitrix24 } from "../../../integrations/bitrix24/client.js";
import { auditInsertIfChanged } from "../../audit/audit.js";
import { deliverBatch } from "./batch.js";
import { contactInputOf, contactOriginIdOf, type DeliveryRow, dealInputOf, leadInputOf, ORIGINATOR_ID, originIdOf } from "./input.js";
import { type Created, failureOf, type JobResult, leaseTooShort, loadDeliveryRows, recordResults } from "./record.js";
import type { DeliveryJob, DeliveryPolicy, DeliverySettings } from "./types.js";

export { ORIGINATOR_ID, originIdOf } from "./input.js";

export type { DeliveryJob, DeliveryPolicy, DeliverySettings } from "./types.js";

export const MAX_ATTEMPTS = 10;

/** Exponential backoff with full jitter: base 1 s, cap 5 min (SECURITY.md §3). */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const ceiling = Math.min(300_000, 1_000 * 2 ** Math.min(attempts, 20));
  return Math.floor(random() * ceiling) + 1_000;
}

export const defaultDeliveryPolicy: DeliveryPolicy = {
  maxAttempts: MAX_ATTEMPTS,
  retryDelayMs: (attempts) => retryDelayMs(attempts),
  unknownOutcomeDelayMs: 65_000,
  leaseMs: 180_000,
  batchFrom: 5,
};

export async function claimDueJobs(db: Db, now: number, limit: number, leaseMs = defaultDeliveryPolicy.leaseMs): Promise<DeliveryJob[]> {
  const rows = await db.run(sql`update ${deliveryJobs}
    set state = 'sending', attempts = attempts + 1, lease_until = ${now + leaseMs}, updated_at = ${now}
    where id in (select id from ${deliveryJobs}
      where (state = 'pending' and next_attempt_at <= ${now}) or (state = 'sending' and lease_until < ${now})
      order by next_attempt_at, id limit ${limit})
    returning *`);
  return rows.rows.map((r) => ({
    id: Number(r.id),
    clientId: Number(r.client_id),
    state: String(r.state) as DeliveryJob["state"],
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
    lastError: r.last_error === null ? null : String(r.last_error),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }));
}

/**
 * Gives back claimed jobs this worker never sent: due now, and the attempt the claim counted is taken
 * back, so no look-up before the create is needed. Only while our lease still holds them.
 */
export async function releaseClaims(db: Db, jobs: DeliveryJob[], now: number): Promise<void> {
  if (jobs.length === 0) return;
  await db.batch(
    jobs.map((job) =>
      db.run(sql`update ${deliveryJobs} set state = 'pending', attempts = attempts - 1, lease_until = null, next_attempt_at = ${now}, updated_at = ${now}
        where id = ${job.id} and state = 'sending' and lease_until = ${job.leaseUntil}`),
    ) as [ReturnType<typeof db.run>, ...ReturnType<typeof db.run>[]],
  );
}

export type DeliveryOutcome = { state: "sent"; entity: "lead" | "deal"; id: number } | { state: "retry" | "dead"; error: string };

/**
 * Delivers claimed jobs and stores every outcome; never throws for a Bitrix24 failure. Fewer than
 * `batchFrom` jobs go one by one through the typed client calls, more through `batch`.
 */
export async function deliverJobs(
  db: Db,
  b24: Bitrix24,
  settings: DeliverySettings,
  jobs: DeliveryJob[],
  now: () => number,
  policy: DeliveryPolicy = defaultDeliveryPolicy,
  stopped: () => boolean = () => false,
): Promise<DeliveryOutcome[]> {
  const rows = await loadDeliveryRows(db, settings, jobs);
  const missing: JobResult[] = [];
  const work: Array<{ job: DeliveryJob; row: DeliveryRow }> = [];
  for (const job of jobs) {
    const row = rows.get(job.clientId);
    if (row) work.push({ job, row });
    else missing.push({ job, clientId: job.clientId, failure: { message: "client missing", retryable: false, ambiguous: false } });
  }
  const results = [...missing];
  // A create goes out only while our lease has unknownOutcomeDelayMs left: no other worker can then reclaim
  // the job and look for it before that create has committed or died on the portal.
  const canCreate = (job: DeliveryJob) => (job.leaseUntil ?? 0) - now() >= policy.unknownOutcomeDelayMs;
  if (work.length >= policy.batchFrom) {
    results.push(...(await deliverBatch(b24, settings, work, canCreate)));
    await recordResults(db, results, policy, now());
  } else {
    await recordResults(db, missing, policy, now());
    for (const [i, { job, row }] of work.entries()) {
      // Stopping between jobs hands the rest back at once (another process, or the next start, takes them).
      if (stopped()) {
        await releaseClaims(
          db,
          work.slice(i).map((w) => w.job),
          now(),
        );
        break;
      }
      const result = await deliverOne(b24, settings, job, row, () => canCreate(job));
      await recordResults(db, [result], policy, now());
      results.push(result);
    }
  }
  return results.map((r) => outcomeOf(r, policy));
}

function outcomeOf(r: JobResult, policy: DeliveryPolicy): DeliveryOutcome {
  if ("created" in r) return { state: "sent", entity: r.created.entity, id: r.created.id };
  return { state: r.failure.retryable && r.job.attempts < policy.maxAttempts ? "retry" : "dead", error: r.failure.message };
}

async function deliverOne(b24: Bitrix24, s: DeliverySettings, job: DeliveryJob, row: DeliveryRow, canCreate: () => boolean): Promise<JobResult> {
  try {
    return { job, clientId: row.client.id, created: await createInBitrix24(b24, s, row, job.attempts > 1, canCreate) };
  } catch (error) {
    return { job, clientId: row.client.id, failure: failureOf(error) };
  }
}

async function createInBitrix24(b24: Bitrix24, s: DeliverySettings, row: DeliveryRow, lookFirst: boolean, canCreate: () => boolean): Promise<Created> {
  const originId = originIdOf(row.client.id);
  const mayCreate = () => {
    if (!canCreate()) throw leaseTooShort();
  };
  if (row.route.entityType === "lead") {
    const existing = lookFirst ? await b24.findLeadsByOrigin(originId, ORIGINATOR_ID) : [];
    if (existing[0]) return { entity: "lead", id: existing[0], leadId: existing[0], dealId: null, contactId: null };
    mayCreate();
    const { id } = await b24.addLead(leadInputOf(s, row));
    return { entity: "lead", id, leadId: id, dealId: null, contactId: null };
  }
  const existing = lookFirst ? await b24.findDealsByOrigin(originId, ORIGINATOR_ID) : [];
  if (existing[0]) return { entity: "deal", id: existing[0], leadId: null, dealId: existing[0], contactId: null };
  const contactId = await findOrCreateContact(b24, s, row, lookFirst, mayCreate);
  mayCreate();
  const deal = await b24.addDeal(dealInputOf(s, row, contactId));
  return { entity: "deal", id: deal.id, leadId: null, dealId: deal.id, contactId };
}

/** Deals have no phone or email: the client's contact is found by them, or created. */
async function findOrCreateContact(b24: Bitrix24, s: DeliverySettings, row: DeliveryRow, lookFirst: boolean, mayCreate: () => void) {
  const c = row.client;
  const byPhone = c.phone ? await b24.findContactByComm("PHONE", [c.phone]) : [];
  const byEmail = !byPhone[0] && c.email ? await b24.findContactByComm("EMAIL", [c.email]) : [];
  const found = byPhone[0] ?? byEmail[0] ?? (lookFirst ? (await b24.findContactsByOrigin(contactOriginIdOf(c.id), ORIGINATOR_ID))[0] : undefined);
  if (found) return found;
  mayCreate();
  return (await b24.addContact(contactInputOf(s, row))).id;
}

/** Queue state for the admin: depth, oldest waiting job, recent failures. */
export async function deliveryQueueState(db: Db, now: number) {
  const row = await db
    .select({
      pending: sql<number>`sum(case when ${deliveryJobs.state} in ('pending','sending') then 1 else 0 end)`,
      dead: sql<number>`sum(case when ${deliveryJobs.state} = 'dead' then 1 else 0 end)`,
      oldest: sql<number | null>`min(case when ${deliveryJobs.state} in ('pending','sending') then ${deliveryJobs.createdAt} end)`,
    })
    .from(deliveryJobs)
    .get();
  return { pending: row?.pending ?? 0, dead: row?.dead ?? 0, oldestAgeMs: row?.oldest ? now - row.oldest : null };
}

/**
 * The admin puts dead-lettered jobs back in the queue (all of them, or one). Attempts restart at 1, not
 * 0: the job did reach Bitrix24 before, so its next attempt (2) must look for its ORIGIN_ID before
 * creating. One batch with, per job: the requeue (only while it is still dead), then — only if that
 * changed the job — its audit row (the client, its partner, the error it died with) and the client
 * back to pending. Returns how many jobs were requeued.
 */
export async function retryDeadJobs(db: Db, adminId: number, now: number, jobId?: number): Promise<number> {
  const dead = await db
    .select({ id: deliveryJobs.id, clientId: deliveryJobs.clientId, lastError: deliveryJobs.lastError, partnerId: clients.partnerId })
    .from(deliveryJobs)
    .innerJoin(clients, eq(clients.id, deliveryJobs.clientId))
    .where(and(eq(deliveryJobs.state, "dead"), jobId ? eq(deliveryJobs.id, jobId) : undefined));
  const statements = dead.flatMap((job) => [
    db
      .update(deliveryJobs)
      .set({ state: "pending", attempts: 1, nextAttemptAt: now, lastError: null, updatedAt: now })
      .where(and(eq(deliveryJobs.id, job.id), eq(deliveryJobs.state, "dead"))),
    auditInsertIfChanged(db, {
      actorId: adminId,
      action: "crm.delivery_retry",
      entity: "client",
      entityId: job.clientId,
      partnerId: job.partnerId,
      before: { queued: false, lastError: job.lastError },
      after: { queued: true },
      at: now,
    }),
    db
      .update(clients)
      .set({ deliveryState: "pending", updatedAt: now })
      .where(and(eq(clients.id, job.clientId), sql`changes() > 0`)),
  ]);
  const [first, ...rest] = statements;
  if (!first) return 0;
  const results = await db.batch([first, ...rest]);
  // Every third result is a job's requeue.
  return results.filter((_, i) => i % 3 === 0).reduce((n, r) => n + ((r as { rowsAffected?: number }).rowsAffected ?? 0), 0);
}
