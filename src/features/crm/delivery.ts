/**
 * The delivery outbox worked in-process: claim due jobs with a lease (one UPDATE, so several
 * processes on one database never take the same job), create the lead or deal in Bitrix24 under our
 * own ORIGIN_ID, and record the outcome. A job whose previous attempt may have reached Bitrix24
 * (any retry) first looks for its ORIGIN_ID, so a lost answer never becomes a duplicate.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { type Client, clientEvents, clients, deliveryJobs, users } from "../../db/schema.js";
import type { Bitrix24 } from "../../integrations/bitrix24/client.js";

export type DeliveryJob = typeof deliveryJobs.$inferSelect;

export type DeliverySettings = {
  entityType: "lead" | "deal";
  categoryId: number;
  stageId: string | null;
  leadStatusId: string | null;
  assignedById: number | null;
  /** The UF_CRM_* field that carries the partner's tracking value, and its template ("partner-{code}"). */
  trackingField: string | null;
  trackingTemplate: string;
  /** Titles are user-facing text, so the composition root builds them from the dictionary. */
  title: (client: Pick<Client, "name" | "company">, partnerName: string) => string;
};

export const MAX_ATTEMPTS = 10;
const LEASE_MS = 60_000;

/** Exponential backoff with full jitter: base 1 s, cap 5 min (SECURITY.md §3). */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const ceiling = Math.min(300_000, 1_000 * 2 ** Math.min(attempts, 20));
  return Math.floor(random() * ceiling) + 1_000;
}

export const originIdOf = (clientId: number) => `client-${clientId}`;

