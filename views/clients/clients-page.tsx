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
  const filtered = Object.keys(p.params).some((key) => key !== "page");
  // A partner with no clients at all sees what the page is for and the one thing that fills it.
  if (p.total === 0 && !filtered) return <FirstClients />;
  return (
    <>
      <div class="page-head">
        <h1>{t.clients.title}</h1>
        <a class="button" href="/clients/new">
          {t.clients.addClient}
        </a>
      </div>
      <ClientFilters action="/clients" values={p.filters} links={p.links} />
      <ClientsResults {...p} csvHref={`/clients/export.csv${query ? `?${query}` : ""}`} />
    </>
  );
}

function FirstClients() {
  const e = t.clients.emptyState;
  return (
    <>
      <h1>{t.clients.title}</h1>
      <section class="empty-state">
        <p>{e.text}</p>
        <div class="actions">
          <a class="button" href="/links">
            {e.getLink}
          </a>
          <a class="button button-secondary" href="/clients/new">
            {t.clients.addClient}
          </a>
        </div>
      </section>
    </>
  );
}

type ClientsResultsProps = Pick<ClientsPageProps, "rows" | "total" | "page" | "pages" | "params" | "timeZone"> & { csvHref: string };

/** The count, the table and the pagination: everything the filters change. */
function ClientsResults(p: ClientsResultsProps) {
  const hrefFor = (page: number) => `/clients?${new URLSearchParams({ ...p.params, page: String(page) })}`;
  if (p.total === 0) return <p class="card muted">{t.clients.emptyFiltered}</p>;
  return (
    <>
      {/* The count and the export of exactly what is listed, as a summary row above the table. */}
      <div class="results-bar">
        <p class="muted">{t.clients.found(p.total, plural(p.total, t.clients.plural))}</p>
        <a class="button button-secondary button-small" href={p.csvHref} download>
          {t.clients.downloadCsv}
        </a>
      </div>
      <ClientsTable rows={p.rows} timeZone={p.timeZone} />
      <Pagination page={p.page} pages={p.pages} hrefFor={hrefFor} />
    </>
  );
}
