/** Partner side of notifications: the full list, the polled bell, mark read. */
import { Hono } from "hono";
import { BellCount, BellList } from "../../../views/notifications/bell.js";
import { NotificationsPage } from "../../../views/notifications/notifications-page.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { isFragment, redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { countUnread, listNotificationsFor, markAllRead, markRead } from "./notifications.js";

export const BELL_SIZE = 5;
const PAGE_SIZE = 100;

export const notificationRoutes = new Hono<AppEnv>();
notificationRoutes.use("*", requirePartner);

notificationRoutes.get("/", async (c) => {
  const user = currentUser(c);
  const { db, config } = c.var.deps;
  const [items, unreadCount] = await Promise.all([listNotificationsFor(db, user, PAGE_SIZE), countUnread(db, user)]);
  return renderPage(c, t.notifications.pageTitle, <NotificationsPage items={items} unreadCount={unreadCount} timeZone={config.APP_TIMEZONE} />);
});

/** Polled every 30 s: the count, plus the list out of band so an open dropdown stays current. */
notificationRoutes.get("/bell", async (c) => {
  const user = currentUser(c);
  const { db, config } = c.var.deps;
  const [recent, unreadCount] = await Promise.all([listNotificationsFor(db, user, BELL_SIZE), countUnread(db, user)]);
  return c.html(
    <>
      <BellCount unreadCount={unreadCount} />
      <BellList recent={recent} unreadCount={unreadCount} timeZone={config.APP_TIMEZONE} oob />
    </>,
  );
});

/** After a change: htmx gets the refreshed list (and count out of band); a plain form goes back to the list. */
async function afterChange(c: AppContext, flash?: string) {
  const user = currentUser(c);
  const { db, config } = c.var.deps;
  if (!isFragment(c)) return redirectTo(c, "/notifications", flash ? { kind: "success", text: flash } : undefined);
  const [recent, unreadCount] = await Promise.all([listNotificationsFor(db, user, BELL_SIZE), countUnread(db, user)]);
  return c.html(
    <>
      <BellList recent={recent} unreadCount={unreadCount} timeZone={config.APP_TIMEZONE} />
      <BellCount unreadCount={unreadCount} oob />
    </>,
  );
}

notificationRoutes.post("/read-all", async (c) => {
  await markAllRead(c.var.deps.db, currentUser(c), c.var.deps.now());
  return afterChange(c, t.notifications.allRead);
});

notificationRoutes.post("/:id/read", async (c) => {
  const id = parseId(c.req.param("id"));
  if (id === null || !(await markRead(c.var.deps.db, currentUser(c), id, c.var.deps.now()))) return c.notFound();
  return afterChange(c);
});
