import { formatDateTime } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import type { BellItem } from "../layouts/chrome.js";
import type { BalanceView } from "../payouts/balance-cards.js";
import { ActivitySection, type ActivityView, type SeriesView, type TopLinkView } from "./click-cards.js";
import { type ClientSummaryView, ClientsBlock } from "./clients-block.js";
import { MoneyRow } from "./money-row.js";
import { Checklist, type OnboardingView, WelcomeCard } from "./onboarding.js";
import { MainLinkBlock, type MainLinkView } from "./share-block.js";

export type DashboardPageProps = {
  name: string;
  partnerCode: string;
  timeZone: string;
  /** The approval instant while the welcome card is still due (the first week), else null. */
  welcomeSince: number | null;
  mainLink: MainLinkView | null;
  balance: BalanceView;
  holdDays: number;
  activity: ActivityView;
  series: SeriesView;
  topLinks: TopLinkView[];
  clients: ClientSummaryView;
  /** Null once every step is done: the checklist is gone. */
  onboarding: OnboardingView | null;
  unreadCount: number;
  latest: BellItem[];
};

/**
 * The partner's home, in the order they need it (DESIGN.md, Dub Partners / PartnerStack): their link
 * to share, their money, the last 30 days, then first steps (while due), their clients, notifications.
 */
export function DashboardPage(p: DashboardPageProps) {
  return (
    <>
      <MainLinkBlock name={p.name} link={p.mainLink} />
      <MoneyRow balance={p.balance} holdDays={p.holdDays} />
      <ActivitySection activity={p.activity} series={p.series} topLinks={p.topLinks} />
      <div class="dash-grid">
        {(p.welcomeSince !== null || p.onboarding) && (
          <div class="dash-stack">
            {p.welcomeSince !== null && <WelcomeCard approvedAt={p.welcomeSince} partnerCode={p.partnerCode} timeZone={p.timeZone} />}
            {p.onboarding && <Checklist facts={p.onboarding} mainLinkId={p.mainLink?.id ?? null} />}
          </div>
        )}
        <ClientsBlock summary={p.clients} />
        <Latest unreadCount={p.unreadCount} latest={p.latest} timeZone={p.timeZone} />
      </div>
    </>
  );
}

function Latest({ unreadCount, latest, timeZone }: { unreadCount: number; latest: BellItem[]; timeZone: string }) {
  return (
    <section class="card" aria-labelledby="latest-heading">
      <div class="dash-section-head">
        <h2 id="latest-heading">{t.dashboard.latest}</h2>
        <a href="/notifications">{t.notifications.seeAll}</a>
      </div>
      <p class="muted">{unreadCount > 0 ? t.dashboard.unreadNotifications(unreadCount) : t.dashboard.noUnread}</p>
      {latest.length === 0 ? (
        <p class="muted">{t.notifications.empty}</p>
      ) : (
        <ul class="list">
          {latest.map((n) => (
            <li class={n.read ? "" : "unread"}>
              <strong>{n.title}</strong> <time class="muted">{formatDateTime(n.createdAt, timeZone)}</time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
