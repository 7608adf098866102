import { formatCount, formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { displayUrl } from "../../src/lib/target-url.js";
import { CopyButton } from "../components/copy-field.js";
import { Pagination } from "../components/pagination.js";

export type LinkRow = {
  id: number;
  title: string;
  code: string;
  linkType: "direct" | "landing" | "iframe";
  isActive: boolean;
  targetUrl: string | null;
  clicks: number;
  leads: number;
  won: number;
  commissionKopecks: number;
};

export type LinkListState = { q: string; status: "all" | "active" | "inactive"; sort: "newest" | "clicks" | "leads" | "commission" | "title" };

export type LinksPageProps = {
  rows: LinkRow[];
  origin: string;
  query: LinkListState;
  /** Non-default query parameters, kept by the page links. */
  params: Record<string, string>;
  total: number;
  page: number;
  pages: number;
  /** The partner has links at all (an empty result then means "nothing matches"). */
  hasLinks: boolean;
};

const statuses = ["all", "active", "inactive"] as const;
const sorts = ["newest", "clicks", "leads", "commission", "title"] as const;

export function LinksPage(p: LinksPageProps) {
  const filtered = p.query.q !== "" || p.query.status !== "all";
  return (
    <>
      <div class="page-head">
        <h1>{t.links.title}</h1>
        {p.hasLinks && (
          <a class="button" href="/links/new">
            {t.links.newLink}
          </a>
        )}
      </div>
      {!p.hasLinks ? (
        <section class="card links-empty">
          <p>{t.links.empty}</p>
          <a class="button" href="/links/new">
            {t.links.createLink}
          </a>
        </section>
      ) : (
        <>
          <Filters query={p.query} />
          <p class="links-count">{filtered ? t.links.list.found(p.total) : t.links.list.count(p.total)}</p>
          {p.rows.length === 0 ? (
            <section class="card links-empty">
              <p>{t.links.list.nothingFound}</p>
              <a class="button button-secondary" href="/links">
                {t.links.list.reset}
              </a>
            </section>
          ) : (
            <LinksTable rows={p.rows} origin={p.origin} />
          )}
          <Pagination page={p.page} pages={p.pages} hrefFor={(page) => hrefFor(p.params, page)} />
        </>
      )}
    </>
  );
}

function hrefFor(params: Record<string, string>, page: number): string {
  const search = new URLSearchParams(params);
  if (page > 1) search.set("page", String(page));
  const text = search.toString();
  return text ? `/links?${text}` : "/links";
}

/** A plain GET form: the result is a bookmarkable URL and works without JavaScript. */
function Filters({ query }: { query: LinkListState }) {
  const l = t.links.list;
  return (
    <form method="get" action="/links" class="links-filters">
      <div class="field links-filter-search">
        <label for="links-q">{l.search}</label>
        <input id="links-q" type="search" name="q" value={query.q} maxlength={100} placeholder={l.searchHint} autocomplete="off" />
      </div>
      <div class="field links-filter-status">
        <label for="links-status">{l.status}</label>
        <select id="links-status" name="status">
          {statuses.map((s) => (
            <option value={s} selected={query.status === s}>
              {l.statuses[s]}
            </option>
          ))}
        </select>
      </div>
      <div class="field links-filter-sort">
        <label for="links-sort">{l.sort}</label>
        <select id="links-sort" name="sort">
          {sorts.map((s) => (
            <option value={s} selected={query.sort === s}>
              {l.sorts[s]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button button-secondary">
        {l.apply}
      </button>
    </form>
  );
}

/** Desktop: a table with right-aligned figures. Phones: each row is a card (static/css/40-links.css). */
function LinksTable({ rows, origin }: { rows: LinkRow[]; origin: string }) {
  const c = t.links.columns;
  return (
    <div class="links-table-wrap">
      <table class="links-table">
        <caption class="visually-hidden">{t.links.list.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{c.title}</th>
            <th scope="col">{c.shortUrl}</th>
            <th scope="col" class="num">
              {c.clicks}
            </th>
            <th scope="col" class="num">
              {c.leads}
            </th>
            <th scope="col" class="num">
              {c.won}
            </th>
            <th scope="col" class="num">
              {c.commission}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row row={row} origin={origin} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row({ row, origin }: { row: LinkRow; origin: string }) {
  const c = t.links.columns;
  const shortUrl = `${origin}/r/${row.code}`;
  const target = row.linkType === "direct" && row.targetUrl ? displayUrl(row.targetUrl) : null;
  return (
    <tr id={`link-${row.id}`} class={row.isActive ? "link-row" : "link-row link-row-off"}>
      <td class="link-cell-title">
        <a class="link-row-title" href={`/links/${row.id}`}>
          {row.title}
        </a>
        <span class="link-row-meta">
          <span class="link-type">{t.links.typeLabels[row.linkType]}</span>
          {!row.isActive && <span class="pill pill-off">{t.links.inactive}</span>}
          {target && (
            <span class="link-row-target" title={target}>
              {target.replace(/^https?:\/\//, "")}
            </span>
          )}
        </span>
      </td>
      <td class="link-cell-short">
        {/* The host is the same on every row, so the path is shown; copying takes the full URL. */}
        <span class="link-short">/r/{row.code}</span>
        <CopyButton text={shortUrl} small context={t.links.list.copyShort(row.title)} />
      </td>
      <td class="num link-cell-clicks" data-label={c.clicks}>
        {formatCount(row.clicks)}
      </td>
      <td class="num link-cell-leads" data-label={c.leads}>
        {formatCount(row.leads)}
      </td>
      <td class="num link-cell-won" data-label={c.won}>
        {formatCount(row.won)}
      </td>
      <td class="num link-cell-money money" data-label={c.commission}>
        {formatMoney(row.commissionKopecks)}
      </td>
    </tr>
  );
}
