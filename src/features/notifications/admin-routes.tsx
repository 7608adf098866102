/** /admin/notifications: send to all or to one partner, list, delete. */
import { Hono } from "hono";
import { z } from "zod";
import { AdminNotificationsPage } from "../../../views/notifications/admin-notifications-page.js";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { requireConfirmation } from "../../web/confirm.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId, requiredText } from "../../web/fields.js";
import { parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { countPartnersByState, getPartner, listPartnerChoices } from "../partners/partners.js";
import { deleteNotification, getNotificationTitle, listAllNotifications, sendAdminNotification } from "./notifications.js";

const PAGE_SIZE = 20;
const sendInput = z.object({
  title: requiredText(255),
  message: requiredText(5000, true),
  recipient: z.union([z.literal("all"), z.string().regex(/^[1-9]\d{0,15}$/, t.notifications.admin.unknownRecipient)], t.notifications.admin.unknownRecipient),
});

export const notificationAdminRoutes = new Hono<AppEnv>();
notificationAdminRoutes.use("*", requireAdmin);

async function page(c: AppContext, form: { values: Record<string, string>; errors: Partial<Record<string, string>> }, status: 200 | 422 = 200) {
  const { db, config } = c.var.deps;
  const pageNo = z.coerce.number().int().min(1).max(100_000).catch(1).parse(c.req.query("page"));
  const [partners, list, counts] = await Promise.all([
    listPartnerChoices(db),
    listAllNotifications(db, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE),
    countPartnersByState(db),
  ]);
  return renderPage(
    c,
    t.notifications.admin.title,
    <AdminNotificationsPage
      partners={partners}
      activePartners={counts.active}
      values={form.values}
      errors={form.errors}
      rows={list.rows}
      total={list.total}
      page={pageNo}
      pages={Math.max(1, Math.ceil(list.total / PAGE_SIZE))}
      timeZone={config.APP_TIMEZONE}
    />,
    { status },
  );
}

notificationAdminRoutes.get("/", (c) => page(c, { values: {}, errors: {} }));

notificationAdminRoutes.post("/", async (c) => {
  const { db, now } = c.var.deps;
  const form = await parseForm(c, sendInput);
  if (!form.ok) return page(c, form, 422);
  let target: { id: number; name: string } | null = null;
  if (form.data.recipient !== "all") {
    const partner = await getPartner(db, Number(form.data.recipient));
    if (partner?.approvalStatus !== "approved") return page(c, { values: form.values, errors: { recipient: t.notifications.admin.unknownRecipient } }, 422);
    target = partner;
  } else {
    const { active } = await countPartnersByState(db);
    const question = t.notifications.admin.broadcastQuestion(form.data.title, active);
    const unconfirmed = await requireConfirmation(c, { question, okLabel: t.notifications.admin.send, cancelHref: "/admin/notifications", variant: "primary" });
    if (unconfirmed) return unconfirmed;
  }
  await sendAdminNotification(
    db,
    { title: form.data.title, message: form.data.message, targetUserId: target?.id ?? null, createdBy: currentUser(c).id },
    now(),
  );
  const text = target ? t.notifications.admin.sentToOne(target.name) : t.notifications.admin.sentToAll;
  return redirectTo(c, "/admin/notifications", { kind: "success", text });
});

notificationAdminRoutes.post("/:id/deletion", async (c) => {
  const id = parseId(c.req.param("id"));
  const title = id === null ? null : await getNotificationTitle(c.var.deps.db, id);
  if (id === null || title === null) return c.notFound();
  const question = t.notifications.admin.deleteQuestion(title);
  const unconfirmed = await requireConfirmation(c, { question, okLabel: t.notifications.admin.delete, cancelHref: "/admin/notifications" });
  if (unconfirmed) return unconfirmed;
  if (!(await deleteNotification(c.var.deps.db, id, currentUser(c).id, c.var.deps.now()))) return c.notFound();
  return redirectTo(c, "/admin/notifications", { kind: "success", text: t.notifications.admin.deleted });
});
