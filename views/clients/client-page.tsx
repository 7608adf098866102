import { formatDate, formatDateTime } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { type ClientMoney, ClientMoneyCard, type CommissionChange } from "./client-money.js";
import { type ClientRow, DeliveryPill, DuplicatePill, EmailText, PhoneText, StatusPill } from "./clients-table.js";

export type TimelineEntry = { id: number; at: number; kind: string; data: string | null };
export type ClientDetails = ClientRow & {
  comment: string | null;
  utm: Array<[name: string, value: string]>;
};
export type ClientPageProps = {
  client: ClientDetails;
  masked: boolean;
  events: TimelineEntry[];
  money: ClientMoney;
  history: CommissionChange[];
  timeZone: string;
};

export function ClientPage({ client, masked, events, money, history, timeZone }: ClientPageProps) {
  const d = t.clients.details;
  return (
    <>
      <p>
        <a href="/clients">{d.back}</a>
      </p>
      <div class="page-head">
        <h1>{client.name}</h1>
        <DuplicatePill of={client.duplicateOfId} showId={false} />
      </div>
      {client.duplicateOfId !== null && <p class="flash flash-info">{t.clients.duplicateNotice}</p>}
      <div class="grid-2">
        <section class="card">
          <h2>{d.heading}</h2>
          <dl class="facts">
            <dt>{d.phone}</dt>
            <dd>{client.phone ? <PhoneText phone={client.phone} /> : t.none}</dd>
            <dt>{d.email}</dt>
            <dd>{client.email ? <EmailText email={client.email} /> : t.none}</dd>
            <dt>{d.company}</dt>
            <dd>{client.company ?? t.none}</dd>
            <dt>{d.comment}</dt>
            <dd class="pre-line">{client.comment ?? t.none}</dd>
            <dt>{d.created}</dt>
            <dd>{formatDate(client.createdAt, timeZone)}</dd>
            <dt>{d.source}</dt>
            <dd>{t.clients.sources[client.source]}</dd>
            <dt>{d.link}</dt>
            <dd>{client.linkTitle ?? t.none}</dd>
            <dt>{d.utm}</dt>
            <dd>
              {client.utm.length === 0
                ? t.none
                : client.utm.map(([name, value]) => (
                    <span class="block">
                      <code>{name}</code>: {value}
                    </span>
                  ))}
            </dd>
            <dt>{d.delivery}</dt>
            <dd>
              <DeliveryPill state={client.deliveryState} />
            </dd>
            <dt>{d.status}</dt>
            <dd>
              <StatusPill group={client.statusGroup} name={client.statusName} />
            </dd>
          </dl>
          {masked && <p class="hint">{d.maskedHint}</p>}
        </section>
        <ClientMoneyCard money={money} history={history} timeZone={timeZone} />
      </div>
      <section class="card" id="timeline">
        <h2>{t.clients.timeline.heading}</h2>
        {events.length === 0 ? (
          <p class="muted">{t.clients.timeline.empty}</p>
        ) : (
          <ol class="list">
            {events.map((e) => (
              <li>
                <time class="muted block" datetime={new Date(e.at).toISOString()}>
                  {formatDateTime(e.at, timeZone)}
                </time>
                {timelineLabel(e)}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

function dataOf(entry: TimelineEntry): Record<string, unknown> {
  try {
    const parsed: unknown = entry.data ? JSON.parse(entry.data) : {};
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const isKey = <T extends object>(obj: T, key: unknown): key is keyof T => typeof key === "string" && Object.hasOwn(obj, key);

/** A timeline entry in words; kinds this version does not know yet are still shown. */
export function timelineLabel(entry: TimelineEntry): string {
  const tl = t.clients.timeline;
  const data = dataOf(entry);
  switch (entry.kind) {
    case "created":
      return isKey(tl.created, data.source) ? tl.created[data.source] : tl.createdUnknown;
    case "duplicate":
      return tl.duplicate;
    case "delivered":
      return data.entity === "deal" ? tl.deliveredDeal : data.entity === "lead" ? tl.deliveredLead : tl.delivered;
    case "delivery_failed":
      // The Bitrix24 error text is for the admin; the partner learns only that a person will look.
      return tl.deliveryFailed;
    case "imported":
      return tl.imported;
    case "b24_deal_attached":
      return tl.dealAttached;
    case "b24_deleted":
      return tl.deleted;
    case "commission_flagged":
      // Internal amounts stay with the admin: the partner sees that the change is being checked.
      return tl.flagged;
    case "status": {
      const name = [data.name, data.statusName].find((v) => typeof v === "string" && v !== "");
      const group = isKey(t.clients.statusGroups, data.group) ? t.clients.statusGroups[data.group] : t.none;
      return tl.status(typeof name === "string" ? name : group);
    }
    default:
      return tl.other(entry.kind);
  }
}
