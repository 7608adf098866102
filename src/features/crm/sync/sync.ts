/**
 * Bitrix24 → cabinet sync (PRODUCT.md §5, BITRIX24.md §3.6). An event only names an entity; the
 * queue coalesces repeats, the worker re-reads the entity (crm.deal.get / crm.lead.get — the event
 * body is never trusted, SECURITY.md T6) and applies that state if it is not older than what we hold.
 * Reconciliation re-reads everything modified since the last run, repairing lost events and funnel
 * moves (which outgoing webhooks never announce). With the admin's attribution switch on, an entity
 * no client is linked to but that carries a partner's tracking value is imported first (attribution/import.ts).
 */
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { type Client, type CrmSyncEntry, clients, crmSyncQueue, type SyncEntity } from "../../../db/schema.js";
import type { Bitrix24 } from "../../../integrations/bitrix24/client.js";
import type { Deal, Lead } from "../../../integrations/bitrix24/types.js";
import { getSetting, setSetting } from "../../settings/settings.js";
import { type Attribution, importDeal, importLead } from "../attribution/import.js";
import { retryDelayMs } from "../delivery/delivery.js";
import { type ApplyResult, type SyncSettings as ApplySettings, applyState } from "./apply.js";
import { dealGroup, dealStage, leadGroup, leadStatus } from "./stages.js";

/** The apply settings, plus the attribution import (attributionOf(crm); null or absent = off). */
export type SyncSettings = ApplySettings & { attribution?: Attribution | null };

const LEASE_MS = 60_000;
export const MAX_SYNC_ATTEMPTS = 8;
export const RECONCILED_AT_KEY = "crm_reconciled_at";
/** Re-read a little before the last run: portal and server clocks differ, DATE_MODIFY has whole seconds. */
const RECONCILE_OVERLAP_MS = 5 * 60_000;

/** Stores "look at this entity" once; repeats only bump the generation and make it due now. */
export async function enqueueSync(db: Db, entity: SyncEntity, entityId: number, event: string, now: number): Promise<void> {
  await db
    .insert(crmSyncQueue)
    .values({ entity, entityId, event, nextAttemptAt: now, requestedAt: now })
    .onConflictDoUpdate({
      target: [crmSyncQueue.entity, crmSyncQueue.entityId],
      set: { event, requestedAt: now, nextAttemptAt: now, generation: sql`${crmSyncQueue.generation} + 1` },
    });
}

/** Claims due entries with a lease (one UPDATE: several processes never take the same one). */
export async function claimSyncEntries(db: Db, now: number, limit: number): Promise<CrmSyncEntry[]> {
  return db
    .update(crmSyncQueue)
    .set({ state: "working", attempts: sql`${crmSyncQueue.attempts} + 1`, leaseUntil: now + LEASE_MS })
    .where(
      sql`${crmSyncQueue.id} in (select id from ${crmSyncQueue}
        where (state = 'pending' and next_attempt_at <= ${now}) or (state = 'working' and lease_until < ${now})
        order by next_attempt_at, id limit ${limit})`,
    )
    .returning();
}

export type QueueRun = { claimed: number; applied: number; retried: number; dropped: number };

/** One worker tick: call it on a timer (e.g. every 2 s) and after a webhook arrives. */
export async function processSyncQueue(db: Db, b24: Bitrix24, settings: SyncSettings, now: number, limit = 50): Promise<QueueRun> {
  const run: QueueRun = { claimed: 0, applied: 0, retried: 0, dropped: 0 };
  const entries = await claimSyncEntries(db, now, limit);
  run.claimed = entries.length;
  for (const entry of entries) {
    try {
      const outcome = entry.entity === "deal" ? await syncDeal(db, b24, settings, entry.entityId, now) : await syncLead(db, b24, settings, entry.entityId, now);
      if (outcome === "conflict") throw new Error("client changed while syncing");
      if (outcome === "applied") run.applied++;
      await finish(db, entry);
    } catch (error) {
      const message = String((error as Error)?.message ?? error).slice(0, 500);
      if (entry.attempts >= MAX_SYNC_ATTEMPTS) {
        // Reconciliation will pick the entity up again; a poisoned entry must not block the queue.
        run.dropped++;
        await finish(db, entry);
      } else {
        run.retried++;
        await release(db, entry, now + retryDelayMs(entry.attempts), message);
      }
    }
  }
  return run;
}

