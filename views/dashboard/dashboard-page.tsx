import { formatDate, formatDateTime, plural } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { DailyChart } from "../components/chart.js";
import type { BellItem } from "../layouts/chrome.js";
import { BalanceCards, type BalanceView } from "../payouts/balance-cards.js";
import { ClickCards, TopLinks } from "./click-cards.js";

export type DashboardPageProps = {
  name: string;
  partnerCode: string;
  approvedAt: number | null;
  profileComplete: boolean;
  unreadCount: number;
  latest: BellItem[];
  timeZone: string;
  totals: { clicks: number; uniqueVisitors: number };
  series: { days: string[]; clicks: number[]; uniqueVisitors: number[] };
  topLinks: { id: number; title: string; clicks: number; uniqueVisitors: number }[];
  hasLinks: boolean;
  leads: number;
  /** Commission won and paid in the same 30 days. */
  money: { earnedKopecks: number; paidKopecks: number };
  balance: BalanceView;
  holdDays: number;
};

/** The partner's real state: account, next steps, latest notifications. No invented numbers. */
export function DashboardPage(p: DashboardPageProps) {
  const steps = [
    { done: p.hasLinks, text: t.dashboardCards.stepLink, href: "/links/new", action: t.dashboardCards.createLink },
    { done: p.profileComplete, text: t.dashboard.steps.profile, href: "/profile", action: t.dashboard.steps.profileAction },
    { done: p.unreadCount === 0, text: t.dashboard.steps.notifications, href: "/notifications", action: t.dashboard.steps.notificationsAction },
  ];
  return (
    <>
      <h1>{t.dashboard.greeting(p.name)}</h1>
      <ClickCards totals={p.totals} leads={p.leads} money={p.money} />
      <BalanceCards balance={p.balance} holdDays={p.holdDays} link />
      <section class="card">
        <h2>{t.links.chartTitle}</h2>
        <DailyChart
          xLabel={t.links.day}
          id="dashboard-chart"
          label={t.links.chartLabel(p.totals.clicks)}
          days={p.series.days}
          series={[
            { name: t.links.clicks, values: p.series.clicks },
            { name: t.links.unique, values: p.series.uniqueVisitors },
          ]}
        />
        <TopLinks rows={p.topLinks} />
      </section>
      <div class="grid-2">
        <section class="card">
          <h2>{t.dashboard.statusApproved}</h2>
          {p.approvedAt !== null && <p class="muted">{t.dashboard.partnerSince(formatDate(p.approvedAt, p.timeZone))}</p>}
          <p>
            {t.dashboard.codeLabel}: <code class="code">{p.partnerCode}</code>
          </p>
          <p class="hint">{t.partners.partnerCodeHint}</p>
        </section>
        <section class="card">
          <h2>{t.dashboard.gettingStarted}</h2>
          <ol class="steps">
            {steps.map((s) => (
              <li class={s.done ? "step step-done" : "step"}>
                <span class="step-state">{s.done ? t.dashboard.stepDone : t.dashboard.stepTodo}</span>
                <span>{s.text}</span>
                {!s.done && <a href={s.href}>{s.action}</a>}
              </li>
            ))}
          </ol>
        </section>
      </div>
      <section class="card">
        <h2>{t.dashboard.latest}</h2>
        <p class="muted">
          {p.unreadCount > 0 ? t.dashboard.unreadNotifications(p.unreadCount, plural(p.unreadCount, t.plurals.unreadNotification)) : t.dashboard.noUnread}
        </p>
        {p.latest.length === 0 ? (
          <p class="muted">{t.notifications.empty}</p>
        ) : (
          <ul class="list">
            {p.latest.map((n) => (
              <li class={n.read ? "" : "unread"}>
                <strong>{n.title}</strong> <time class="muted">{formatDateTime(n.createdAt, p.timeZone)}</time>
              </li>
            ))}
          </ul>
        )}
        <a href="/notifications">{t.notifications.seeAll}</a>
      </section>
    </>
  );
}
