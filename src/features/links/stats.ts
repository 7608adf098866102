/** Click statistics from the daily roll-up only: cost depends on links × days, never on clicks. */
import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { linkDailyStats, links } from "../../db/schema.js";

export type ClickTotals = { clicks: number; uniqueVisitors: number; bots: number };
export type DailySeries = { days: string[]; clicks: number[]; uniqueVisitors: number[] };

const sums = {
  clicks: sql<number>`coalesce(sum(${linkDailyStats.clicks}), 0)`,
  uniqueVisitors: sql<number>`coalesce(sum(${linkDailyStats.uniqueVisitors}), 0)`,
  bots: sql<number>`coalesce(sum(${linkDailyStats.bots}), 0)`,
};

/** Totals for a partner's links (or one of them) since `fromDay` inclusive. */
export async function clickTotals(db: Db, scope: { partnerId: number; linkId?: number }, fromDay: string): Promise<ClickTotals> {
  const row = await db
    .select(sums)
    .from(linkDailyStats)
    .innerJoin(links, eq(links.id, linkDailyStats.linkId))
    .where(and(eq(links.partnerId, scope.partnerId), scope.linkId ? eq(links.id, scope.linkId) : undefined, gte(linkDailyStats.day, fromDay)))
    .get();
  return { clicks: row?.clicks ?? 0, uniqueVisitors: row?.uniqueVisitors ?? 0, bots: row?.bots ?? 0 };
}

/** One value per day of `days` (oldest first), zeros where nothing happened. */
export async function dailyClicks(db: Db, scope: { partnerId: number; linkId?: number }, days: string[]): Promise<DailySeries> {
  const rows = await db
    .select({ day: linkDailyStats.day, ...sums })
    .from(linkDailyStats)
    .innerJoin(links, eq(links.id, linkDailyStats.linkId))
    .where(and(eq(links.partnerId, scope.partnerId), scope.linkId ? eq(links.id, scope.linkId) : undefined, inArray(linkDailyStats.day, days)))
    .groupBy(linkDailyStats.day);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return {
    days,
    clicks: days.map((d) => byDay.get(d)?.clicks ?? 0),
    uniqueVisitors: days.map((d) => byDay.get(d)?.uniqueVisitors ?? 0),
  };
}

export async function topLinks(db: Db, partnerId: number, fromDay: string, limit: number) {
  return db
    .select({ id: links.id, title: links.title, code: links.code, ...sums })
    .from(linkDailyStats)
    .innerJoin(links, eq(links.id, linkDailyStats.linkId))
    .where(and(eq(links.partnerId, partnerId), gte(linkDailyStats.day, fromDay)))
    .groupBy(links.id)
    .orderBy(desc(sums.clicks), links.id)
    .limit(limit);
}
