/** Client lists for the partner and for the admin's partner page. Every query is scoped by partner. */
import { and, asc, count, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { type Client, type clientSources, clients, type deliveryStates, links, type statusGroups } from "../../db/schema.js";
import type { CreatedRange } from "./period.js";

export const CLIENT_PAGE_SIZE = 50;
export const CLIENT_EXPORT_CAP = 50_000;
export const clientSorts = ["created_desc", "created_asc", "name_asc"] as const;

export type ClientSort = (typeof clientSorts)[number];
export type ClientScope = { partnerId: number };
export type ClientFilters = {
  /** Matched case-insensitively against the lower-cased name (SQLite folds only ASCII). */
  search: string;
  created: CreatedRange;
  source: (typeof clientSources)[number] | "all";
  /** Only the scope partner's own link counts; another partner's link id matches nothing. */
  linkId: number | null;
  deliveryState: (typeof deliveryStates)[number] | "all";
  statusGroup: (typeof statusGroups)[number] | "all";
  sort: ClientSort;
};
export type ClientListRow = Client & { linkTitle: string | null };

export const noClientFilters: ClientFilters = {
  search: "",
  created: { from: null, to: null },
  source: "all",
  linkId: null,
  deliveryState: "all",
  statusGroup: "all",
  sort: "created_desc",
};

function whereOf(db: Db, scope: ClientScope, f: ClientFilters): SQL | undefined {
  const search = f.search.trim().toLowerCase();
  const escaped = search.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  const ownLink =
    f.linkId === null
      ? undefined
      : db
          .select({ id: links.id })
          .from(links)
          .where(and(eq(links.id, f.linkId), eq(links.partnerId, scope.partnerId)));
  return and(
    eq(clients.partnerId, scope.partnerId),
    escaped ? sql`${clients.searchName} like ${`%${escaped}%`} escape '\\'` : undefined,
    f.created.from === null ? undefined : gte(clients.createdAt, f.created.from),
    f.created.to === null ? undefined : lt(clients.createdAt, f.created.to),
    f.source === "all" ? undefined : eq(clients.source, f.source),
    ownLink ? inArray(clients.linkId, ownLink) : undefined,
    f.deliveryState === "all" ? undefined : eq(clients.deliveryState, f.deliveryState),
    f.statusGroup === "all" ? undefined : eq(clients.statusGroup, f.statusGroup),
  );
}

const orders: Record<ClientSort, SQL[]> = {
  created_desc: [desc(clients.createdAt), desc(clients.id)],
  created_asc: [asc(clients.createdAt), asc(clients.id)],
  name_asc: [asc(clients.searchName), asc(clients.id)],
};

function selectRows(db: Db, scope: ClientScope, f: ClientFilters, limit: number, offset: number) {
  return db
    .select({ client: clients, linkTitle: links.title })
    .from(clients)
    .leftJoin(links, and(eq(links.id, clients.linkId), eq(links.partnerId, clients.partnerId)))
    .where(whereOf(db, scope, f))
    .orderBy(...orders[f.sort])
    .limit(limit)
    .offset(offset);
}

const flatten = (rows: Array<{ client: Client; linkTitle: string | null }>): ClientListRow[] => rows.map((r) => ({ ...r.client, linkTitle: r.linkTitle }));

/** One page (1-based) of CLIENT_PAGE_SIZE rows and the total count under the same filters. */
export async function listClients(db: Db, scope: ClientScope, filters: ClientFilters, page: number): Promise<{ rows: ClientListRow[]; total: number }> {
  const [rows, totalRow] = await Promise.all([
    selectRows(db, scope, filters, CLIENT_PAGE_SIZE, (page - 1) * CLIENT_PAGE_SIZE),
    db
      .select({ n: count() })
      .from(clients)
      .where(whereOf(db, scope, filters))
      .get(),
  ]);
  return { rows: flatten(rows), total: totalRow?.n ?? 0 };
}

/** Every filtered row for a CSV file, at most CLIENT_EXPORT_CAP. */
export async function listClientsForExport(db: Db, scope: ClientScope, filters: ClientFilters): Promise<ClientListRow[]> {
  return flatten(await selectRows(db, scope, filters, CLIENT_EXPORT_CAP, 0));
}

/** The partner's links for the link picker and the link filter. */
export async function listLinkChoices(db: Db, partnerId: number): Promise<Array<{ id: number; title: string }>> {
  return db.select({ id: links.id, title: links.title }).from(links).where(eq(links.partnerId, partnerId)).orderBy(desc(links.createdAt), desc(links.id));
}
