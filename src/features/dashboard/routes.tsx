/** /dashboard: the partner's home. Later features add their cards here. */
import { Hono } from "hono";
import { DashboardPage } from "../../../views/dashboard/dashboard-page.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import type { AppEnv } from "../../web/env.js";
import { renderPage } from "../../web/render.js";
import { countUnread, listNotificationsFor } from "../notifications/notifications.js";
import { getPartner } from "../partners/partners.js";

export const dashboardRoutes = new Hono<AppEnv>();
dashboardRoutes.use("*", requirePartner);

dashboardRoutes.get("/", async (c) => {
  const user = currentUser(c);
  const { db, config } = c.var.deps;
  const [partner, latest, unreadCount] = await Promise.all([getPartner(db, user.id), listNotificationsFor(db, user, 3), countUnread(db, user)]);
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
      timeZone={config.APP_TIMEZONE}
    />,
  );
});
