import { formatDate } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { ConfirmForm } from "../components/confirm.js";
import { Pagination } from "../components/pagination.js";

export type PartnerRow = {
  id: number;
  name: string;
  email: string;
  company: string | null;
  partnerCode: string;
  approvalStatus: "pending" | "approved" | "rejected";
  isActive: boolean;
  createdAt: number;
};
export type PartnersPageProps = {
  rows: PartnerRow[];
  search: string;
  filter: string;
  page: number;
  pages: number;
  total: number;
  timeZone: string;
};

const filters = [
  ["all", t.partners.admin.allStatuses],
  ["active", t.partners.admin.filterActive],
  ["inactive", t.partners.admin.filterInactive],
  ["pending", t.partners.admin.filterPending],
  ["rejected", t.partners.admin.filterRejected],
] as const;

export function statusLabel(r: Pick<PartnerRow, "approvalStatus" | "isActive">): string {
  if (r.approvalStatus !== "approved") return t.partners.statuses[r.approvalStatus];
  return r.isActive ? t.partners.active : t.partners.inactive;
}

export function PartnersPage(p: PartnersPageProps) {
  const query = (page: number) => `/admin/partners?${new URLSearchParams({ q: p.search, status: p.filter, page: String(page) })}`;
  return (
    <>
      <div class="page-head">
        <h1>{t.partners.admin.partnersTitle}</h1>
        <a class="button" href="/admin/partners/new">
          {t.partners.admin.createLink}
        </a>
      </div>
      <form method="get" action="/admin/partners" class="filters card">
        <div class="field">
          <label for="f-q">{t.partners.admin.searchLabel}</label>
          <input id="f-q" name="q" type="search" value={p.search} maxlength={100} />
        </div>
        <div class="field">
          <label for="f-status">{t.partners.admin.statusFilter}</label>
          <select id="f-status" name="status">
            {filters.map(([value, label]) => (
              <option value={value} selected={p.filter === value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          {t.search}
        </button>
      </form>
      {p.rows.length === 0 ? (
        <p class="card muted">{t.partners.admin.partnersEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t.partners.admin.columns.name}</th>
                <th scope="col">{t.partners.admin.columns.email}</th>
                <th scope="col">{t.partners.admin.columns.code}</th>
                <th scope="col">{t.partners.admin.columns.status}</th>
                <th scope="col">{t.partners.admin.columns.registered}</th>
                <th scope="col">{t.partners.admin.columns.actions}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <PartnerTableRow row={r} timeZone={p.timeZone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={p.page} pages={p.pages} hrefFor={query} />
    </>
  );
}

export function PartnerTableRow({ row, timeZone }: { row: PartnerRow; timeZone: string }) {
  return (
    <tr id={`partner-${row.id}`}>
      <td data-label={t.partners.admin.columns.name}>
        <div>
          <a href={`/admin/partners/${row.id}`}>{row.name}</a>
          {row.company && <span class="muted block">{row.company}</span>}
        </div>
      </td>
      <td data-label={t.partners.admin.columns.email}>{row.email}</td>
      <td data-label={t.partners.admin.columns.code}>
        <code>{row.partnerCode}</code>
      </td>
      <td data-label={t.partners.admin.columns.status}>
        <span class={`pill pill-${row.approvalStatus === "approved" ? (row.isActive ? "ok" : "off") : row.approvalStatus}`}>{statusLabel(row)}</span>
      </td>
      <td data-label={t.partners.admin.columns.registered}>{formatDate(row.createdAt, timeZone)}</td>
      <td data-label={t.partners.admin.columns.actions}>
        {row.approvalStatus === "approved" &&
          (row.isActive ? (
            <ConfirmForm
              action={`/admin/partners/${row.id}/deactivation`}
              label={t.partners.admin.deactivate}
              question={t.partners.admin.deactivateQuestion(row.name)}
              small
            />
          ) : (
            <form
              method="post"
              action={`/admin/partners/${row.id}/activation`}
              hx-post={`/admin/partners/${row.id}/activation`}
              hx-target={`#partner-${row.id}`}
              hx-swap="outerHTML"
            >
              <button type="submit" class="button button-small">
                {t.partners.admin.activate}
              </button>
            </form>
          ))}
        {row.approvalStatus === "pending" && <a href="/admin/registrations">{t.nav.registrations}</a>}
      </td>
    </tr>
  );
}
