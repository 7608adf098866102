import { formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

/** 30-day cards: clicks, visitors, leads, conversion, commission won and commission paid in the period. */
export function ClickCards({
  totals,
  leads,
  money,
}: {
  totals: { clicks: number; uniqueVisitors: number };
  leads: number;
  money: { earnedKopecks: number; paidKopecks: number };
}) {
  const cards = [
    { label: t.dashboardCards.clicks, value: String(totals.clicks) },
    { label: t.dashboardCards.unique, value: String(totals.uniqueVisitors) },
    { label: t.dashboardCards.leads, value: String(leads) },
    {
      label: t.dashboardCards.conversion,
      value: totals.uniqueVisitors > 0 ? `${((leads / totals.uniqueVisitors) * 100).toFixed(1).replace(".", ",")} %` : t.none,
      hint: t.dashboardCards.conversionHint,
    },
    { label: t.dashboardCards.earned, value: formatMoney(money.earnedKopecks), hint: t.dashboardCards.earnedHint, money: true },
    { label: t.dashboardCards.paid, value: formatMoney(money.paidKopecks), hint: t.dashboardCards.paidHint, money: true },
  ];
  return (
    <section aria-label={t.dashboardCards.period}>
      <p class="muted">{t.dashboardCards.period}</p>
      <div class="stats dashboard-stats">
        {cards.map((card) => (
          <div class={"money" in card ? "stat card stat-money" : "stat card"}>
            <span class={"money" in card ? "stat-value money-value" : "stat-value"}>{card.value}</span>
            <span class="stat-label">{card.label}</span>
            {card.hint && <span class="hint">{card.hint}</span>}
          </div>
        ))}
      </div>
    </section>
  );
}

export function TopLinks({ rows }: { rows: { id: number; title: string; clicks: number; uniqueVisitors: number }[] }) {
  return (
    <>
      <h3 class="subheading">{t.dashboardCards.topLinks}</h3>
      {rows.length === 0 ? (
        <p class="muted">{t.dashboardCards.noClicks}</p>
      ) : (
        <ol class="top-links">
          {rows.map((r) => (
            <li>
              <a href={`/links/${r.id}`}>{r.title}</a>
              <span class="muted">
                {" "}
                {t.links.clicks}: {String(r.clicks)}, {t.links.unique.toLowerCase()}: {String(r.uniqueVisitors)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
