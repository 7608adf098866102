/** The admin's chat: every conversation, one conversation, starting one: /admin/chat. */
import { Hono } from "hono";
import { z } from "zod";
import { AdminChatPage, NewConversationPage } from "../../../views/chat/admin-chat-page.js";
import { ChatBadge } from "../../../views/chat/chat-badge.js";
import { type ComposeProps, Conversation } from "../../../views/chat/conversation.js";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { requireConfirmation } from "../../web/confirm.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { removeStoredAttachments } from "../attachments/store.js";
import { adminUnreadTotal, deleteCompanyMessage, getMessageForDeletion, listMessages, markReadByAdmin } from "./chat.js";
import { composeProps, olderMessages, pollState, pollUpdates, queryId, readUpToOf, type Side, sendFromForm, toItem, viewerOf } from "./chat-handlers.js";
import { type ChatPartner, getChatPartner, listConversations, listPartnersToStart } from "./conversations.js";

export const chatAdminRoutes = new Hono<AppEnv>();
chatAdminRoutes.use("*", requireAdmin);

const LIST_SIZE = 50;
const searchOf = (c: AppContext) =>
  z
    .string()
    .max(100)
    .catch("")
    .parse(c.req.query("q") ?? "")
    .trim();
const pageOf = (c: AppContext) => z.coerce.number().int().min(1).max(10_000).catch(1).parse(c.req.query("page"));

async function listProps(c: AppContext, selected: number | null) {
  const search = searchOf(c);
  const page = pageOf(c);
  const { db, config, now } = c.var.deps;
  const { rows, hasMore } = await listConversations(db, { search, limit: LIST_SIZE * page, offset: 0 });
  const params = new URLSearchParams({ ...(search && { q: search }), page: String(page + 1) });
  return { rows, search, selected, nextHref: hasMore ? `/admin/chat?${params}` : null, now: now(), timeZone: config.APP_TIMEZONE };
}

chatAdminRoutes.get("/", async (c) => renderPage(c, t.chatAdmin.pageTitle, <AdminChatPage list={await listProps(c, null)} heading="" conversation={null} />));

chatAdminRoutes.get("/new", async (c) => {
  const search = searchOf(c);
  const partners = await listPartnersToStart(c.var.deps.db, { search, limit: 100 });
  return renderPage(c, t.chatAdmin.newTitle, <NewConversationPage partners={partners} search={search} />);
});

/** Polled every 30 s from the admin menu on every page. */
chatAdminRoutes.get("/badge", async (c) => c.html(<ChatBadge count={await adminUnreadTotal(c.var.deps.db)} href="/admin/chat/badge" />));

/** The conversation's partner (approved, so never a pending sign-up), or null → 404. */
async function partnerOf(c: AppContext): Promise<ChatPartner | null> {
  const id = parseId(c.req.param("partnerId"));
  return id === null ? null : getChatPartner(c.var.deps.db, id);
}
const sideOf = (c: AppContext, p: ChatPartner): Side => ({ kind: "admin", partnerId: p.id, partnerName: p.name, adminId: currentUser(c).id });

async function conversationPage(c: AppContext, partner: ChatPartner, compose?: ComposeProps, status: 200 | 413 | 415 | 422 = 200) {
  const side = sideOf(c, partner);
  const { db, config, now } = c.var.deps;
  const before = queryId(c.req.query("before"));
  await markReadByAdmin(db, partner.id);
  const [result, list] = await Promise.all([listMessages(db, partner.id, before ? { before } : {}), listProps(c, partner.id)]);
  const first = result.messages[0]?.id;
  const base = `/admin/chat/${partner.id}`;
  const newest = !before;
  const conversation = (
    <Conversation
      messages={result.messages.map(toItem)}
      viewer={viewerOf(side, now())}
      timeZone={config.APP_TIMEZONE}
      now={now()}
      earlier={result.hasOlder && first !== undefined ? { pageHref: `${base}?before=${first}`, fragmentHref: `${base}/messages?before=${first}` } : null}
      newestHref={newest ? undefined : base}
      emptyText={t.chatAdmin.emptyConversation(partner.name)}
      poll={newest ? pollState(side, result.messages.at(-1)?.id ?? 0, result.state.version, readUpToOf(side, result.state)) : null}
      compose={partner.canChat ? (compose ?? composeProps(side)) : null}
      composeNote={t.chatAdmin.partnerInactive}
    />
  );
  const heading = partner.company ? `${partner.name} · ${partner.company}` : partner.name;
  return renderPage(c, t.chatAdmin.conversationTitle(partner.name), <AdminChatPage list={list} heading={heading} conversation={conversation} />, { status });
}

chatAdminRoutes.get("/:partnerId", async (c) => {
  const partner = await partnerOf(c);
  return partner ? conversationPage(c, partner) : c.notFound();
});

chatAdminRoutes.get("/:partnerId/messages", async (c) => {
  const partner = await partnerOf(c);
  return partner ? olderMessages(c, sideOf(c, partner)) : c.notFound();
});

chatAdminRoutes.get("/:partnerId/updates", async (c) => {
  const partner = await partnerOf(c);
  return partner ? pollUpdates(c, sideOf(c, partner)) : c.notFound();
});

/** Sending is not an admin action for the audit log (issue 12); a deactivated partner cannot be written to. */
chatAdminRoutes.post("/:partnerId/messages", async (c) => {
  const partner = await partnerOf(c);
  if (!partner) return c.notFound();
  if (!partner.canChat) return conversationPage(c, partner, undefined, 422);
  return sendFromForm(c, sideOf(c, partner), (compose, status) => conversationPage(c, partner, compose, status));
});

chatAdminRoutes.post("/:partnerId/messages/:messageId/deletion", async (c) => {
  const partner = await partnerOf(c);
  const messageId = parseId(c.req.param("messageId"));
  if (!partner || messageId === null) return c.notFound();
  const { db, config, now } = c.var.deps;
  const message = await getMessageForDeletion(db, partner.id, messageId);
  if (!message?.fromAdmin) return c.notFound();
  const back = `/admin/chat/${partner.id}`;
  const asked = await requireConfirmation(c, { question: t.chatAdmin.deleteQuestion(message.body), okLabel: t.chatAdmin.deleteMessage, cancelHref: back });
  if (asked) return asked;
  const result = await deleteCompanyMessage(db, partner.id, messageId, currentUser(c).id, now());
  if (!result.ok) {
    if (result.reason === "too_late") return redirectTo(c, back, { kind: "error", text: t.chatAdmin.tooLate });
    return c.notFound();
  }
  await removeStoredAttachments(config.UPLOAD_DIR, result.files);
  return redirectTo(c, `${back}#message-${messageId}`, { kind: "success", text: t.chatAdmin.deleted });
});
