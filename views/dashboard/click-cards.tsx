import { formatCount, formatMoney, formatPercent } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { DailyChart } from "../components/chart.js";

export type ActivityView = {
  clicks: number;
  uniqueVisitors: number;
  leads: number;
  won: number;
  earnedKopecks: number;
  /** Leads ÷ unique visitors, capped at 1; null without visitors. */
  conversion: { ratio: number; capped: boolean } | null;
};
export type SeriesView = { days: string[]; clicks: number[]; uniqueVisitors: number[] };
export type TopLinkView = { id: number; title: string; clicks: number; uniqueVisitors: number };

/** The last 30 days: three numbers (clicks, leads, won deals), the chart under them, the best links. */
export function ActivitySection({ activity: a, series, topLinks }: { activity: ActivityView; series: SeriesView; topLinks: TopLinkView[] }) {
  const m = t.dashboard.activity;
  const conversion = a.conversion ? (a.conversion.capped ? m.conversionCapped : m.conversion)(formatPercent(a.conversion.ratio)) : m.noVisitors;
  const cards = [
    { id: "activity-clicks", label: m.clicks, value: formatCount(a.clicks), sub: m.visitors(formatCount(a.uniqueVisitors)) },
    { id: "activity-leads", label: m.leads, value: formatCount(a.leads), sub: conversion },
    { id: "activity-won", label: m.won, value: formatCount(a.won), sub: m.earned(formatMoney(a.earnedKopecks)) },
  ];
  return (
    <section class="dash-section" aria-labelledby="activity-heading">
      <div class="dash-section-head">
        <h2 id="activity-heading">{m.heading}</h2>
      </div>
      <div class="activity-cards">
        {cards.map((c) => (
          <div class="card stat activity-card" id={c.id}>
            <span class="stat-label">{c.label}</span>
            <span class="stat-value">{c.value}</span>
            <span class="hint">{c.sub}</span>
          </div>
        ))}
      </div>
      {a.conversion && (
        <p class="hint activity-hint" id="conversion-hint">
          {m.conversionHint}
        </p>
      )}
      <div class="card">
        <h3 class="subheading">{m.chartHeading}</h3>
        <DailyChart
          id="dashboard-chart"
          xLabel={t.links.day}
          label={m.chartLabel(a.clicks)}
          days={series.days}
          series={[
            { name: t.links.clicks, values: series.clicks },
            { name: t.links.unique, values: series.uniqueVisitors },
          ]}
          caption={m.chartCaption(a.clicks, a.uniqueVisitors)}
          empty={m.chartEmpty}
        />
        {topLinks.length > 0 && <TopLinks rows={topLinks} />}
      </div>
    </section>
  );
}

function TopLinks({ rows }: { rows: TopLinkView[] }) {
  return (
    <>
      <h3 class="subheading">{t.dashboard.activity.topLinks}</h3>
      <ol class="top-links">
        {rows.map((r) => (
          <li>
            <a href={`/links/${r.id}`}>{r.title}</a>
            <span class="muted">{t.dashboard.activity.topLinkStats(r.clicks, r.uniqueVisitors)}</span>
          </li>
        ))}
      </ol>
    </>
  );
}
