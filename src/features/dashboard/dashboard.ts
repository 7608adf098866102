/**
 * The dashboard's own read model: the partner's main link, 30-day results, their clients by status
 * group and the onboarding facts. Money comes from payouts/balance.ts and clicks from links/stats.ts;
 * this file holds only what no other page needs.
 */
import { and, asc, count, desc, eq, gt, gte, sql, sum } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { clients, type deliveryStates, linkDailyStats, links, payoutMethods, type statusGroups } from "../../db/schema.js";

const DAY_MS = 86_400_000;
/** The «account approved» card greets a new partner this long after approval, then goes. */
export const WELCOME_DAYS = 7;

export function showsWelcome(approvedAt: number | null, now: number): boolean {
  return approvedAt !== null && now >= approvedAt && now - approvedAt < WELCOME_DAYS * DAY_MS;
}

export type MainLink = { id: number; title: string; code: string; clicks: number };

/**
 * The link the partner shares most: the active link with the most clicks since `fromDay`; on a tie
 * (a new partner has no clicks) a default link from approval comes first, then the oldest link.
 * Null when the partner has no active link.
 */
export async function mainLink(db: Db, partnerId: number, fromDay: string): Promise<MainLink | null> {
  const clicks = sql<number>`coalesce(sum(${linkDailyStats.clicks}), 0)`.mapWith(Number);
  const row = await db
    .select({ id: links.id, title: links.title, code: links.code, clicks })
    .from(links)
    .leftJoin(linkDailyStats, and(eq(linkDailyStats.linkId, links.id), gte(linkDailyStats.day, fromDay)))
    .where(and(eq(links.partnerId, partnerId), eq(links.isActive, true)))
    .groupBy(links.id)
    .orderBy(desc(clicks), sql`${links.defaultLinkId} is null`, asc(links.id))
    .limit(1)
    .get();
  return row ?? null;
}

export type Results = { leads: number; won: number; earnedKopecks: number };

/** Clients created, deals won and the commission they earned since `since` (UTC ms). */
export async function resultsSince(db: Db, partnerId: number, since: number): Promise<Results> {
  const wonInPeriod = sql`${clients.statusGroup} = 'won' and ${clients.wonAt} >= ${since}`;
  const row = await db
    .select({
      leads: sql<number>`coalesce(sum(case when ${clients.createdAt} >= ${since} then 1 else 0 end), 0)`.mapWith(Number),
      won: sql<number>`coalesce(sum(case when ${wonInPeriod} then 1 else 0 end), 0)`.mapWith(Number),
      earned: sql<number>`coalesce(sum(case when ${wonInPeriod} then ${clients.commissionKopecks} else 0 end), 0)`.mapWith(Number),
    })
    .from(clients)
    .where(eq(clients.partnerId, partnerId))
    .get();
  return { leads: row?.leads ?? 0, won: row?.won ?? 0, earnedKopecks: row?.earned ?? 0 };
}

/**
 * Leads per unique visitor, for the conversion card. Uniques are counted once a day per link, so a
 * visitor who comes back on another day counts again, and clients added by hand have no visit at all:
 * the ratio is capped at 1 (shown as 100 %) rather than claiming more leads than visits.
 * Null when there were no visitors (nothing to divide by).
 */
export function conversion(leads: number, uniqueVisitors: number): { ratio: number; capped: boolean } | null {
  if (uniqueVisitors <= 0) return null;
  const ratio = leads / uniqueVisitors;
  return ratio > 1 ? { ratio: 1, capped: true } : { ratio, capped: false };
}

export type StatusGroup = (typeof statusGroups)[number];
export type DeliveryState = (typeof deliveryStates)[number];
export type WonTotal = { currencyId: string; count: number; amountKopecks: number; commissionKopecks: number };
export type ClientSummary = {
  /** Every client of the partner by semantic status group: the same counts /clients?status=… lists. */
  groups: Record<StatusGroup, number>;
  /** Clients the company's CRM has not received yet, by delivery state. */
  undelivered: Record<Exclude<DeliveryState, "sent">, number>;
  /** Won deals by currency (amounts in different currencies are never added up). */
  won: WonTotal[];
};

export async function clientSummary(db: Db, partnerId: number): Promise<ClientSummary> {
  // Bitrix24 leaves CURRENCY_ID empty on some deals: those are in the portal's base currency, roubles here.
  const currency = sql<string>`coalesce(${clients.currencyId}, 'RUB')`;
  const [byState, won] = await Promise.all([
    db
      .select({ delivery: clients.deliveryState, group: clients.statusGroup, n: count() })
      .from(clients)
      .where(eq(clients.partnerId, partnerId))
      .groupBy(clients.deliveryState, clients.statusGroup),
    db
      .select({
        currencyId: currency,
        count: count(),
        amountKopecks: sql<number>`coalesce(${sum(clients.amountKopecks)}, 0)`.mapWith(Number),
        commissionKopecks: sql<number>`coalesce(${sum(clients.commissionKopecks)}, 0)`.mapWith(Number),
      })
      .from(clients)
      .where(and(eq(clients.partnerId, partnerId), eq(clients.statusGroup, "won")))
      .groupBy(currency)
      .orderBy(currency),
  ]);
  const groups: Record<StatusGroup, number> = { new: 0, in_progress: 0, won: 0, lost: 0 };
  const undelivered = { pending: 0, failed: 0 };
  for (const row of byState) {
    groups[row.group] += row.n;
    if (row.delivery !== "sent") undelivered[row.delivery] += row.n;
  }
  return { groups, undelivered, won };
}

export type Onboarding = { hasLink: boolean; shared: boolean; profileComplete: boolean; hasRequisites: boolean };

/** The facts behind the first-steps checklist; every step stays done once done in normal use. */
export async function onboardingFacts(db: Db, partnerId: number, profileComplete: boolean): Promise<Onboarding> {
  const [linkCount, clicked, methods] = await Promise.all([
    db.$count(links, eq(links.partnerId, partnerId)),
    db
      .select({ one: sql<number>`1` })
      .from(linkDailyStats)
      .innerJoin(links, eq(links.id, linkDailyStats.linkId))
      .where(and(eq(links.partnerId, partnerId), gt(linkDailyStats.clicks, 0)))
      .limit(1)
      .get(),
    db.$count(payoutMethods, eq(payoutMethods.partnerId, partnerId)),
  ]);
  return { hasLink: linkCount > 0, shared: clicked !== undefined, profileComplete, hasRequisites: methods > 0 };
}

export function onboardingDone(o: Onboarding): boolean {
  return o.hasLink && o.shared && o.profileComplete && o.hasRequisites;
}
