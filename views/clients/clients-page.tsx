import { plural } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { Pagination } from "../components/pagination.js";
import { ClientFilters, type ClientFilterValues } from "./client-filters.js";
import { type ClientRow, ClientsTable } from "./clients-table.js";

export type ClientsPageProps = {
  rows: ClientRow[];
  total: number;
  page: number;
  pages: number;
  filters: ClientFilterValues;
  /** The filters that differ from the defaults: kept by pagination and the CSV link. */
  params: Record<string, string>;
  links: Array<{ id: number; title: string }>;
  timeZone: string;
};

export function ClientsPage(p: ClientsPageProps) {
  const query = new URLSearchParams(p.params).toString();
  return (
    <>
      <div class="page-head">
        <h1>{t.clients.title}</h1>
        <div class="actions">
          <a class="button button-secondary" href={`/clients/export.csv${query ? `?${query}` : ""}`} download>
            {t.clients.downloadCsv}
          </a>
          <a class="button" href="/clients/new">
            {t.clients.addClient}
          </a>
        </div>
      </div>
      <ClientFilters action="/clients" values={p.filters} links={p.links} />
      <ClientsResults {...p} basePath="/clients" viewer="partner" />
    </>
  );
}

export type ClientsResultsProps = Pick<ClientsPageProps, "rows" | "total" | "page" | "pages" | "params" | "timeZone"> & {
  basePath: string;
  viewer: "partner" | "admin";
};

/** The count, the table and the pagination: everything the filters change. */
export function ClientsResults(p: ClientsResultsProps) {
  const filtered = Object.keys(p.params).length > 0;
  const hrefFor = (page: number) => `${p.basePath}?${new URLSearchParams({ ...p.params, page: String(page) })}`;
  if (p.total === 0)
    return <p class="card muted">{filtered ? t.clients.emptyFiltered : p.viewer === "admin" ? t.clients.admin.clientsEmpty : t.clients.empty}</p>;
  return (
    <>
      <p class="muted">{t.clients.found(p.total, plural(p.total, t.clients.plural))}</p>
      <ClientsTable rows={p.rows} timeZone={p.timeZone} viewer={p.viewer} />
      <Pagination page={p.page} pages={p.pages} hrefFor={hrefFor} />
    </>
  );
}
