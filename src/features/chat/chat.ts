/**
 * Chat: one conversation per partner with the company. Every query takes the conversation's
 * partner id: a partner's routes pass their own id, so another partner's messages are unreachable.
 *
 * Reads: admins share one read state per conversation (one admin reading clears the badge for all;
 * the partner sees "read" once any admin has read). Counters live on the conversation row and
 * change in the same batch as the message, so badges never count history.
 */
import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { chatConversations, chatMessages, users } from "../../db/schema.js";
import { type AttachmentView, attachmentsOfMessages, chatAttachmentsInsert, type StoredAttachment, storedFilesOf } from "../attachments/attachments.js";
import { auditInsertIfChanged } from "../audit/audit.js";
import { NEXT_VERSION } from "./versions.js";

export const MAX_MESSAGE_CHARS = 5000;
export const MESSAGES_PAGE = 30;
/** An admin may take back a company message this long after it was sent (audited). */
export const DELETE_WINDOW_MS = 10 * 60 * 1000;

export type ChatMessage = {
  id: number;
  fromAdmin: boolean;
  /** The admin's name for company messages; the partner's own messages need none. */
  senderName: string | null;
  senderId: number | null;
  body: string;
  createdAt: number;
  deleted: boolean;
  /** Read by the other side. */
  read: boolean;
  attachments: AttachmentView[];
};

export type ConversationState = {
  version: number;
  lastMessageId: number;
  partnerReadId: number;
  adminReadId: number;
  partnerUnread: number;
  adminUnread: number;
};

const EMPTY_STATE: ConversationState = { version: 0, lastMessageId: 0, partnerReadId: 0, adminReadId: 0, partnerUnread: 0, adminUnread: 0 };

export async function getConversationState(db: Db, partnerId: number): Promise<ConversationState> {
  const row = await db
    .select({
      version: chatConversations.version,
      lastMessageId: chatConversations.lastMessageId,
      partnerReadId: chatConversations.partnerReadId,
      adminReadId: chatConversations.adminReadId,
      partnerUnread: chatConversations.partnerUnread,
      adminUnread: chatConversations.adminUnread,
    })
    .from(chatConversations)
    .where(eq(chatConversations.partnerId, partnerId))
    .get();
  return row ?? EMPTY_STATE;
}

export type MessagePage = { messages: ChatMessage[]; hasOlder: boolean; state: ConversationState };

/**
 * Messages oldest first: the newest page, the page before `before`, or everything after `after`
 * (polls; capped at 200, the rest comes with the next poll).
 */
export async function listMessages(db: Db, partnerId: number, range: { before?: number; after?: number; limit?: number } = {}): Promise<MessagePage> {
  const limit = range.after !== undefined ? 200 : (range.limit ?? MESSAGES_PAGE);
  const where = and(
    eq(chatMessages.partnerId, partnerId),
    range.before !== undefined ? lt(chatMessages.id, range.before) : undefined,
    range.after !== undefined ? gt(chatMessages.id, range.after) : undefined,
  );
  const [rows, state] = await Promise.all([
    db
      .select({
        id: chatMessages.id,
        fromAdmin: chatMessages.fromAdmin,
        senderId: chatMessages.senderId,
        senderName: users.name,
        body: chatMessages.body,
        createdAt: chatMessages.createdAt,
        deletedAt: chatMessages.deletedAt,
      })
      .from(chatMessages)
      .leftJoin(users, eq(users.id, chatMessages.senderId))
      .where(where)
      .orderBy(range.after !== undefined ? chatMessages.id : desc(chatMessages.id))
      .limit(limit + 1),
    getConversationState(db, partnerId),
  ]);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  if (range.after === undefined) page.reverse();
  const files = await attachmentsOfMessages(
    db,
    page.filter((m) => m.deletedAt === null).map((m) => m.id),
  );
  const messages = page.map(
    (m): ChatMessage => ({
      id: m.id,
      fromAdmin: m.fromAdmin,
      senderId: m.senderId,
      senderName: m.fromAdmin ? m.senderName : null,
      body: m.deletedAt === null ? m.body : "",
      createdAt: m.createdAt,
      deleted: m.deletedAt !== null,
      read: m.id <= (m.fromAdmin ? state.partnerReadId : state.adminReadId),
      attachments: files.get(m.id) ?? [],
    }),
  );
  return { messages, hasOlder: range.after === undefined && hasMore, state };
}

export type NewMessage = {
  partnerId: number;
  senderId: number;
  fromAdmin: boolean;
  body: string;
  idempotencyKey: string;
  files: StoredAttachment[];
};

/**
 * Stores a message with its files and updates the conversation, in one batch. The same sender and
 * idempotency key again (a double click, a retried post) stores nothing: `created` is false, and the
 * caller removes the files it stored for the repeat.
 */
