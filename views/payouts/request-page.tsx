import { formatDateTime, formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { MethodSnapshot, money, type PayoutStatus, PayoutStatusPill, type SnapshotView } from "./parts.js";

export type RequestView = {
  id: number;
  status: PayoutStatus;
  totalKopecks: number;
  comment: string | null;
  adminComment: string | null;
  createdAt: number;
  decidedAt: number | null;
  paidAt: number | null;
};
export type RequestClientView = {
  id: number;
  name: string;
  claimedKopecks: number;
  amountKopecks: number | null;
  currencyId: string | null;
};

export type RequestPageProps = { request: RequestView; snapshot: SnapshotView | null; clients: RequestClientView[]; timeZone: string };

/** A partner's own request: status with dates, the requisites it was sent to, the clients and what was claimed for each. */
export function RequestPage({ request: r, snapshot, clients, timeZone }: RequestPageProps) {
  const d = t.payouts.detail;
  return (
    <>
      <p>
        <a href="/payouts">{d.back}</a>
      </p>
      <div class="page-head">
        <h1>{d.title(r.id)}</h1>
        <PayoutStatusPill status={r.status} />
      </div>
      <div class="grid-2">
        <section class="card">
          <dl class="facts compact payout-facts">
            <dt>{d.total}</dt>
            <dd>
              <strong>{formatMoney(r.totalKopecks)}</strong>
            </dd>
            <dt>{d.status}</dt>
            <dd>{t.payouts.statuses[r.status]}</dd>
            <dt>{d.created}</dt>
            <dd>{formatDateTime(r.createdAt, timeZone)}</dd>
            {r.decidedAt !== null && (
              <>
                <dt>{d.decided}</dt>
                <dd>{formatDateTime(r.decidedAt, timeZone)}</dd>
              </>
            )}
            {r.paidAt !== null && (
              <>
                <dt>{d.paid}</dt>
                <dd>{formatDateTime(r.paidAt, timeZone)}</dd>
              </>
            )}
            <dt>{d.comment}</dt>
            <dd class="pre-line">{r.comment ?? t.none}</dd>
            <dt>{d.adminComment}</dt>
            <dd class="pre-line">{r.adminComment ?? t.none}</dd>
          </dl>
        </section>
        <section class="card">
          <h2>{d.method}</h2>
          <MethodSnapshot snapshot={snapshot} masked />
        </section>
      </div>
      <section class="payout-section">
        <h2>{d.clients}</h2>
        <div class="table-wrap">
          <table class="table payouts-table">
            <thead>
              <tr>
                <th scope="col">{d.client}</th>
                <th scope="col" class="num">
                  {d.dealAmount}
                </th>
                <th scope="col" class="num">
                  {d.commission}
                </th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr>
                  <td data-label={d.client}>
                    <a href={`/clients/${c.id}`}>{c.name}</a>
                  </td>
                  <td data-label={d.dealAmount} class="num nowrap">
                    {c.amountKopecks === null ? t.none : money(c.amountKopecks, c.currencyId)}
                  </td>
                  <td data-label={d.commission} class="num nowrap">
                    {formatMoney(c.claimedKopecks)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