/** Done: delete the entry unless a newer event arrived meanwhile, in which case it is due again. */
async function finish(db: Db, entry: CrmSyncEntry) {
  await db.batch([
    db.delete(crmSyncQueue).where(and(eq(crmSyncQueue.id, entry.id), eq(crmSyncQueue.generation, entry.generation))),
    db.update(crmSyncQueue).set({ state: "pending", leaseUntil: null, attempts: 0, lastError: null }).where(eq(crmSyncQueue.id, entry.id)),
  ]);
}

async function release(db: Db, entry: CrmSyncEntry, dueAt: number, error: string | null) {
  await db
    .update(crmSyncQueue)
    // A newer event (generation moved on) keeps its "due now"; otherwise wait for the backoff.
    .set({
      state: "pending",
      leaseUntil: null,
      lastError: error,
      nextAttemptAt: sql`case when ${crmSyncQueue.generation} = ${entry.generation} then ${dueAt} else ${crmSyncQueue.nextAttemptAt} end`,
    })
    .where(eq(crmSyncQueue.id, entry.id));
}

export type SyncOutcome = ApplyResult | "ignored" | "stale";

const ORIGIN = /^client-(\d+)$/;
const originClientId = (originId: string | null) => Number(ORIGIN.exec(originId ?? "")?.[1] ?? 0);
const ms = (d: Date | null) => (d ? d.getTime() : null);

/** Our client for a deal: its own id, our ORIGIN_ID (event before the delivery stored the id), or its source lead. */
async function clientForDeal(db: Db, deal: Pick<Deal, "id" | "originId" | "leadId">): Promise<Client | undefined> {
  const byId = await db.select().from(clients).where(eq(clients.b24DealId, deal.id)).get();
  if (byId) return byId;
  const originId = originClientId(deal.originId);
  if (originId) {
    const byOrigin = await db
      .select()
      .from(clients)
      .where(and(eq(clients.id, originId), isNull(clients.b24DealId)))
      .get();
    if (byOrigin) return byOrigin;
  }
  if (!deal.leadId) return undefined;
  return db
    .select()
    .from(clients)
    .where(and(eq(clients.b24LeadId, deal.leadId), isNull(clients.b24DealId)))
    .orderBy(clients.id)
    .get();
}

/** Syncs one deal; `known` is a deal already read (reconciliation lists them), else it is fetched. */
export async function syncDeal(db: Db, b24: Bitrix24, s: SyncSettings, dealId: number, now: number, known?: Deal): Promise<SyncOutcome> {
  const deal = known ?? (await b24.getDeal(dealId));
  if (!deal) {
    const client = await db.select().from(clients).where(eq(clients.b24DealId, dealId)).get();
    if (!client || client.b24DeletedAt !== null) return "ignored";
    return applyState(db, s, client, { ...current(client), group: "lost", deletedAt: now, money: true }, now);
  }
  // Not ours: with the switch on, a deal carrying a partner's tracking value becomes that partner's client.
  const client = (await clientForDeal(db, deal)) ?? (await importDeal(db, b24, s.attribution, deal, now));
  if (!client) return "ignored";
  const attached = client.b24DealId !== deal.id;
  const modifiedAt = ms(deal.dateModify);
  // Whole-second DATE_MODIFY: an equal one is re-applied (idempotent), only an older one is dropped.
  if (!attached && modifiedAt !== null && client.b24ModifiedAt !== null && modifiedAt < client.b24ModifiedAt) return "stale";
  const stage = await dealStage(b24, s.portalKey, deal.categoryId, deal.stageId, deal.stageSemantic, now);
  return applyState(
    db,
    s,
    client,
    {
      b24DealId: deal.id,
      attached,
      statusId: deal.stageId,
      statusName: stage.name,
      group: dealGroup(stage),
      amountKopecks: deal.opportunityKopecks,
      currencyId: deal.currencyId,
      modifiedAt,
      deletedAt: null,
      money: true,
    },
    now,
  );
}