export async function sendMessage(db: Db, m: NewMessage, now: number): Promise<{ messageId: number; created: boolean }> {
  const thisMessage = sql`(select id from ${chatMessages} where sender_id = ${m.senderId} and idempotency_key = ${m.idempotencyKey})`;
  const fromPartner = m.fromAdmin ? 0 : 1;
  const fromAdmin = m.fromAdmin ? 1 : 0;
  const inserted = db
    .insert(chatMessages)
    .values({ partnerId: m.partnerId, senderId: m.senderId, fromAdmin: m.fromAdmin, body: m.body, idempotencyKey: m.idempotencyKey, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: chatMessages.id });
  // The sender has read everything up to their own message; the other side gets one more unread.
  const conversation = db.run(sql`insert into ${chatConversations}
      (partner_id, last_message_id, last_message_at, admin_unread, partner_unread, admin_read_id, partner_read_id, version, created_at)
    select ${m.partnerId}, ${thisMessage}, ${now}, ${fromPartner}, ${fromAdmin},
      case when ${fromAdmin} = 1 then ${thisMessage} else 0 end, case when ${fromPartner} = 1 then ${thisMessage} else 0 end, ${NEXT_VERSION}, ${now}
    where changes() > 0
    on conflict(partner_id) do update set
      last_message_id = excluded.last_message_id,
      last_message_at = excluded.last_message_at,
      admin_unread = case when ${fromAdmin} = 1 then 0 else admin_unread + 1 end,
      admin_read_id = case when ${fromAdmin} = 1 then excluded.last_message_id else admin_read_id end,
      partner_unread = case when ${fromPartner} = 1 then 0 else partner_unread + 1 end,
      partner_read_id = case when ${fromPartner} = 1 then excluded.last_message_id else partner_read_id end,
      version = ${NEXT_VERSION}`);
  const [rows] =
    m.files.length > 0
      ? await db.batch([inserted, conversation, chatAttachmentsInsert(db, m.files, m.senderId, m.idempotencyKey, now)])
      : await db.batch([inserted, conversation]);
  const created = rows[0];
  if (created) return { messageId: created.id, created: true };
  const existing = await db
    .select({ id: chatMessages.id })
    .from(chatMessages)
    .where(and(eq(chatMessages.senderId, m.senderId), eq(chatMessages.idempotencyKey, m.idempotencyKey)))
    .get();
  return { messageId: existing?.id ?? 0, created: false };
}

/**
 * The partner has seen the conversation: the company's messages are read. No write when nothing was
 * unread. Returns the conversation's new version, or null when nothing changed.
 */
export async function markReadByPartner(db: Db, partnerId: number): Promise<number | null> {
  const [row] = await db.all<{ version: number }>(sql`update ${chatConversations}
    set partner_unread = 0, partner_read_id = last_message_id, version = ${NEXT_VERSION}
    where partner_id = ${partnerId} and partner_read_id < last_message_id returning version`);
  return row?.version ?? null;
}

/** An admin has seen the conversation: read for every admin. The new version, or null when nothing changed. */
export async function markReadByAdmin(db: Db, partnerId: number): Promise<number | null> {
  const [row] = await db.all<{ version: number }>(sql`update ${chatConversations}
    set admin_unread = 0, admin_read_id = last_message_id, version = ${NEXT_VERSION}
    where partner_id = ${partnerId} and admin_read_id < last_message_id returning version`);
  return row?.version ?? null;
}

export async function partnerUnreadCount(db: Db, partnerId: number): Promise<number> {
  const row = await db.select({ n: chatConversations.partnerUnread }).from(chatConversations).where(eq(chatConversations.partnerId, partnerId)).get();
  return row?.n ?? 0;
}

/** Unread partner messages over all conversations, from the partial index of conversations with any. */
export async function adminUnreadTotal(db: Db): Promise<number> {
  const row = await db.get<{ n: number | null }>(sql`select sum(admin_unread) as n from ${chatConversations} where admin_unread > 0`);
  return Number(row?.n ?? 0);
}

export type DeleteResult =
  | { ok: true; files: { storedName: string; thumbName: string | null }[] }
  | { ok: false; reason: "not_found" | "not_company" | "too_late" };

/** What the deletion question shows; null when the message is not in this conversation. */
export async function getMessageForDeletion(db: Db, partnerId: number, messageId: number) {
  const row = await db
    .select({
      id: chatMessages.id,
      body: chatMessages.body,
      fromAdmin: chatMessages.fromAdmin,
      createdAt: chatMessages.createdAt,
      deletedAt: chatMessages.deletedAt,
    })
    .from(chatMessages)
    .where(and(eq(chatMessages.id, messageId), eq(chatMessages.partnerId, partnerId)))
    .get();
  return row && row.deletedAt === null ? row : null;
}

