/**
 * The partner's /links list: search, status filter, sort and one page of links with their figures
 * (clicks from the daily roll-up, leads/won/commission from clients), all scoped by partner.
 */
import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { clients, type Link, linkDailyStats, links } from "../../db/schema.js";
import { outer } from "../../db/sql.js";
import { displayUrl } from "../../lib/target-url.js";

export const LINK_PAGE_SIZE = 25;
export const linkSorts = ["newest", "clicks", "leads", "commission", "title"] as const;
export const linkStatuses = ["all", "active", "inactive"] as const;
export type LinkSort = (typeof linkSorts)[number];
export type LinkStatusFilter = (typeof linkStatuses)[number];
export type LinkListFilters = { search: string; status: LinkStatusFilter; sort: LinkSort };

export type LinkFigures = { clicks: number; leads: number; won: number; commissionKopecks: number };
export type LinkListRow = Link & LinkFigures;

// Correlated subqueries, one index range each: the roll-up's primary key (link_id, day) and
// clients_link_idx. The client side repeats the partner so another partner's client can never count.
const ownClients = sql`${clients.linkId} = ${outer(links.id)} and ${clients.partnerId} = ${outer(links.partnerId)}`;
const figures = {
  clicks: sql<number>`coalesce((select sum(${linkDailyStats.clicks}) from ${linkDailyStats} where ${linkDailyStats.linkId} = ${outer(links.id)}), 0)`.as(
    "total_clicks",
  ),
  leads: sql<number>`(select count(*) from ${clients} where ${ownClients})`.as("lead_count"),
  won: sql<number>`(select count(*) from ${clients} where ${ownClients} and ${clients.statusGroup} = 'won')`.as("won_count"),
  commissionKopecks:
    sql<number>`coalesce((select sum(${clients.commissionKopecks}) from ${clients} where ${ownClients} and ${clients.statusGroup} = 'won'), 0)`.as(
      "commission_kop",
    ),
};

// Ties always end on the id, so a page boundary is stable between requests.
const orders: Record<LinkSort, SQL[]> = {
  // The default view: working links first, the newest on top.
  newest: [desc(links.isActive), desc(links.createdAt), desc(links.id)],
  clicks: [sql`total_clicks desc`, desc(links.id)],
  leads: [sql`lead_count desc`, sql`won_count desc`, desc(links.id)],
  commission: [sql`commission_kop desc`, sql`won_count desc`, desc(links.id)],
  // SQLite orders by code point; Russian titles usually start with a capital, which sorts well enough.
  title: [asc(links.title), asc(links.id)],
};

/** Lower case, and the Russian yo (U+0451) as ye (U+0435): people type the one for the other. */
export function searchKey(text: string): string {
  return text.toLocaleLowerCase("ru").replaceAll("\u0451", "\u0435");
}

/**
 * Ids of the partner's links whose title, code or target (as shown, Unicode host) contains `search`.
 * Matched here, not in SQL: SQLite folds only ASCII case, and a partner's links are hundreds, read
 * through links_partner_idx. A pasted short URL (…/r/CODE) finds its link by the code.
 */
async function matchingIds(db: Db, partnerId: number, search: string): Promise<number[]> {
  const rows = await db
    .select({ id: links.id, title: links.title, code: links.code, targetUrl: links.targetUrl })
    .from(links)
    .where(eq(links.partnerId, partnerId));
  // Not \b after the code: a code may end in "-", and there is no word boundary after it.
  const code = /\/r\/([A-Za-z0-9_-]{10})(?![A-Za-z0-9_-])/.exec(search)?.[1];
  if (code) return rows.filter((r) => r.code === code).map((r) => r.id);
  const key = searchKey(search);
  return rows
    .filter(
      (r) =>
        searchKey(r.title).includes(key) || r.code.toLowerCase().includes(key) || (r.targetUrl !== null && searchKey(displayUrl(r.targetUrl)).includes(key)),
    )
    .map((r) => r.id);
}

export type LinkListPage = { rows: LinkListRow[]; total: number; page: number; pages: number };

/** One page (1-based; past the end gives the last page) of LINK_PAGE_SIZE links and the count under the filters. */
export async function listLinkPage(db: Db, partnerId: number, filters: LinkListFilters, requestedPage: number): Promise<LinkListPage> {
  const search = filters.search.trim();
  const ids = search ? await matchingIds(db, partnerId, search) : null;
  if (ids?.length === 0) return { rows: [], total: 0, page: 1, pages: 1 };
  const where = and(
    eq(links.partnerId, partnerId),
    filters.status === "all" ? undefined : eq(links.isActive, filters.status === "active"),
    // One JSON parameter however many links match (no bound-variable limit).
    ids ? inArray(links.id, sql`(select value from json_each(${JSON.stringify(ids)}))`) : undefined,
  );
  const total = await db.$count(links, where);
  const pages = Math.max(1, Math.ceil(total / LINK_PAGE_SIZE));
  const page = Math.min(Math.max(1, requestedPage), pages);
  if (total === 0) return { rows: [], total, page, pages };
  const rows = await db
    .select({ link: links, ...figures })
    .from(links)
    .where(where)
    .orderBy(...orders[filters.sort])
    .limit(LINK_PAGE_SIZE)
    .offset((page - 1) * LINK_PAGE_SIZE);
  return { rows: rows.map(({ link, ...f }) => ({ ...link, ...f })), total, page, pages };
}

/** Leads, won deals and their commission of one of the partner's links (the link page). */
export async function leadFigures(db: Db, partnerId: number, linkId: number): Promise<Pick<LinkFigures, "leads" | "won" | "commissionKopecks">> {
  const row = await db
    .select({
      leads: sql<number>`count(*)`,
      won: sql<number>`coalesce(sum(${clients.statusGroup} = 'won'), 0)`,
      commissionKopecks: sql<number>`coalesce(sum(case when ${clients.statusGroup} = 'won' then ${clients.commissionKopecks} end), 0)`,
    })
    .from(clients)
    .where(and(eq(clients.linkId, linkId), eq(clients.partnerId, partnerId)))
    .get();
  return { leads: row?.leads ?? 0, won: row?.won ?? 0, commissionKopecks: row?.commissionKopecks ?? 0 };
}
