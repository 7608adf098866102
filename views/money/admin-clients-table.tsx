import { formatDate } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { formatPhone } from "../../src/lib/phone.js";
import { type ClientSource, DeliveryPill, type DeliveryState, DuplicatePill, type StatusGroup, StatusPill } from "../clients/clients-table.js";
import { confirmAttrs } from "../components/confirm.js";
import { moneyText } from "./money-text.js";

export type AdminMoneyRow = {
  id: number;
  createdAt: number;
  name: string;
  phone: string | null;
  email: string | null;
  company: string | null;
  source: ClientSource;
  deliveryState: DeliveryState;
  statusGroup: StatusGroup;
  statusName: string | null;
  duplicateOfId: number | null;
  amountKopecks: number | null;
  currencyId: string | null;
  commissionKopecks: number;
  commissionFlagged: boolean;
  isPaid: boolean;
  paidAt: number | null;
  /** The open payout request claiming the client, if any: its payment goes through the payout desk. */
  claimedBy: number | null;
};

export type AdminClientsTableProps = {
  partnerId: number;
  rows: AdminMoneyRow[];
  timeZone: string;
  /** The list's query string, so a mark returns to the same filtered page. */
  back: string;
};

export function PaidState({ row, timeZone }: { row: Pick<AdminMoneyRow, "isPaid" | "paidAt" | "claimedBy">; timeZone: string }) {
  const m = t.moneyTools.clients;
  if (row.isPaid) return <span class="pill pill-ok">{row.paidAt ? m.paidOn(formatDate(row.paidAt, timeZone)) : m.paid}</span>;
  if (row.claimedBy !== null) return <span class="pill pill-pending">{m.claimed(row.claimedBy)}</span>;
  return <span class="muted">{m.unpaid}</span>;
}

/**
 * The partner's clients with their money, inside one form: tick clients and press a bulk button, or
 * press a row's own button (formaction), all without JavaScript.
 */
export function AdminClientsTable(p: AdminClientsTableProps) {
  const m = t.moneyTools.clients;
  const c = m.columns;
  const base = `/admin/partners/${p.partnerId}/clients`;
  return (
    <form method="post" action={`${base}/payment-marks`} class="money-bulk">
      <input type="hidden" name="back" value={p.back} />
      <div class="table-wrap">
        <table class="table money-table">
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">{m.selectHeading}</span>
              </th>
              <th scope="col">{c.client}</th>
              <th scope="col">{c.status}</th>
              <th scope="col" class="num">
                {c.amount}
              </th>
              <th scope="col" class="num">
                {c.commission}
              </th>
              <th scope="col">{c.paid}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr id={`client-${r.id}`}>
                <td data-label={m.selectHeading}>
                  <input type="checkbox" class="row-check" name="client_id" value={String(r.id)} aria-label={m.select(r.name)} />
                </td>
                <td data-label={c.client} class="client-cell">
                  <div>
                    <a href={`${base}/${r.id}`}>{r.name}</a>
                    <span class="muted block">{`${formatDate(r.createdAt, p.timeZone)} · ${t.clients.sources[r.source]}`}</span>
                    {r.company && <span class="muted block">{r.company}</span>}
                    {r.phone && <span class="muted block">{formatPhone(r.phone)}</span>}
                    {r.email && <span class="muted block">{r.email}</span>}
                    <DuplicatePill of={r.duplicateOfId} showId />
                  </div>
                </td>
                <td data-label={c.status} class="status-cell">
                  <div>
                    <StatusPill group={r.statusGroup} name={r.statusName} />
                    <span class="block">
                      <DeliveryPill state={r.deliveryState} />
                    </span>
                  </div>
                </td>
                <td data-label={c.amount} class="num">
                  <span class="amount">{moneyText(r.amountKopecks, r.currencyId)}</span>
                </td>
                <td data-label={c.commission} class="num">
                  <div>
                    <span class="amount">{moneyText(r.commissionKopecks, r.currencyId)}</span>
                    {r.commissionFlagged && (
                      <span class="block">
                        <span class="pill pill-off">{m.flagged}</span>
                      </span>
                    )}
                  </div>
                </td>
                <td data-label={c.paid}>
                  <div>
                    <PaidState row={r} timeZone={p.timeZone} />
                    <RowAction row={r} base={base} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <fieldset class="choice money-bulk-actions">
        <legend>{m.bulkLegend}</legend>
        <p class="hint">{m.bulkHint}</p>
        <div class="actions">
          <button type="submit" class="button" name="mark" value="paid" {...confirmAttrs(m.bulkPaidDialog, m.bulkPaid, "primary")}>
            {m.bulkPaid}
          </button>
          <button type="submit" class="button button-secondary" name="mark" value="unpaid" {...confirmAttrs(m.bulkUnpaidDialog, m.bulkUnpaid, "secondary")}>
            {m.bulkUnpaid}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

/** One client's own mark: the same form, posted to the client's address (the ticks are ignored there). */
function RowAction({ row, base }: { row: AdminMoneyRow; base: string }) {
  const m = t.moneyTools.clients;
  const action = `${base}/${row.id}/payment-mark`;
  if (row.isPaid)
    return (
      <button
        type="submit"
        class="button button-secondary button-small"
        formaction={action}
        name="mark"
        value="unpaid"
        aria-label={`${m.markUnpaid}: ${row.name}`}
        {...confirmAttrs(m.unpaidQuestion(row.name), m.bulkUnpaid, "secondary")}
      >
        {m.markUnpaid}
      </button>
    );
  if (row.claimedBy !== null || row.commissionKopecks <= 0) return null;
  return (
    <button
      type="submit"
      class="button button-small pay-action"
      formaction={action}
      name="mark"
      value="paid"
      aria-label={`${m.markPaid}: ${row.name}`}
      {...confirmAttrs(m.paidQuestion(row.name), m.bulkPaid, "primary")}
    >
      {m.markPaid}
    </button>
  );
}