/**
 * An admin takes back a company message within DELETE_WINDOW_MS: the text is cleared, the files'
 * rows go (the caller removes the files), the conversation's version moves so open chats refresh,
 * and the audit row is written in the same batch. Partners' messages cannot be deleted.
 */
export async function deleteCompanyMessage(db: Db, partnerId: number, messageId: number, adminId: number, now: number): Promise<DeleteResult> {
  const message = await getMessageForDeletion(db, partnerId, messageId);
  if (!message) return { ok: false, reason: "not_found" };
  if (!message.fromAdmin) return { ok: false, reason: "not_company" };
  if (now - message.createdAt > DELETE_WINDOW_MS) return { ok: false, reason: "too_late" };
  const files = await storedFilesOf(db, { chatMessageId: messageId });
  const [updated] = await db.batch([
    db.run(sql`update ${chatMessages} set body = '', deleted_at = ${now}, deleted_by = ${adminId}
      where id = ${messageId} and partner_id = ${partnerId} and deleted_at is null and created_at >= ${now - DELETE_WINDOW_MS}`),
    auditInsertIfChanged(db, {
      actorId: adminId,
      action: "chat.message_delete",
      entity: "chat_message",
      entityId: messageId,
      partnerId,
      before: { body: message.body, files: files.length },
      at: now,
    }),
    db.run(sql`delete from attachments where chat_message_id = ${messageId} and exists
      (select 1 from chat_messages where chat_messages.id = ${messageId} and chat_messages.deleted_at = ${now})`),
    db.run(sql`update ${chatConversations} set version = ${NEXT_VERSION},
        partner_unread = max(0, partner_unread - (case when ${messageId} > partner_read_id then 1 else 0 end))
      where partner_id = ${partnerId} and exists (select 1 from chat_messages where chat_messages.id = ${messageId} and chat_messages.deleted_at = ${now})`),
  ]);
  if (updated.rowsAffected === 0) return { ok: false, reason: "too_late" };
  return { ok: true, files };
}

export type ConversationUpdates = {
  page: MessagePage;
  /** When the last message the page already shows was written (for the day separator). */
  afterCreatedAt: number | undefined;
  /** The viewer's own messages with id in (readUpTo, read mark]: their ticks turn to "read". */
  newlyRead: number[];
  /** Messages deleted in the last DELETE_WINDOW_MS·2 that the page may still show as they were. */
  deleted: ChatMessage[];
};

/** What changed for a page that shows messages up to `after` with ticks read up to `readUpTo`. */
export async function conversationUpdates(
  db: Db,
  partnerId: number,
  q: { after: number; readUpTo: number; viewer: "partner" | "admin" },
  now: number,
): Promise<ConversationUpdates> {
  const page = await listMessages(db, partnerId, { after: q.after });
  const ownFromAdmin = q.viewer === "admin";
  const readMark = ownFromAdmin ? page.state.partnerReadId : page.state.adminReadId;
  const [previous, read, deletedRows] = await Promise.all([
    db
      .select({ createdAt: chatMessages.createdAt })
      .from(chatMessages)
      .where(and(eq(chatMessages.partnerId, partnerId), eq(chatMessages.id, q.after)))
      .get(),
    readMark > q.readUpTo
      ? db
          .select({ id: chatMessages.id })
          .from(chatMessages)
          .where(
            and(
              eq(chatMessages.partnerId, partnerId),
              eq(chatMessages.fromAdmin, ownFromAdmin),
              gt(chatMessages.id, q.readUpTo),
              sql`${chatMessages.id} <= ${Math.min(readMark, q.after)}`,
            ),
          )
          .limit(200)
      : Promise.resolve([]),
    db
      .select({
        id: chatMessages.id,
        fromAdmin: chatMessages.fromAdmin,
        senderId: chatMessages.senderId,
        senderName: users.name,
        createdAt: chatMessages.createdAt,
      })
      .from(chatMessages)
      .leftJoin(users, eq(users.id, chatMessages.senderId))
      .where(and(eq(chatMessages.partnerId, partnerId), sql`${chatMessages.deletedAt} >= ${now - 2 * DELETE_WINDOW_MS}`, sql`${chatMessages.id} <= ${q.after}`))
      .limit(50),
  ]);
  const deleted = deletedRows.map(
    (m): ChatMessage => ({ ...m, senderName: m.fromAdmin ? m.senderName : null, body: "", deleted: true, read: false, attachments: [] }),
  );
  return { page, afterCreatedAt: previous?.createdAt, newlyRead: read.map((r) => r.id), deleted };
}
