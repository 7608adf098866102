/**
 * Notifications: to one partner or to all (targetUserId null). Other features call notifyPartner /
 * notifyAllPartners, or put notificationInsert into their own write batch.
 */
import { and, count, desc, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { notificationReads, notifications, users } from "../../db/schema.js";
import { outer } from "../../db/sql.js";
import {
  type AttachmentView,
  attachmentsOfNotifications,
  notificationAttachmentsInsert,
  type StoredAttachment,
  storedFilesOf,
} from "../attachments/attachments.js";
import { auditInsertIfChanged } from "../audit/audit.js";

export type NotificationInput = {
  title: string;
  message: string;
  kind: "admin" | "system";
  targetUserId: number | null;
  createdBy: number | null;
};

export function notificationInsert(db: Db, n: NotificationInput, now: number) {
  return db.insert(notifications).values({ ...n, createdAt: now });
}

/** Inserts only when the previous statement in the same batch changed a row (see auditInsertIfChanged). */
export function notificationInsertIfChanged(db: Db, n: NotificationInput, now: number) {
  return db.run(sql`insert into ${notifications} (title, message, kind, target_user_id, created_by, created_at)
    select ${n.title}, ${n.message}, ${n.kind}, ${n.targetUserId}, ${n.createdBy}, ${now} where changes() > 0`);
}

export async function notifyPartner(db: Db, partnerId: number, n: Omit<NotificationInput, "targetUserId">, now: number) {
  const [row] = await notificationInsert(db, { ...n, targetUserId: partnerId }, now).returning({ id: notifications.id });
  return row?.id ?? null;
}

export async function notifyAllPartners(db: Db, n: Omit<NotificationInput, "targetUserId">, now: number) {
  const [row] = await notificationInsert(db, { ...n, targetUserId: null }, now).returning({ id: notifications.id });
  return row?.id ?? null;
}

/** Notifications a partner can see: broadcasts sent after they joined, and their own. */
const visibleTo = (userId: number, joinedAt: number) =>
  or(eq(notifications.targetUserId, userId), and(isNull(notifications.targetUserId), sql`${notifications.createdAt} >= ${joinedAt}`));

export type NotificationItem = { id: number; title: string; message: string; createdAt: number; read: boolean; attachments: AttachmentView[] };

export async function listNotificationsFor(db: Db, user: { id: number; createdAt: number }, limit: number): Promise<NotificationItem[]> {
  const rows = await db
    .select({
      id: notifications.id,
      title: notifications.title,
      message: notifications.message,
      createdAt: notifications.createdAt,
      readAt: notificationReads.readAt,
    })
    .from(notifications)
    .leftJoin(notificationReads, and(eq(notificationReads.notificationId, notifications.id), eq(notificationReads.userId, user.id)))
    .where(visibleTo(user.id, user.createdAt))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
  const files = await attachmentsOfNotifications(
    db,
    rows.map((r) => r.id),
  );
  return rows.map(({ readAt, ...n }) => ({ ...n, read: readAt !== null, attachments: files.get(n.id) ?? [] }));
}

export async function countUnread(db: Db, user: { id: number; createdAt: number }): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(notifications)
    .leftJoin(notificationReads, and(eq(notificationReads.notificationId, notifications.id), eq(notificationReads.userId, user.id)))
    .where(and(visibleTo(user.id, user.createdAt), isNull(notificationReads.readAt)))
    .get();
  return row?.n ?? 0;
}

/** Marks one notification read; false when the user cannot see it (another partner's → 404). */
export async function markRead(db: Db, user: { id: number; createdAt: number }, notificationId: number, now: number) {
  const visible = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.id, notificationId), visibleTo(user.id, user.createdAt)))
    .get();
  if (!visible) return false;
  await db.insert(notificationReads).values({ notificationId, userId: user.id, readAt: now }).onConflictDoNothing();
  return true;
}

export async function markAllRead(db: Db, user: { id: number; createdAt: number }, now: number): Promise<void> {
  // Only notifications this user can see: the reference system also marked other partners' ones.
  await db.run(sql`insert or ignore into ${notificationReads} (notification_id, user_id, read_at)
    select ${notifications.id}, ${user.id}, ${now} from ${notifications}
    where ${visibleTo(user.id, user.createdAt)}`);
}

export type AdminNotificationRow = {
  id: number;
  title: string;
  message: string;
  kind: "admin" | "system";
  createdAt: number;
  recipientName: string | null;
  targetUserId: number | null;
  reads: number;
  attachments: AttachmentView[];
};

export async function listAllNotifications(db: Db, limit: number, offset: number) {
  const found = await db
    .select({
      id: notifications.id,
      title: notifications.title,
      message: notifications.message,
      kind: notifications.kind,
      createdAt: notifications.createdAt,
      targetUserId: notifications.targetUserId,
      recipientName: users.name,
      reads: sql<number>`(select count(*) from ${notificationReads} where ${notificationReads.notificationId} = ${outer(notifications.id)})`,
    })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.targetUserId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .offset(offset);
  const files = await attachmentsOfNotifications(
    db,
    found.map((r) => r.id),
  );
  const rows: AdminNotificationRow[] = found.map((r) => ({ ...r, attachments: files.get(r.id) ?? [] }));
  const total = (await db.select({ n: count() }).from(notifications).get())?.n ?? 0;
  return { rows, total };
}

/**
 * An admin's notification with its files (already stored on disk), audited in the same write. If
 * the batch throws, nothing points at the files: the caller removes them.
 */
export async function sendAdminNotification(
  db: Db,
  { files = [], ...n }: Omit<NotificationInput, "kind"> & { files?: StoredAttachment[] },
  now: number,
): Promise<void> {
  const attach = files.length > 0 ? [notificationAttachmentsInsert(db, files, n.createdBy, now)] : [];
  await db.batch([
    notificationInsert(db, { ...n, kind: "admin" }, now),
    ...attach,
    auditInsertIfChanged(db, {
      actorId: n.createdBy,
      action: "notification.send",
      entity: "notification",
      entityId: null,
      partnerId: n.targetUserId,
      after: { title: n.title, targetUserId: n.targetUserId, files: files.length },
      at: now,
    }),
  ]);
}

/** The title of a notification, for the admin's deletion question; null when there is none. */
export async function getNotificationTitle(db: Db, id: number): Promise<string | null> {
  const row = await db.select({ title: notifications.title }).from(notifications).where(eq(notifications.id, id)).get();
  return row?.title ?? null;
}

export type StoredFileNames = { storedName: string; thumbName: string | null }[];

/**
 * Deletes for every recipient (reads and attachment rows cascade); null when there is no such
 * notification, else the stored files the caller removes from disk.
 */
export async function deleteNotification(db: Db, id: number, adminId: number, now: number): Promise<{ files: StoredFileNames } | null> {
  const existing = await db
    .select({ title: notifications.title, targetUserId: notifications.targetUserId })
    .from(notifications)
    .where(eq(notifications.id, id))
    .get();
  if (!existing) return null;
  const files = await storedFilesOf(db, { notificationId: id });
  await db.batch([
    db.delete(notifications).where(eq(notifications.id, id)),
    auditInsertIfChanged(db, {
      actorId: adminId,
      action: "notification.delete",
      entity: "notification",
      entityId: id,
      partnerId: existing.targetUserId,
      before: existing,
      at: now,
    }),
  ]);
  return { files };
}
