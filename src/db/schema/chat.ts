/** Chat between each partner and the company, and the files attached to chat messages and notifications. */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { notifications, users } from "./accounts.js";

/**
 * One conversation per partner (the row exists once anyone wrote). Unread counts are kept here, in
 * the same write as the message, so badges are one indexed read at any history size. Admins share
 * one read state per conversation (like the old system): one admin's reading clears it for all.
 * `version` is one sequence over all conversations (features/chat/versions.ts): every change (message,
 * read, deletion) takes the next number — the poll's "nothing new" check, caught up by one range read.
 */
export const chatConversations = sqliteTable(
  "chat_conversations",
  {
    partnerId: integer("partner_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    lastMessageId: integer("last_message_id").notNull().default(0),
    lastMessageAt: integer("last_message_at").notNull(),
    /** Partner's messages no admin has read yet, and the last message id an admin has read. */
    adminUnread: integer("admin_unread").notNull().default(0),
    adminReadId: integer("admin_read_id").notNull().default(0),
    /** The company's messages the partner has not read yet, and the last message id the partner has read. */
    partnerUnread: integer("partner_unread").notNull().default(0),
    partnerReadId: integer("partner_read_id").notNull().default(0),
    version: integer("version").notNull().default(0),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("chat_conversations_last_idx").on(t.lastMessageAt),
    index("chat_conversations_version_idx").on(t.version),
    index("chat_conversations_admin_unread_idx").on(t.adminUnread).where(sql`${t.adminUnread} > 0`),
  ],
);

export const chatMessages = sqliteTable(
  "chat_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The conversation: always the partner's id, whoever wrote. */
    partnerId: integer("partner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    senderId: integer("sender_id").references(() => users.id, { onDelete: "set null" }),
    fromAdmin: integer("from_admin", { mode: "boolean" }).notNull(),
    body: text("body").notNull().default(""),
    /** Random per rendered form: a double click posts the same key and stores one message. */
    idempotencyKey: text("idempotency_key").notNull(),
    createdAt: integer("created_at").notNull(),
    deletedAt: integer("deleted_at"),
    deletedBy: integer("deleted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("chat_messages_conversation_idx").on(t.partnerId, t.id), uniqueIndex("chat_messages_idempotency_uq").on(t.senderId, t.idempotencyKey)],
);

export const attachmentKinds = ["image", "file"] as const;

/**
 * A stored file: under UPLOAD_DIR/attachments with a random name, never under static/. It belongs to
 * exactly one chat message or one notification. Images are re-encoded (`kind` image, with a thumbnail);
 * everything else is kept as uploaded and only ever served as a download.
 */
export const attachments = sqliteTable(
  "attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chatMessageId: integer("chat_message_id").references(() => chatMessages.id, { onDelete: "cascade" }),
    notificationId: integer("notification_id").references(() => notifications.id, { onDelete: "cascade" }),
    uploadedBy: integer("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    storedName: text("stored_name").notNull(),
    thumbName: text("thumb_name"),
    /** The name the uploader's file had, for the download; never used as a path. */
    originalName: text("original_name").notNull(),
    mime: text("mime").notNull(),
    kind: text("kind", { enum: attachmentKinds }).notNull(),
    bytes: integer("bytes").notNull(),
    width: integer("width"),
    height: integer("height"),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("attachments_message_idx").on(t.chatMessageId),
    index("attachments_notification_idx").on(t.notificationId),
    uniqueIndex("attachments_stored_uq").on(t.storedName),
    check("attachments_owner_ck", sql`(${t.chatMessageId} is null) <> (${t.notificationId} is null)`),
    check("attachments_kind_ck", sql`${t.kind} in ('image','file')`),
  ],
);
