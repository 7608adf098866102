import { formatDate } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

export type ClientSource = "form" | "manual" | "b24_sync";
export type DeliveryState = "pending" | "sent" | "failed";
export type StatusGroup = "new" | "in_progress" | "won" | "lost";

export type ClientRow = {
  id: number;
  createdAt: number;
  name: string;
  /** Already masked when the viewer may not see them in full. */
  phone: string | null;
  email: string | null;
  company: string | null;
  source: ClientSource;
  linkTitle: string | null;
  deliveryState: DeliveryState;
  statusGroup: StatusGroup;
  /** The Bitrix24 stage or status name, when the sync has read one. */
  statusName: string | null;
  duplicateOfId: number | null;
  /** Deal amount and commission in kopecks of `currencyId` (null = roubles). */
  amountKopecks: number | null;
  currencyId: string | null;
  commissionKopecks: number;
  isPaid: boolean;
};

export type ClientsTableProps = {
  rows: ClientRow[];
  timeZone: string;
  /** Partners open a client's page; the admin sees which client a duplicate repeats. */
  viewer: "partner" | "admin";
};

const statusPill: Record<StatusGroup, string> = { new: "pill", in_progress: "pill pill-pending", won: "pill pill-ok", lost: "pill pill-off" };
const deliveryPill: Record<DeliveryState, string> = { pending: "pill pill-pending", sent: "pill pill-ok", failed: "pill pill-off" };

/** The portal's own stage name when known, coloured by its group; the group's name otherwise. */
export function StatusPill({ group, name }: { group: StatusGroup; name: string | null }) {
  return <span class={`${statusPill[group]} status-pill`}>{name ?? t.clients.statusGroups[group]}</span>;
}

/** The deal amount, or a dash while the deal has none. */
export function Amount({ row }: { row: Pick<ClientRow, "amountKopecks" | "currencyId"> }) {
  return <>{row.amountKopecks === null ? t.none : t.commissions.money(row.amountKopecks, row.currencyId)}</>;
}

/** The commission with its paid mark; a dash until something has accrued. */
export function Commission({ row }: { row: Pick<ClientRow, "commissionKopecks" | "currencyId" | "isPaid"> }) {
  if (row.commissionKopecks === 0 && !row.isPaid) return <>{t.none}</>;
  return (
    <span>
      {t.commissions.money(row.commissionKopecks, row.currencyId)}
      {row.isPaid && <span class="pill pill-ok paid-mark">{t.clients.paid}</span>}
    </span>
  );
}

export function DeliveryPill({ state }: { state: DeliveryState }) {
  return <span class={deliveryPill[state]}>{t.clients.delivery[state]}</span>;
}

export function DuplicatePill({ of, showId }: { of: number | null; showId: boolean }) {
  if (of === null) return null;
  return <span class="pill pill-pending">{showId ? t.clients.duplicateOf(of) : t.clients.duplicate}</span>;
}

export function ClientsTable({ rows, timeZone, viewer }: ClientsTableProps) {
  const c = t.clients.columns;
  return (
    <div class="table-wrap">
      <table class="table clients-table">
        <thead>
          <tr>
            <th scope="col">{c.date}</th>
            <th scope="col">{c.name}</th>
            <th scope="col">{c.source}</th>
            <th scope="col">{c.link}</th>
            <th scope="col">{c.delivery}</th>
            <th scope="col">{c.status}</th>
            <th scope="col" class="num">
              {c.amount}
            </th>
            <th scope="col" class="num">
              {c.commission}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr id={`client-${r.id}`}>
              <td data-label={c.date} class="nowrap">
                {formatDate(r.createdAt, timeZone)}
              </td>
              <td data-label={c.name}>
                <div>
                  {viewer === "partner" ? <a href={`/clients/${r.id}`}>{r.name}</a> : r.name}
                  {r.company && <span class="muted block">{r.company}</span>}
                  {r.phone && <span class="muted block">{r.phone}</span>}
                  {r.email && <span class="muted block">{r.email}</span>}
                  <DuplicatePill of={r.duplicateOfId} showId={viewer === "admin"} />
                </div>
              </td>
              <td data-label={c.source} class="nowrap">
                {t.clients.sources[r.source]}
              </td>
              <td data-label={c.link}>{r.linkTitle ?? t.none}</td>
              <td data-label={c.delivery}>
                <DeliveryPill state={r.deliveryState} />
              </td>
              <td data-label={c.status}>
                <StatusPill group={r.statusGroup} name={r.statusName} />
              </td>
              <td data-label={c.amount} class="num">
                <Amount row={r} />
              </td>
              <td data-label={c.commission} class="num">
                <Commission row={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
