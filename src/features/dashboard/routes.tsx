/** /dashboard: the partner's home — clicks, leads, money (30 days and the balance), next steps, notifications. */
import { Hono } from "hono";
import { DashboardPage } from "../../../views/dashboard/dashboard-page.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { dayStartMs, lastDays } from "../../lib/day.js";
import type { AppEnv } from "../../web/env.js";
import { renderPage } from "../../web/render.js";
import { countClientsSince } from "../clients/clients.js";
import { countLinks } from "../links/links.js";
import { clickTotals, dailyClicks, topLinks } from "../links/stats.js";
import { countUnread, listNotificationsFor } from "../notifications/notifications.js";
import { getPartner } from "../partners/partners.js";
import { balanceOf, commissionSince } from "../payouts/balance.js";
import { getPayoutSettings } from "../payouts/payout-settings.js";

export const dashboardRoutes = new Hono<AppEnv>();
dashboardRoutes.use("*", requirePartner);

dashboardRoutes.get("/", async (c) => {
  const user = currentUser(c);
  const { db, config } = c.var.deps;
  const now = c.var.deps.now();
  const days = lastDays(now, 30, config.APP_TIMEZONE);
  const since = days[0] ?? "";
  const sinceMs = dayStartMs(since, config.APP_TIMEZONE);
  const { holdDays } = await getPayoutSettings(db);
  const [partner, latest, unreadCount, totals, series, top, linkCount, leads, money, balance] = await Promise.all([
    getPartner(db, user.id),
    listNotificationsFor(db, user, 3),
    countUnread(db, user),
    clickTotals(db, { partnerId: user.id }, since),
    dailyClicks(db, { partnerId: user.id }, days),
    topLinks(db, user.id, since, 5),
    countLinks(db, user.id),
    countClientsSince(db, user.id, sinceMs),
    commissionSince(db, user.id, sinceMs),
    balanceOf(db, user.id, now, holdDays),
  ]);
  if (!partner) return c.notFound();
  return renderPage(
    c,
    t.dashboard.title,
    <DashboardPage
      name={partner.name}
      partnerCode={partner.partnerCode}
      approvedAt={partner.decidedAt}
      profileComplete={Boolean(partner.company && partner.phone)}
      unreadCount={unreadCount}
      latest={latest}
      totals={totals}
      series={series}
      topLinks={top}
      hasLinks={linkCount > 0}
      leads={leads}
      money={money}
      balance={balance}
      holdDays={holdDays}
      timeZone={config.APP_TIMEZONE}
    />,
  );
});
