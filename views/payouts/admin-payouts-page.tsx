import { formatCount, formatDate, formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { Field } from "../components/form-field.js";
import { Pagination } from "../components/pagination.js";
import { type PayoutStatus, PayoutStatusPill } from "./parts.js";

export type AdminPayoutRowView = {
  id: number;
  partnerId: number;
  partnerName: string;
  status: PayoutStatus;
  totalKopecks: number;
  clientCount: number;
  createdAt: number;
};
export type AdminFilterValues = { status: string; partner: string; amount_from: string; amount_to: string; from: string; to: string };

export type AdminPayoutsPageProps = {
  rows: AdminPayoutRowView[];
  total: number;
  page: number;
  pages: number;
  filters: AdminFilterValues;
  /** The filters that differ from the defaults, carried over to the page links. */
  params: Record<string, string>;
  partners: Array<{ id: number; name: string }>;
  settings: { values: Record<string, string>; errors: Partial<Record<string, string>> };
  timeZone: string;
};

export function AdminPayoutsPage(p: AdminPayoutsPageProps) {
  const hrefFor = (page: number) => `/admin/payouts?${new URLSearchParams({ ...p.params, page: String(page) })}`;
  return (
    <>
      <h1>{t.payoutsAdmin.title}</h1>
      <AdminPayoutFilters values={p.filters} partners={p.partners} />
      <p class="muted">{t.payoutsAdmin.found(p.total)}</p>
      <div class="payout-section">
        {p.rows.length === 0 ? <p class="card muted">{t.payoutsAdmin.empty}</p> : <AdminPayoutsTable rows={p.rows} timeZone={p.timeZone} />}
        <Pagination page={p.page} pages={p.pages} hrefFor={hrefFor} />
      </div>
      <PayoutSettingsForm values={p.settings.values} errors={p.settings.errors} />
    </>
  );
}

function AdminPayoutFilters({ values, partners }: { values: AdminFilterValues; partners: Array<{ id: number; name: string }> }) {
  const f = t.payoutsAdmin.filters;
  const statuses: Array<[string, string]> = [["all", f.all], ...Object.entries(t.payouts.statuses)];
  // Amount and dates fold away (phones) and open by themselves when one of them is set.
  const more = Boolean(values.amount_from || values.amount_to || values.from || values.to);
  return (
    <form method="get" action="/admin/payouts" class="card payout-filter-form">
      <div class="payout-filters">
        <div class="field">
          <label for="f-status">{f.status}</label>
          <select id="f-status" name="status">
            {statuses.map(([v, label]) => (
              <option value={v} selected={v === values.status}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-partner">{f.partner}</label>
          <select id="f-partner" name="partner">
            <option value="">{f.allPartners}</option>
            {partners.map((partner) => (
              <option value={String(partner.id)} selected={String(partner.id) === values.partner}>
                {partner.name}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="button">
            {f.apply}
          </button>
          <a href="/admin/payouts">{f.reset}</a>
        </div>
      </div>
      <details open={more}>
        <summary>{f.more}</summary>
        <div class="payout-filters">
          <div class="field">
            <label for="f-amount_from">{f.amountFrom}</label>
            <input id="f-amount_from" name="amount_from" inputmode="decimal" value={values.amount_from} maxlength={20} />
          </div>
          <div class="field">
            <label for="f-amount_to">{f.amountTo}</label>
            <input id="f-amount_to" name="amount_to" inputmode="decimal" value={values.amount_to} maxlength={20} />
          </div>
          <div class="field">
            <label for="f-from">{f.from}</label>
            <input id="f-from" name="from" type="date" value={values.from} />
          </div>
          <div class="field">
            <label for="f-to">{f.to}</label>
            <input id="f-to" name="to" type="date" value={values.to} />
          </div>
        </div>
      </details>
    </form>
  );
}

function AdminPayoutsTable({ rows, timeZone }: { rows: AdminPayoutRowView[]; timeZone: string }) {
  const c = t.payoutsAdmin.columns;
  return (
    <div class="table-wrap">
      <table class="table payouts-table">
        <thead>
          <tr>
            <th scope="col">{c.number}</th>
            <th scope="col">{c.partner}</th>
            <th scope="col" class="num">
              {c.amount}
            </th>
            <th scope="col" class="num">
              {c.clients}
            </th>
            <th scope="col">{c.status}</th>
            <th scope="col">{c.created}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td data-label={c.number}>
                <a href={`/admin/payouts/${r.id}`}>{t.payouts.list.open(r.id)}</a>
              </td>
              <td data-label={c.partner}>
                <a href={`/admin/partners/${r.partnerId}`}>{r.partnerName}</a>
              </td>
              <td data-label={c.amount} class="num nowrap">
                {formatMoney(r.totalKopecks)}
              </td>
              <td data-label={c.clients} class="num">
                {formatCount(r.clientCount)}
              </td>
              <td data-label={c.status}>
                <div>
                  <PayoutStatusPill status={r.status} />
                </div>
              </td>
              <td data-label={c.created} class="nowrap">
                {formatDate(r.createdAt, timeZone)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Hold period and minimum payout: the two program rules this desk applies. */
export function PayoutSettingsForm({ values, errors }: { values: Record<string, string>; errors: Partial<Record<string, string>> }) {
  const s = t.payoutsAdmin.settings;
  return (
    <section class="card narrow" id="payout-settings">
      <h2>{s.heading}</h2>
      <form method="post" action="/admin/payouts/settings" class="form">
        <Field name="hold_days" label={s.holdDays} hint={s.holdDaysHint} value={values.hold_days} error={errors.hold_days} required maxlength={3} />
        <Field name="min_amount" label={s.minAmount} hint={s.minAmountHint} value={values.min_amount} error={errors.min_amount} required maxlength={20} />
        <div class="actions">
          <button type="submit" class="button">
            {s.save}
          </button>
        </div>
      </form>
    </section>
  );
}
