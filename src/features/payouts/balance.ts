/**
 * A partner's money from the clients' commissions (PRODUCT.md §7): payable, on hold, requested, paid.
 * Everything is in kopecks and comes from two aggregates, so the cost grows with the partner's clients
 * only through one indexed pass.
 */
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { clients, payoutRequestClients, payoutRequests } from "../../db/schema.js";
import { outer } from "../../db/sql.js";

const DAY_MS = 86_400_000;
/** The request form lists at most this many clients (and a request claims at most this many). */
export const MAX_CLIENTS_PER_REQUEST = 1000;

/** Commissions of deals won at or before this instant are out of the hold period. */
export function holdCutoff(now: number, holdDays: number): number {
  return now - holdDays * DAY_MS;
}

const wonAtOrEpoch = sql`coalesce(${clients.wonAt}, 0)`;

/**
 * Money the partner could still ask for, hold aside: a won deal with a commission, not paid, not flagged
 * (a change after payment waits for the admin) and not claimed by a live request.
 */
export const openCommission: SQL = sql`(${outer(clients.statusGroup)} = 'won' and ${outer(clients.commissionKopecks)} > 0 and ${outer(clients.isPaid)} = 0
  and ${outer(clients.commissionFlagged)} = 0
  and not exists (select 1 from ${payoutRequestClients} where ${payoutRequestClients.clientId} = ${outer(clients.id)} and ${payoutRequestClients.active} = 1))`;

export type Balance = { payableKopecks: number; onHoldKopecks: number; requestedKopecks: number; paidKopecks: number };

export async function balanceOf(db: Db, partnerId: number, now: number, holdDays: number): Promise<Balance> {
  const cutoff = holdCutoff(now, holdDays);
  const money = await db
    .select({
      payable: sql<number>`coalesce(sum(case when ${openCommission} and ${wonAtOrEpoch} <= ${cutoff} then ${clients.commissionKopecks} end), 0)`,
      onHold: sql<number>`coalesce(sum(case when ${openCommission} and ${wonAtOrEpoch} > ${cutoff} then ${clients.commissionKopecks} end), 0)`,
      paid: sql<number>`coalesce(sum(case when ${clients.isPaid} = 1 then ${clients.commissionKopecks} end), 0)`,
    })
    .from(clients)
    .where(eq(clients.partnerId, partnerId))
    .get();
  // What live requests claimed, at the amounts the partner asked for.
  const requested = await db
    .select({ total: sql<number>`coalesce(sum(${payoutRequests.totalKopecks}), 0)` })
    .from(payoutRequests)
    .where(and(eq(payoutRequests.partnerId, partnerId), inArray(payoutRequests.status, ["pending", "approved"])))
    .get();
  return {
    payableKopecks: money?.payable ?? 0,
    onHoldKopecks: money?.onHold ?? 0,
    requestedKopecks: requested?.total ?? 0,
    paidKopecks: money?.paid ?? 0,
  };
}

export type EligibleClient = {
  id: number;
  name: string;
  amountKopecks: number | null;
  currencyId: string | null;
  commissionKopecks: number;
  wonAt: number | null;
};

const eligibleColumns = {
  id: clients.id,
  name: clients.name,
  amountKopecks: clients.amountKopecks,
  currencyId: clients.currencyId,
  commissionKopecks: clients.commissionKopecks,
  wonAt: clients.wonAt,
};

/** Clients a new request may claim now, oldest win first. */
export async function eligibleClients(db: Db, partnerId: number, now: number, holdDays: number): Promise<EligibleClient[]> {
  return db
    .select(eligibleColumns)
    .from(clients)
    .where(and(eq(clients.partnerId, partnerId), openCommission, sql`${wonAtOrEpoch} <= ${holdCutoff(now, holdDays)}`))
    .orderBy(asc(wonAtOrEpoch), asc(clients.id))
    .limit(MAX_CLIENTS_PER_REQUEST);
}

/** Clients still inside the hold period, the soonest payable first (a short list for the payouts page). */
export async function heldClients(db: Db, partnerId: number, now: number, holdDays: number, limit: number): Promise<EligibleClient[]> {
  if (holdDays === 0) return [];
  return db
    .select(eligibleColumns)
    .from(clients)
    .where(and(eq(clients.partnerId, partnerId), openCommission, sql`${wonAtOrEpoch} > ${holdCutoff(now, holdDays)}`))
    .orderBy(asc(wonAtOrEpoch), asc(clients.id))
    .limit(limit);
}

/** Commission won and commission paid since `since` (the dashboard's 30-day cards). */
export async function commissionSince(db: Db, partnerId: number, since: number) {
  const row = await db
    .select({
      earned: sql<number>`coalesce(sum(case when ${clients.statusGroup} = 'won' and ${clients.wonAt} >= ${since} then ${clients.commissionKopecks} end), 0)`,
      paid: sql<number>`coalesce(sum(case when ${clients.isPaid} = 1 and ${clients.paidAt} >= ${since} then ${clients.commissionKopecks} end), 0)`,
    })
    .from(clients)
    .where(eq(clients.partnerId, partnerId))
    .get();
  return { earnedKopecks: row?.earned ?? 0, paidKopecks: row?.paid ?? 0 };
}

/** The total of the chosen clients that a request could claim right now (the form's running total). */
export async function selectedTotal(db: Db, partnerId: number, clientIds: number[], now: number, holdDays: number): Promise<number> {
  const ids = [...new Set(clientIds)].slice(0, MAX_CLIENTS_PER_REQUEST);
  if (ids.length === 0) return 0;
  const row = await db
    .select({ total: sql<number>`coalesce(sum(${clients.commissionKopecks}), 0)` })
    .from(clients)
    .where(and(eq(clients.partnerId, partnerId), inArray(clients.id, ids), openCommission, sql`${wonAtOrEpoch} <= ${holdCutoff(now, holdDays)}`))
    .get();
  return row?.total ?? 0;
}
