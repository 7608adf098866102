/** The client list's query string (filters, sort, page): parsed leniently, an unknown value means "all". */
import { z } from "zod";
import type { Db } from "../../db/client.js";
import { clientSources, deliveryStates, statusGroups } from "../../db/schema.js";
import { CLIENT_PAGE_SIZE, type ClientFilters, type ClientScope, clientSorts, listClients } from "./list.js";
import { isDay, periodPresets, resolvePeriod } from "./period.js";

const day = z
  .string()
  .trim()
  .refine((v) => v === "" || isDay(v))
  .catch("");

export const clientListQuery = z.object({
  q: z.string().trim().max(100).catch(""),
  period: z.enum(periodPresets).catch("all"),
  from: day,
  to: day,
  source: z.enum(["all", ...clientSources]).catch("all"),
  link: z
    .string()
    .regex(/^(all|[1-9]\d{0,15})$/)
    .catch("all"),
  delivery: z.enum(["all", ...deliveryStates]).catch("all"),
  status: z.enum(["all", ...statusGroups]).catch("all"),
  sort: z.enum(clientSorts).catch("created_desc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type ClientListQuery = z.infer<typeof clientListQuery>;

export function parseClientListQuery(raw: Record<string, string>): ClientListQuery {
  return clientListQuery.parse(raw);
}

export function filtersOf(q: ClientListQuery, now: number, timeZone: string): ClientFilters {
  const linkId = q.link === "all" ? null : Number(q.link);
  return {
    search: q.q,
    created: resolvePeriod(q, now, timeZone),
    source: q.source,
    // An id beyond the safe range cannot be anyone's link: 0 matches nothing.
    linkId: linkId === null ? null : Number.isSafeInteger(linkId) ? linkId : 0,
    deliveryState: q.delivery,
    statusGroup: q.status,
    sort: q.sort,
  };
}

const defaults: Omit<ClientListQuery, "page"> = {
  q: "",
  period: "all",
  from: "",
  to: "",
  source: "all",
  link: "all",
  delivery: "all",
  status: "all",
  sort: "created_desc",
};

/** The filters that differ from the defaults, to carry over to pagination and the CSV link. */
export function queryParamsOf(q: ClientListQuery): Record<string, string> {
  const params: Record<string, string> = {};
  for (const key of Object.keys(defaults) as Array<keyof typeof defaults>) {
    if (q[key] !== defaults[key]) params[key] = q[key];
  }
  return params;
}

/** The list page from its raw query string: filters for the form, params for links, one page of rows. */
export async function loadClientListPage(db: Db, scope: ClientScope, raw: Record<string, string>, now: number, timeZone: string) {
  const query = parseClientListQuery(raw);
  const { rows, total } = await listClients(db, scope, filtersOf(query, now, timeZone), query.page);
  const pages = Math.max(1, Math.ceil(total / CLIENT_PAGE_SIZE));
  return { query, params: queryParamsOf(query), rows, total, page: query.page, pages };
}
