/**
 * Attachment rows: what a stored file is, who may read it, and the statements that store rows in
 * the same write as their chat message or notification. The files themselves: store.ts.
 *
 * Who may read: admins every attachment; a partner the attachments of their own conversation's
 * (not deleted) messages and of the notifications they can see. Anything else is "not found".
 */
import { and, asc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { attachments, chatMessages, notifications } from "../../db/schema.js";
import { outer } from "../../db/sql.js";

/** A file already written under its final random name (store.ts), not yet in the database. */
export type StoredAttachment = {
  storedName: string;
  thumbName: string | null;
  originalName: string;
  mime: string;
  kind: "image" | "file";
  bytes: number;
  width: number | null;
  height: number | null;
};

/** What a page shows of an attachment. */
export type AttachmentView = {
  id: number;
  kind: "image" | "file";
  originalName: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  hasThumb: boolean;
};

export const MAX_ATTACHMENTS_PER_MESSAGE = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const viewColumns = {
  id: attachments.id,
  kind: attachments.kind,
  originalName: attachments.originalName,
  mime: attachments.mime,
  bytes: attachments.bytes,
  width: attachments.width,
  height: attachments.height,
  thumbName: attachments.thumbName,
};
const toView = ({ thumbName, ...a }: { thumbName: string | null } & Omit<AttachmentView, "hasThumb">): AttachmentView => ({
  ...a,
  hasThumb: thumbName !== null,
});

function valuesOf(files: StoredAttachment[], uploadedBy: number | null, now: number): SQL {
  return sql.join(
    files.map(
      (f, i) =>
        sql`(${f.storedName}, ${f.thumbName}, ${f.originalName}, ${f.mime}, ${f.kind}, ${f.bytes}, ${f.width}, ${f.height}, ${i}, ${uploadedBy}, ${now})`,
    ),
    sql`, `,
  );
}

/**
 * Rows for the files of the chat message with this sender's idempotency key, for the same batch as
 * the message insert. A repeated post (same key) finds the message already has its files and adds none.
 */
export function chatAttachmentsInsert(db: Db, files: StoredAttachment[], senderId: number, idempotencyKey: string, now: number) {
  return db.run(sql`insert into attachments (chat_message_id, stored_name, thumb_name, original_name, mime, kind, bytes, width, height, sort_order, uploaded_by, created_at)
    select m.id, v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, v.column8, v.column9, v.column10, v.column11
    from (values ${valuesOf(files, senderId, now)}) v
    join chat_messages m on m.sender_id = ${senderId} and m.idempotency_key = ${idempotencyKey}
    where not exists (select 1 from attachments a where a.chat_message_id = m.id)`);
}

/**
 * Rows for the files of the notification inserted just before in the same batch. A batch is one
 * write transaction on our single connection, so the newest notification is that one.
 */
export function notificationAttachmentsInsert(db: Db, files: StoredAttachment[], uploadedBy: number | null, now: number) {
  return db.run(sql`insert into attachments (notification_id, stored_name, thumb_name, original_name, mime, kind, bytes, width, height, sort_order, uploaded_by, created_at)
    select (select max(id) from notifications), v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, v.column8, v.column9, v.column10, v.column11
    from (values ${valuesOf(files, uploadedBy, now)}) v`);
}

/** Attachments grouped by their owner's id (a chat message or a notification), in upload order. */
async function attachmentsBy(db: Db, owner: typeof attachments.chatMessageId | typeof attachments.notificationId, ids: number[]) {
  const grouped = new Map<number, AttachmentView[]>();
  if (ids.length === 0) return grouped;
  const rows = await db
    .select({ ...viewColumns, ownerId: owner })
    .from(attachments)
    .where(inArray(owner, ids))
    .orderBy(asc(attachments.sortOrder), asc(attachments.id));
  for (const { ownerId, ...row } of rows) {
    if (ownerId === null) continue;
    const list = grouped.get(ownerId) ?? [];
    list.push(toView(row));
    grouped.set(ownerId, list);
  }
  return grouped;
}

export const attachmentsOfMessages = (db: Db, messageIds: number[]) => attachmentsBy(db, attachments.chatMessageId, messageIds);
export const attachmentsOfNotifications = (db: Db, notificationIds: number[]) => attachmentsBy(db, attachments.notificationId, notificationIds);

export type Reader = { id: number; role: "partner" | "admin"; createdAt: number };
export type AttachmentFile = { storedName: string; thumbName: string | null; originalName: string; mime: string; kind: "image" | "file"; bytes: number };

/** The attachment if this user may read it; null for unknown and for someone else's (both answer 404). */
export async function getReadableAttachment(db: Db, reader: Reader, id: number): Promise<AttachmentFile | null> {
  const visible =
    reader.role === "admin"
      ? undefined
      : or(
          // A message of the partner's own conversation that is not deleted.
          sql`exists (select 1 from ${chatMessages} where ${chatMessages.id} = ${outer(attachments.chatMessageId)}
            and ${chatMessages.partnerId} = ${reader.id} and ${chatMessages.deletedAt} is null)`,
          // A notification to this partner, or a broadcast sent after they joined (as the bell shows them).
          sql`exists (select 1 from ${notifications} where ${notifications.id} = ${outer(attachments.notificationId)}
            and (${notifications.targetUserId} = ${reader.id} or (${notifications.targetUserId} is null and ${notifications.createdAt} >= ${reader.createdAt})))`,
        );
  const row = await db
    .select({
      storedName: attachments.storedName,
      thumbName: attachments.thumbName,
      originalName: attachments.originalName,
      mime: attachments.mime,
      kind: attachments.kind,
      bytes: attachments.bytes,
    })
    .from(attachments)
    .where(and(eq(attachments.id, id), visible))
    .get();
  return row ?? null;
}

/** Stored names of a message's or notification's files, to remove from disk after the rows go. */
export async function storedFilesOf(db: Db, owner: { chatMessageId: number } | { notificationId: number }) {
  const where = "chatMessageId" in owner ? eq(attachments.chatMessageId, owner.chatMessageId) : eq(attachments.notificationId, owner.notificationId);
  return db.select({ storedName: attachments.storedName, thumbName: attachments.thumbName }).from(attachments).where(where);
}

/** Which of these stored names have a row (after a batch, to tell a repeated post whose files were not used). */
export async function existingStoredNames(db: Db, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db.select({ storedName: attachments.storedName }).from(attachments).where(inArray(attachments.storedName, names));
  return new Set(rows.map((r) => r.storedName));
}
