import { formatCount } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

type Group = "new" | "in_progress" | "won" | "lost";
export type ClientSummaryView = {
  groups: Record<Group, number>;
  undelivered: { pending: number; failed: number };
  won: Array<{ currencyId: string; count: number; amountKopecks: number; commissionKopecks: number }>;
};

const groups: Group[] = ["new", "in_progress", "won", "lost"];

/**
 * "Your clients": every client by the status the company's CRM gives it, each count a link to the same
 * filter on /clients, and the won total. This replaced the partner /crm page, whose funnel set-up
 * meant nothing to partners.
 */
export function ClientsBlock({ summary }: { summary: ClientSummaryView }) {
  const m = t.dashboard.clients;
  const total = groups.reduce((n, g) => n + summary.groups[g], 0);
  const undelivered = summary.undelivered.pending + summary.undelivered.failed;
  return (
    <section class="card" aria-labelledby="clients-heading">
      <div class="dash-section-head">
        <h2 id="clients-heading">{m.heading}</h2>
        {total > 0 && <a href="/clients">{m.all}</a>}
      </div>
      {total === 0 ? (
        <p class="muted">{m.none}</p>
      ) : (
        <>
          <ul class="client-groups">
            {groups.map((g) => (
              <li>
                <a class={`client-group client-group-${g}`} href={`/clients?status=${g}`} id={`clients-${g}`}>
                  <span class="client-group-dot" aria-hidden="true" />
                  <span class="client-group-name">
                    {m.groups[g]}
                    <span class="hint">{m.groupHints[g]}</span>
                  </span>
                  <strong class="client-group-count">{formatCount(summary.groups[g])}</strong>
                </a>
              </li>
            ))}
          </ul>
          {summary.won.map((w) => (
            <dl class="facts compact client-won" id={`won-${w.currencyId}`}>
              <dt>
                {m.wonTotal}
                {summary.won.length > 1 && ` (${m.wonCurrency(w.currencyId)})`}
              </dt>
              <dd class="money">{t.commissions.money(w.amountKopecks, w.currencyId)}</dd>
              <dt>{m.wonCommission}</dt>
              <dd class="money">
                <strong>{t.commissions.money(w.commissionKopecks, w.currencyId)}</strong>
              </dd>
            </dl>
          ))}
          {undelivered > 0 && <p class="hint client-undelivered">{m.undelivered(formatCount(undelivered))}</p>}
        </>
      )}
    </section>
  );
}