export async function claimDueJobs(db: Db, now: number, limit: number): Promise<DeliveryJob[]> {
  const rows = await db.run(sql`update ${deliveryJobs}
    set state = 'sending', attempts = attempts + 1, lease_until = ${now + LEASE_MS}, updated_at = ${now}
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

export type DeliveryOutcome = { state: "sent"; entity: "lead" | "deal"; id: number } | { state: "retry" | "dead"; error: string };

/** Delivers one claimed job and stores the outcome; never throws for a Bitrix24 failure. */
export async function deliverJob(db: Db, b24: Bitrix24, settings: DeliverySettings, job: DeliveryJob, now: () => number): Promise<DeliveryOutcome> {
  const row = await db
    .select({ client: clients, partnerCode: users.partnerCode, partnerName: users.name })
    .from(clients)
    .innerJoin(users, eq(users.id, clients.partnerId))
    .where(eq(clients.id, job.clientId))
    .get();
  if (!row) {
    await db.update(deliveryJobs).set({ state: "dead", lastError: "client missing", updatedAt: now() }).where(eq(deliveryJobs.id, job.id));
    return { state: "dead", error: "client missing" };
  }
  try {
    const created = await createInBitrix24(b24, settings, row.client, row.partnerCode, row.partnerName, job.attempts > 1);
    await recordDelivered(db, job, row.client.id, created, now());
    return { state: "sent", entity: created.entity, id: created.id };
  } catch (error) {
    const e = error as { retryable?: boolean; method?: string; message?: string };
    const message = `${e.message ?? String(error)}`.slice(0, 500);
    const retry = e.retryable !== false && job.attempts < MAX_ATTEMPTS;
    await recordFailure(db, job, row.client.id, message, retry, now());
    return { state: retry ? "retry" : "dead", error: message };
  }
}

type Created = { entity: "lead" | "deal"; id: number; leadId: number | null; dealId: number | null; contactId: number | null };

async function createInBitrix24(b24: Bitrix24, s: DeliverySettings, c: Client, partnerCode: string, partnerName: string, lookFirst: boolean): Promise<Created> {
  const originId = originIdOf(c.id);
  const common = {
    originId,
    comments: c.comment ?? undefined,
    assignedById: s.assignedById ?? undefined,
    utm: {
      source: c.utmSource ?? undefined,
      medium: c.utmMedium ?? undefined,
      campaign: c.utmCampaign ?? undefined,
      content: c.utmContent ?? undefined,
      term: c.utmTerm ?? undefined,
    },
    userFields: s.trackingField ? { [s.trackingField]: s.trackingTemplate.replaceAll("{code}", partnerCode) } : undefined,
  };
  const phones = c.phone ? [c.phone] : [];
  const emails = c.email ? [c.email] : [];
  const title = s.title(c, partnerName);
  if (s.entityType === "lead") {
    const existing = lookFirst ? await b24.findLeadsByOrigin(originId) : [];
    const id =
      existing[0] ??
      (await b24.addLead({ ...common, title, name: c.name, phones, emails, companyTitle: c.company ?? undefined, statusId: s.leadStatusId ?? undefined })).id;
    return { entity: "lead", id, leadId: id, dealId: null, contactId: null };
  }
  const existing = lookFirst ? await b24.findDealsByOrigin(originId) : [];
  if (existing[0]) return { entity: "deal", id: existing[0], leadId: null, dealId: existing[0], contactId: null };
  const contactId = await findOrCreateContact(b24, c, lookFirst, { ...common, originId: `contact-${originId}` });
  const deal = await b24.addDeal({ ...common, title, categoryId: s.categoryId, stageId: s.stageId ?? undefined, contactIds: contactId ? [contactId] : [] });
  return { entity: "deal", id: deal.id, leadId: null, dealId: deal.id, contactId };
}

/** Deals have no phone or email: the client's contact is found by them, or created. */
async function findOrCreateContact(b24: Bitrix24, c: Client, lookFirst: boolean, common: { originId: string; assignedById?: number }) {
  const byPhone = c.phone ? await b24.findContactByComm("PHONE", [c.phone]) : [];
  const byEmail = !byPhone[0] && c.email ? await b24.findContactByComm("EMAIL", [c.email]) : [];
  const found = byPhone[0] ?? byEmail[0] ?? (lookFirst ? (await b24.findContactsByOrigin(common.originId))[0] : undefined);
  if (found) return found;
  const contact = await b24.addContact({ ...common, name: c.name, phones: c.phone ? [c.phone] : [], emails: c.email ? [c.email] : [] });
  return contact.id;
}

async function recordDelivered(db: Db, job: DeliveryJob, clientId: number, created: Created, now: number) {
  await db.batch([
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
  ]);
}

async function recordFailure(db: Db, job: DeliveryJob, clientId: number, error: string, retry: boolean, now: number) {
  const jobUpdate = db
    .update(deliveryJobs)
    .set(
      retry
        ? { state: "pending", nextAttemptAt: now + retryDelayMs(job.attempts), leaseUntil: null, lastError: error, updatedAt: now }
        : { state: "dead", leaseUntil: null, lastError: error, updatedAt: now },
    )
    .where(and(eq(deliveryJobs.id, job.id), eq(deliveryJobs.state, "sending")));
  if (retry) await jobUpdate;
  else
    await db.batch([
      jobUpdate,
      db.update(clients).set({ deliveryState: "failed", updatedAt: now }).where(eq(clients.id, clientId)),
      db.insert(clientEvents).values({ clientId, at: now, kind: "delivery_failed", data: JSON.stringify({ error }) }),
    ]);
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

/** Puts dead-lettered jobs back in the queue (all of them, or one). */
export async function retryDeadJobs(db: Db, now: number, jobId?: number): Promise<number> {
  const done = await db
    .update(deliveryJobs)
    .set({ state: "pending", attempts: 0, nextAttemptAt: now, lastError: null, updatedAt: now })
    .where(and(eq(deliveryJobs.state, "dead"), jobId ? eq(deliveryJobs.id, jobId) : undefined))
    .returning({ clientId: deliveryJobs.clientId });
  for (const { clientId } of done) await db.update(clients).set({ deliveryState: "pending", updatedAt: now }).where(eq(clients.id, clientId));
  return done.length;
}
