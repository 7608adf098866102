import { formatCount, formatDate, formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { Pagination } from "../components/pagination.js";
import { BalanceCards, type BalanceView } from "./balance-cards.js";
import { type PayoutStatus, PayoutStatusPill } from "./parts.js";
import { type EligibleClientView, PayoutRequestForm, type RequestFormProps } from "./request-form.js";

export type PartnerRequestView = {
  id: number;
  status: PayoutStatus;
  totalKopecks: number;
  clientCount: number;
  adminComment: string | null;
  createdAt: number;
  decidedAt: number | null;
  paidAt: number | null;
};

export type PayoutsPageProps = {
  balance: BalanceView;
  holdDays: number;
  held: EligibleClientView[];
  form: Omit<RequestFormProps, "timeZone">;
  requests: PartnerRequestView[];
  page: number;
  pages: number;
  timeZone: string;
};

export function PayoutsPage(p: PayoutsPageProps) {
  return (
    <>
      <h1>{t.payouts.title}</h1>
      <BalanceCards balance={p.balance} holdDays={p.holdDays} />
      <PayoutRequestForm {...p.form} timeZone={p.timeZone} />
      {p.held.length > 0 && <HeldClients rows={p.held} holdDays={p.holdDays} timeZone={p.timeZone} />}
      <section>
        <h2>{t.payouts.list.heading}</h2>
        {p.requests.length === 0 ? <p class="card muted">{t.payouts.list.empty}</p> : <PartnerRequestsTable rows={p.requests} timeZone={p.timeZone} />}
        <Pagination page={p.page} pages={p.pages} hrefFor={(n) => `/payouts?page=${n}`} />
      </section>
    </>
  );
}

const DAY_MS = 86_400_000;

function HeldClients({ rows, holdDays, timeZone }: { rows: EligibleClientView[]; holdDays: number; timeZone: string }) {
  return (
    <section class="card">
      <h2>{t.payouts.held.heading}</h2>
      <ul class="payout-held">
        {rows.map((c) => (
          <li>
            <span class="payout-client-text">
              <span class="payout-client-name">{c.name}</span>
              <span class="muted payout-client-meta">{t.payouts.held.until(formatDate((c.wonAt ?? 0) + holdDays * DAY_MS, timeZone))}</span>
            </span>
            <strong class="payout-client-sum">{formatMoney(c.commissionKopecks)}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Desktop: every column. Phone: a card with the request, its sum and status, and the admin's comment when there is one; the rest is on the request's page. */
export function PartnerRequestsTable({ rows, timeZone }: { rows: PartnerRequestView[]; timeZone: string }) {
  const l = t.payouts.list;
  return (
    <div class="table-wrap">
      <table class="table payouts-table partner-requests">
        <thead>
          <tr>
            <th scope="col">{l.number}</th>
            <th scope="col">{l.date}</th>
            <th scope="col" class="num">
              {l.amount}
            </th>
            <th scope="col" class="num">
              {l.clients}
            </th>
            <th scope="col">{l.status}</th>
            <th scope="col">{l.adminComment}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td data-label={l.number} class="cell-request">
                <a href={`/payouts/${r.id}`}>{l.open(r.id)}</a>
              </td>
              <td data-label={l.date} class="nowrap cell-date">
                {formatDate(r.createdAt, timeZone)}
              </td>
              <td data-label={l.amount} class="num nowrap cell-sum">
                {formatMoney(r.totalKopecks)}
              </td>
              <td data-label={l.clients} class="num cell-count">
                {formatCount(r.clientCount)}
              </td>
              <td data-label={l.status} class="cell-status">
                <div>
                  <PayoutStatusPill status={r.status} />
                  {statusDate(r) !== null && <span class="muted block">{formatDate(statusDate(r) ?? 0, timeZone)}</span>}
                </div>
              </td>
              <td data-label={l.adminComment} class={r.adminComment ? "cell-comment" : "cell-comment cell-empty"}>
                <span class="pre-line">{r.adminComment ?? t.none}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The date of the latest step: paid, else decided. */
function statusDate(r: PartnerRequestView): number | null {
  return r.status === "paid" ? r.paidAt : r.decidedAt;
}
