/** /admin/notifications: send to all or to one partner, list, delete. */
import { Hono } from "hono";
import { z } from "zod";
import { CONFIRMED_FIELD, ConfirmPage } from "../../../views/components/confirm.js";
import { AdminNotificationsPage } from "../../../views/notifications/admin-notifications-page.js";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { requireConfirmation } from "../../web/confirm.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId, requiredText } from "../../web/fields.js";
import { validateForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { discardStoredAttachments, receiveMessageForm } from "../../web/message-upload.js";
import { renderPage } from "../../web/render.js";
import { ACCEPTED_EXTENSIONS } from "../attachments/sniff.js";
import { removeStoredAttachments } from "../attachments/store.js";
import { countPartnersByState, getPartner, listPartnerChoices } from "../partners/partners.js";
import { deleteNotification, getNotificationTitle, listAllNotifications, sendAdminNotification } from "./notifications.js";

const PAGE_SIZE = 20;
const ACCEPT = ACCEPTED_EXTENSIONS.map((ext) => `.${ext}`).join(",");
/** The most UTF-8 bytes each field may have (the schema then counts characters with a Russian message). */
const FIELD_BYTES = { title: 4 * 255, message: 4 * 5000, recipient: 32, [CONFIRMED_FIELD]: 8 };
const sendInput = z.object({
  title: requiredText(255),
  message: requiredText(5000, true),
  recipient: z.union([z.literal("all"), z.string().regex(/^[1-9]\d{0,15}$/, t.notifications.admin.unknownRecipient)], t.notifications.admin.unknownRecipient),
});

export const notificationAdminRoutes = new Hono<AppEnv>();
notificationAdminRoutes.use("*", requireAdmin);

type PageForm = { values: Record<string, string>; errors: Partial<Record<string, string>>; askBroadcastConfirm?: boolean };

async function page(c: AppContext, form: PageForm, status: 200 | 413 | 415 | 422 = 200) {
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
      accept={ACCEPT}
      askBroadcastConfirm={form.askBroadcastConfirm}
    />,
    { status },
  );
}

notificationAdminRoutes.get("/", (c) => page(c, { values: {}, errors: {} }));

/**
 * Sends with the files in one write: a refused file re-renders the form with its message and the
 * typed text, nothing stored. The form is multipart, so the body is read once here (by
 * receiveMessageForm) and a broadcast's confirmation is asked without requireConfirmation.
 */
notificationAdminRoutes.post("/", async (c) => {
  const { db, now } = c.var.deps;
  const received = await receiveMessageForm(c, { fields: FIELD_BYTES });
  if (!received.ok) {
    if (!received.drained) c.header("Connection", "close");
    return page(c, { values: received.fields, errors: { files: received.message } }, received.status);
  }
  const { fields, files } = received;
  const refuse = async (form: PageForm) => {
    await discardStoredAttachments(c, files);
    return page(c, form, 422);
  };
  const form = validateForm(fields, sendInput);
  if (!form.ok) return refuse(form);
  let target: { id: number; name: string } | null = null;
  if (form.data.recipient !== "all") {
    const partner = await getPartner(db, Number(form.data.recipient));
    if (partner?.approvalStatus !== "approved") return refuse({ values: fields, errors: { recipient: t.notifications.admin.unknownRecipient } });
    target = partner;
  } else if (fields[CONFIRMED_FIELD] !== "1") {
    // Without JavaScript (no dialog): files cannot ride along a confirmation page, so the form asks
    // for a ticked box and the files again; without files, the usual confirmation page.
    if (files.length > 0) {
      return refuse({ values: fields, errors: { confirmed: t.notifications.admin.broadcastFilesConfirm }, askBroadcastConfirm: true });
    }
    const { active } = await countPartnersByState(db);
    const question = t.notifications.admin.broadcastQuestion(form.data.title, active);
    const hidden = Object.entries(fields).filter(([name]) => name !== CONFIRMED_FIELD);
    return renderPage(
      c,
      t.confirm.title,
      <ConfirmPage
        action={c.req.path}
        question={question}
        okLabel={t.notifications.admin.send}
        variant="primary"
        fields={hidden}
        cancelHref="/admin/notifications"
      />,
    );
  }
  try {
    await sendAdminNotification(
      db,
      { title: form.data.title, message: form.data.message, targetUserId: target?.id ?? null, createdBy: currentUser(c).id, files },
      now(),
    );
  } catch (error) {
    // No file may stay without its row (SQLITE_FULL → 503 in onError).
    await discardStoredAttachments(c, files);
    throw error;
  }
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
  const deleted = await deleteNotification(c.var.deps.db, id, currentUser(c).id, c.var.deps.now());
  if (!deleted) return c.notFound();
  await removeStoredAttachments(c.var.deps.config.UPLOAD_DIR, deleted.files);
  return redirectTo(c, "/admin/notifications", { kind: "success", text: t.notifications.admin.deleted });
});
