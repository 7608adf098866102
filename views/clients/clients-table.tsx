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
  statusName: string | null;
  duplicateOfId: number | null;
};

export type ClientsTableProps = {
  rows: ClientRow[];
  timeZone: string;
  /** Partners open a client's page; the admin sees which client a duplicate repeats. */
  viewer: "partner" | "admin";
};

const statusPill: Record<StatusGroup, string> = { new: "pill", in_progress: "pill pill-pending", won: "pill pill-ok", lost: "pill pill-off" };
const deliveryPill: Record<DeliveryState, string> = { pending: "pill pill-pending", sent: "pill pill-ok", failed: "pill pill-off" };

export function StatusPill({ group, name }: { group: StatusGroup; name: string | null }) {
  return (
    <>
      <span class={statusPill[group]}>{t.clients.statusGroups[group]}</span>
      {name && <span class="muted block">{name}</span>}
    </>
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
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
