import { t } from "../../src/i18n/ru.js";

type Group = "new" | "in_progress" | "won" | "lost";
type DeliveryState = "pending" | "sent" | "failed";

export type PartnerCrmPageProps = {
  routing: { entityType: "lead" | "deal"; categoryId: number | null; stageId: string | null; own: boolean };
  /** Names from the portal's lists; null when they could not be read (codes are shown instead). */
  names: { category: string | null; stage: string | null } | null;
  portal: "ok" | "unavailable" | "not_configured";
  stats: {
    delivery: Record<DeliveryState, number>;
    groups: Record<Group, number>;
    won: Array<{ currencyId: string; count: number; amountKopecks: number; commissionKopecks: number }>;
  };
};

const deliveryStates: DeliveryState[] = ["pending", "sent", "failed"];
const groups: Group[] = ["new", "in_progress", "won", "lost"];

/** The partner's view of the CRM: their routing in words, delivery counts, conversion and won money. Nothing secret. */
export function PartnerCrmPage(p: PartnerCrmPageProps) {
  const m = t.crmPartner;
  return (
    <>
      <h1>{m.title}</h1>
      <p class="muted">{m.intro}</p>
      <RoutingCard {...p} />
      <section class="card" aria-labelledby="crm-delivery">
        <h2 id="crm-delivery">{m.deliveryHeading}</h2>
        <div class="stats crm-stats">
          {deliveryStates.map((state) => (
            <a class="stat card" href={`/clients?delivery=${state}`} id={`delivery-${state}`}>
              <span class="stat-value">{String(p.stats.delivery[state])}</span>
              <span class="stat-label">{m.delivery[state]}</span>
            </a>
          ))}
        </div>
        {p.stats.delivery.failed > 0 && <p class="hint">{m.failedHint}</p>}
      </section>
      <Conversion stats={p.stats} />
      <WonCard won={p.stats.won} />
    </>
  );
}

function RoutingCard({ routing, names, portal }: PartnerCrmPageProps) {
  const m = t.crmPartner;
  const stageText = names?.stage ?? (routing.stageId === null ? (routing.entityType === "lead" ? m.firstStatus : m.firstStage) : m.code(routing.stageId));
  return (
    <section class="card" aria-labelledby="crm-routing">
      <h2 id="crm-routing">{m.routingHeading}</h2>
      {portal !== "ok" && <p class="flash flash-info">{portal === "not_configured" ? m.notConfigured : m.namesUnavailable}</p>}
      <dl class="facts crm-facts">
        <dt>{m.entity}</dt>
        <dd>{m.entityTypes[routing.entityType]}</dd>
        {routing.categoryId !== null && (
          <>
            <dt>{m.funnel}</dt>
            <dd>{names?.category ?? m.funnelCode(routing.categoryId)}</dd>
          </>
        )}
        <dt>{routing.entityType === "lead" ? m.leadStatus : m.stage}</dt>
        <dd>{stageText}</dd>
      </dl>
      <p class="hint">{routing.own ? m.ownRouting : m.globalRouting}</p>
    </section>
  );
}

function Conversion({ stats }: Pick<PartnerCrmPageProps, "stats">) {
  const m = t.crmPartner;
  const sent = stats.delivery.sent;
  return (
    <section class="card" aria-labelledby="crm-conversion">
      <h2 id="crm-conversion">{m.conversionHeading}</h2>
      {sent === 0 ? (
        <p class="muted">{m.noneDelivered}</p>
      ) : (
        <>
          <p class="hint crm-hint">{m.conversionHint}</p>
          <div class="stats crm-stats">
            {groups.map((group) => (
              <a class="stat card" href={`/clients?status=${group}`} id={`group-${group}`}>
                <span class="stat-value">{String(stats.groups[group])}</span>
                <span class="stat-label">{m.groups[group]}</span>
                <span class="hint">{m.share(Math.round((stats.groups[group] * 100) / sent))}</span>
              </a>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function WonCard({ won }: { won: PartnerCrmPageProps["stats"]["won"] }) {
  const m = t.crmPartner;
  const money = t.commissions.money;
  return (
    <section class="card" aria-labelledby="crm-won">
      <h2 id="crm-won">{m.wonHeading}</h2>
      {won.length === 0 ? (
        <p class="muted">{m.wonNone}</p>
      ) : (
        won.map((w) => (
          <>
            {won.length > 1 && <h3 class="subheading">{m.wonCurrency(w.currencyId)}</h3>}
            <dl class="facts crm-facts" id={`won-${w.currencyId}`}>
              <dt>{m.wonDeals}</dt>
              <dd>{String(w.count)}</dd>
              <dt>{m.wonAmount}</dt>
              <dd class="money">{money(w.amountKopecks, w.currencyId)}</dd>
              <dt>{m.wonCommission}</dt>
              <dd class="money">
                <strong>{money(w.commissionKopecks, w.currencyId)}</strong>
              </dd>
            </dl>
          </>
        ))
      )}
      {won.length > 0 && (
        <p>
          <a href="/clients?status=won">{m.showClients}</a>
        </p>
      )}
    </section>
  );
}