const current = (c: Client) => ({
  b24DealId: c.b24DealId,
  attached: false,
  statusId: c.b24StatusId,
  statusName: c.statusName,
  group: c.statusGroup,
  amountKopecks: c.amountKopecks,
  currencyId: c.currencyId,
  modifiedAt: c.b24ModifiedAt,
  deletedAt: c.b24DeletedAt,
  money: false,
});

/** Syncs one lead: its status while it has no deal; a converted lead hands over to its first deal. */
export async function syncLead(db: Db, b24: Bitrix24, s: SyncSettings, leadId: number, now: number, known?: Lead): Promise<SyncOutcome> {
  const lead = known ?? (await b24.getLead(leadId));
  const originId = lead ? originClientId(lead.originId) : 0;
  const found = await db
    .select()
    .from(clients)
    .where(or(eq(clients.b24LeadId, leadId), originId ? and(eq(clients.id, originId), isNull(clients.b24LeadId)) : undefined))
    .orderBy(clients.id)
    .get();
  const client = found ?? (lead ? await importLead(db, s.attribution, lead, now) : undefined);
  if (!client) return "ignored";
  if (client.b24DealId !== null) return "ignored"; // the deal drives the status from now on
  if (!lead) {
    if (client.b24DeletedAt !== null) return "ignored";
    return applyState(db, s, client, { ...current(client), group: "lost", deletedAt: now }, now);
  }
  const stage = await leadStatus(b24, s.portalKey, lead.statusId, lead.statusSemantic, now);
  if (stage.semantic === "S") {
    const [deal] = await b24.listDealsByLead(lead.id);
    if (deal) return syncDeal(db, b24, s, deal.id, now, deal);
  }
  const modifiedAt = ms(lead.dateModify);
  if (modifiedAt !== null && client.b24ModifiedAt !== null && modifiedAt < client.b24ModifiedAt) return "stale";
  return applyState(
    db,
    s,
    client,
    {
      b24DealId: null,
      attached: false,
      statusId: lead.statusId,
      statusName: stage.name,
      group: leadGroup(stage),
      amountKopecks: lead.opportunityKopecks,
      currencyId: lead.currencyId,
      modifiedAt,
      deletedAt: null,
      money: false,
    },
    now,
  );
}

export type ReconcileRun = { deals: number; leads: number; applied: number; errors: number; since: number };

/**
 * Re-reads deals and leads modified since `since` (default: the last successful run, stored in
 * settings, or a day back) and applies them like events. Call it every few minutes; the stored time
 * only advances when every entity synced, so a failure is retried by the next run.
 */
export async function reconcile(db: Db, b24: Bitrix24, s: SyncSettings, since: number | null, now: number): Promise<ReconcileRun> {
  const stored = Number((await getSetting(db, RECONCILED_AT_KEY)) ?? "") || null;
  const from = (since ?? stored ?? now - 86_400_000) - RECONCILE_OVERLAP_MS;
  const run: ReconcileRun = { deals: 0, leads: 0, applied: 0, errors: 0, since: from };
  const count = (outcome: SyncOutcome) => {
    if (outcome === "applied") run.applied++;
    if (outcome === "conflict") run.errors++;
  };
  const leads = await b24.listLeadsChangedSince(new Date(from));
  for (const lead of leads) {
    run.leads++;
    count(await syncLead(db, b24, s, lead.id, now, lead).catch(() => "conflict" as const));
  }
  const deals = await b24.listDealsChangedSince(new Date(from));
  for (const deal of deals) {
    run.deals++;
    count(await syncDeal(db, b24, s, deal.id, now, deal).catch(() => "conflict" as const));
  }
  if (run.errors === 0) await setSetting(db, RECONCILED_AT_KEY, String(now), now);
  return run;
}
