/**
 * The database side of delivery: loading claimed jobs with their client and partner routing, and
 * storing outcomes (client Bitrix24 ids, timeline entry, job state) — many jobs in one db.batch.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../../db/client.js";
import { clientEvents, clients, deliveryJobs, users } from "../../../db/schema.js";
import { type DeliveryRow, routeFor } from "./input.js";
import type { DeliveryJob, DeliveryPolicy, DeliverySettings } from "./types.js";

/** What was created (or found) in Bitrix24 for one client. */
export type Created = { entity: "lead" | "deal"; id: number; leadId: number | null; dealId: number | null; contactId: number | null };

/** Why one job failed: `retryable` false dead-letters it, `ambiguous` means Bitrix24 may have created it anyway. */
export type Failure = { message: string; retryable: boolean; ambiguous: boolean };

export type JobResult = { job: DeliveryJob; clientId: number; created: Created } | { job: DeliveryJob; clientId: number; failure: Failure };

/** Any thrown value → a Failure; the message of a Bitrix24Error names the method, never the webhook URL. */
export function failureOf(error: unknown): Failure {
  const e = error as { retryable?: boolean; ambiguous?: boolean; message?: string };
  return { message: `${e?.message ?? String(error)}`.slice(0, 500), retryable: e?.retryable !== false, ambiguous: e?.ambiguous === true };
}

/** Not a Bitrix24 failure: the pass ran long, and the job comes back to look before it creates. */
export const leaseTooShort = () => Object.assign(new Error("the pass ran out of lease time before creating; retrying"), { retryable: true, ambiguous: false });

/** The jobs' clients with partner code, name and routing; a job whose client is gone maps to null. */
export async function loadDeliveryRows(db: Db, settings: DeliverySettings, jobs: DeliveryJob[]): Promise<Map<number, DeliveryRow>> {
  if (jobs.length === 0) return new Map();
  const rows = await db
    .select({
      client: clients,
      partnerCode: users.partnerCode,
      partnerName: users.name,
      entityType: users.b24EntityType,
      categoryId: users.b24CategoryId,
      stageId: users.b24StageId,
    })
    .from(clients)
    .innerJoin(users, eq(users.id, clients.partnerId))
    .where(
      inArray(
        clients.id,
        jobs.map((j) => j.clientId),
      ),
    );
  return new Map(
    rows.map((r) => [
      r.client.id,
      {
        client: r.client,
        partnerCode: r.partnerCode,
        partnerName: r.partnerName,
        route: routeFor(settings, { entityType: r.entityType, categoryId: r.categoryId, stageId: r.stageId }),
      },
    ]),
  );
}

/** Stores every outcome of a pass in one batch (one fsync instead of one per job). */
export async function recordResults(db: Db, results: JobResult[], policy: DeliveryPolicy, now: number): Promise<void> {
  const statements: BatchItem<"sqlite">[] = results.flatMap<BatchItem<"sqlite">>((r) =>
    "created" in r ? delivered(db, r.job, r.clientId, r.created, now) : failed(db, r.job, r.clientId, r.failure, policy, now),
  );
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

function delivered(db: Db, job: DeliveryJob, clientId: number, created: Created, now: number): BatchItem<"sqlite">[] {
  return [
    db
      .update(clients)
      .set({
        deliveryState: "sent",
        b24Entity: created.entity,
        b24LeadId: created.leadId,
        b24DealId: created.dealId,
        b24ContactId: created.contactId,
        updatedAt: now,
      })
      .where(eq(clients.id, clientId)),
    db.update(deliveryJobs).set({ state: "done", leaseUntil: null, lastError: null, updatedAt: now }).where(eq(deliveryJobs.id, job.id)),
    db.insert(clientEvents).values({ clientId, at: now, kind: "delivered", data: JSON.stringify({ entity: created.entity, id: created.id }) }),
  ];
}

function failed(db: Db, job: DeliveryJob, clientId: number, failure: Failure, policy: DeliveryPolicy, now: number): BatchItem<"sqlite">[] {
  const retry = failure.retryable && job.attempts < policy.maxAttempts;
  // Only while the job is still ours: a pass that outlived its lease must not undo another worker's claim.
  const sending = and(
    eq(deliveryJobs.id, job.id),
    eq(deliveryJobs.state, "sending"),
    job.leaseUntil === null ? undefined : eq(deliveryJobs.leaseUntil, job.leaseUntil),
  );
  if (retry) {
    // After an unknown outcome the portal may still be finishing our request: the look-up that precedes
    // the next create must come after it could have committed, or it would miss it and duplicate.
    const delay = Math.max(policy.retryDelayMs(job.attempts), failure.ambiguous ? policy.unknownOutcomeDelayMs : 0);
    return [
      db
        .update(deliveryJobs)
        .set({ state: "pending", nextAttemptAt: now + delay, leaseUntil: null, lastError: failure.message, updatedAt: now })
        .where(sending),
    ];
  }
  // The client is marked failed only if the job update applied (each follow-up runs if the one before changed a row).
  return [
    db.update(deliveryJobs).set({ state: "dead", leaseUntil: null, lastError: failure.message, updatedAt: now }).where(sending),
    db
      .update(clients)
      .set({ deliveryState: "failed", updatedAt: now })
      .where(and(eq(clients.id, clientId), sql`changes() > 0`)),
    db.run(sql`insert into ${clientEvents} (client_id, at, kind, data)
      select ${clientId}, ${now}, 'delivery_failed', ${JSON.stringify({ error: failure.message })} where changes() > 0`),
  ];
}
