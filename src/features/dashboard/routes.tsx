/** /dashboard: the partner's home — main link, money, 30-day results and chart, clients, first steps, notifications. */
import { Hono } from "hono";
import { DashboardPage } from "../../../views/dashboard/dashboard-page.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { dayStartMs, lastDays } from "../../lib/day.js";
import type { AppEnv } from "../../web/env.js";
import { renderPage } from "../../web/render.js";
import { clickTotals, dailyClicks, topLinks } from "../links/stats.js";
import { countUnread, listNotificationsFor } from "../notifications/notifications.js";
import { getPartner } from "../partners/partners.js";
import { balanceOf } from "../payouts/balance.js";
import { getPayoutSettings } from "../payouts/payout-settings.js";
import { clientSummary, conversion, mainLink, onboardingDone, onboardingFacts, resultsSince, showsWelcome } from "./dashboard.js";

export const dashboardRoutes = new Hono<AppEnv>();
dashboardRoutes.use("*", requirePartner);

dashboardRoutes.get("/", async (c) => {
  const user = currentUser(c);
  const { db, config } = c.var.deps;
  const now = c.var.deps.now();
  const days = lastDays(now, 30, config.APP_TIMEZONE);
  const since = days[0] ?? "";
  const sinceMs = dayStartMs(since, config.APP_TIMEZONE);
  const [partner, { holdDays }] = await Promise.all([getPartner(db, user.id), getPayoutSettings(db)]);
  if (!partner) return c.notFound();
  const [latest, unreadCount, totals, series, top, link, results, balance, clients, facts] = await Promise.all([
    listNotificationsFor(db, user, 3),
    countUnread(db, user),
    clickTotals(db, { partnerId: user.id }, since),
    dailyClicks(db, { partnerId: user.id }, days),
    topLinks(db, user.id, since, 5),
    mainLink(db, user.id, since),
    resultsSince(db, user.id, sinceMs),
    balanceOf(db, user.id, now, holdDays),
    clientSummary(db, user.id),
    onboardingFacts(db, user.id, Boolean(partner.company && partner.phone)),
  ]);
  return renderPage(
    c,
    t.dashboard.title,
    <DashboardPage
      name={partner.name}
      partnerCode={partner.partnerCode}
      timeZone={config.APP_TIMEZONE}
      welcomeSince={showsWelcome(partner.decidedAt, now) ? partner.decidedAt : null}
      mainLink={link && { id: link.id, title: link.title, shortUrl: `${config.origin}/r/${link.code}` }}
      balance={balance}
      holdDays={holdDays}
      activity={{ ...totals, ...results, conversion: conversion(results.leads, totals.uniqueVisitors) }}
      series={series}
      topLinks={top.filter((r) => r.clicks > 0)}
      clients={clients}
      onboarding={onboardingDone(facts) ? null : facts}
      unreadCount={unreadCount}
      latest={latest}
    />,
  );
});
