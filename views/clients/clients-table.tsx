import { formatDate } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { formatPhone } from "../../src/lib/phone.js";

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

export type ClientsTableProps = { rows: ClientRow[]; timeZone: string };

/** Semantic colour by group (DESIGN.md): waiting for the manager amber, in progress blue, won green, lost red. */
const statusPill: Record<StatusGroup, string> = { new: "pill pill-waiting", in_progress: "pill pill-progress", won: "pill pill-won", lost: "pill pill-lost" };
const deliveryPill: Record<DeliveryState, string> = { pending: "pill pill-waiting", sent: "pill pill-ok", failed: "pill pill-danger" };

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
    <span class="commission">
      <span class="money">{t.commissions.money(row.commissionKopecks, row.currencyId)}</span>
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

/** An email may break after "@" and before dots — never inside a name, and never off a phone screen. */
export function EmailText({ email }: { email: string }) {
  const parts = email.split(/(?=[@.])/);
  return (
    <span class="email">
      {parts.map((part, i) => (
        <>
          {i > 0 && <wbr />}
          {part}
        </>
      ))}
    </span>
  );
}

/** A stored phone the one way the cabinet writes phones (a masked one is already written so). */
export function PhoneText({ phone }: { phone: string }) {
  return <span class="phone">{formatPhone(phone)}</span>;
}

/**
 * Desktop: a table with the money right-aligned. Phone: each row is a card with the three things a
 * partner looks for — who, the status, the money — and the rest behind a "more" fold (the last cell,
 * shown on phones only; the desktop columns it repeats are hidden there).
 */
export function ClientsTable({ rows, timeZone }: ClientsTableProps) {
  const c = t.clients.columns;
  return (
    <div class="table-wrap">
      <table class="table clients-table">
        <thead>
          <tr>
            <th scope="col">{c.name}</th>
            <th scope="col">{c.date}</th>
            <th scope="col">{c.source}</th>
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
              <td class="cell-name" data-label={c.name}>
                <a href={`/clients/${r.id}`} class="client-name">
                  {r.name}
                </a>
                {r.company && <span class="muted block">{r.company}</span>}
                <span class="cell-contacts">
                  {r.phone && (
                    <span class="muted block">
                      <PhoneText phone={r.phone} />
                    </span>
                  )}
                  {r.email && (
                    <span class="muted block">
                      <EmailText email={r.email} />
                    </span>
                  )}
                </span>
                <DuplicatePill of={r.duplicateOfId} showId={false} />
              </td>
              <td class="cell-date nowrap" data-label={c.date}>
                {formatDate(r.createdAt, timeZone)}
              </td>
              <td class="cell-source" data-label={c.source}>
                {t.clients.sources[r.source]}
                {r.linkTitle && <span class="muted block">{r.linkTitle}</span>}
              </td>
              <td class="cell-status" data-label={c.status}>
                <StatusPill group={r.statusGroup} name={r.statusName} />
                {r.deliveryState !== "sent" && (
                  <span class="muted block delivery-note">
                    {c.delivery}: {t.clients.delivery[r.deliveryState]}
                  </span>
                )}
              </td>
              <td class="cell-amount num" data-label={c.amount}>
                <Amount row={r} />
              </td>
              <td class="cell-commission num" data-label={c.commission}>
                <Commission row={r} />
              </td>
              <td class="cell-more">
                <RowDetails row={r} timeZone={timeZone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The phone card's "more" fold: everything the desktop columns show besides who, status and money. */
function RowDetails({ row: r, timeZone }: { row: ClientRow; timeZone: string }) {
  const c = t.clients.columns;
  const d = t.clients.details;
  return (
    <details class="row-more">
      <summary>{t.clients.moreDetails}</summary>
      <dl class="facts compact">
        <dt>{c.date}</dt>
        <dd>{formatDate(r.createdAt, timeZone)}</dd>
        {r.phone && (
          <>
            <dt>{d.phone}</dt>
            <dd>
              <PhoneText phone={r.phone} />
            </dd>
          </>
        )}
        {r.email && (
          <>
            <dt>{d.email}</dt>
            <dd>
              <EmailText email={r.email} />
            </dd>
          </>
        )}
        <dt>{c.source}</dt>
        <dd>{t.clients.sources[r.source]}</dd>
        {r.linkTitle && (
          <>
            <dt>{c.link}</dt>
            <dd>{r.linkTitle}</dd>
          </>
        )}
        <dt>{c.delivery}</dt>
        <dd>{t.clients.delivery[r.deliveryState]}</dd>
        <dt>{c.amount}</dt>
        <dd>
          <Amount row={r} />
        </dd>
      </dl>
    </details>
  );
}
