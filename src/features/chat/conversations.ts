/**
 * The admin's side of the chat: which partner a conversation may be opened with, the conversation
 * list (newest first, searchable) and the partners to start one with. Kept apart from chat.ts, which
 * is one conversation's messages.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { users } from "../../db/schema.js";

export type ChatPartner = { id: number; name: string; company: string | null; email: string; canChat: boolean };

/** A partner the admin may open a conversation with (approved; `canChat` = active, so messages can be sent). */
export async function getChatPartner(db: Db, partnerId: number): Promise<ChatPartner | null> {
  const row = await db
    .select({ id: users.id, name: users.name, company: users.company, email: users.email, isActive: users.isActive })
    .from(users)
    .where(and(eq(users.id, partnerId), eq(users.role, "partner"), eq(users.approvalStatus, "approved")))
    .get();
  return row ? { id: row.id, name: row.name, company: row.company, email: row.email, canChat: row.isActive } : null;
}

export type ConversationRow = {
  partnerId: number;
  name: string;
  company: string | null;
  lastMessageAt: number;
  preview: string;
  previewFiles: number;
  lastFromAdmin: boolean;
  adminUnread: number;
};

const PREVIEW_CHARS = 100;

const escapeLike = (q: string) => q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Conversations newest first, optionally only partners matching `search` (name, email, company, code). */
export async function listConversations(db: Db, q: { search: string; limit: number; offset: number }) {
  const search = q.search.trim() ? sql`and u.search_text like ${`%${escapeLike(q.search.trim())}%`} escape '\\'` : sql``;
  const rows = await db.all<{
    partner_id: number;
    name: string;
    company: string | null;
    last_message_at: number;
    body: string | null;
    deleted_at: number | null;
    files: number;
    from_admin: number | null;
    admin_unread: number;
  }>(sql`select c.partner_id, u.name, u.company, c.last_message_at, m.body, m.deleted_at, m.from_admin, c.admin_unread,
      (select count(*) from attachments a where a.chat_message_id = c.last_message_id) as files
    from chat_conversations c
    join users u on u.id = c.partner_id
    left join chat_messages m on m.id = c.last_message_id
    where 1 = 1 ${search}
    order by c.last_message_at desc, c.partner_id desc
    limit ${q.limit + 1} offset ${q.offset}`);
  const page = rows.slice(0, q.limit).map(
    (r): ConversationRow => ({
      partnerId: r.partner_id,
      name: r.name,
      company: r.company,
      lastMessageAt: r.last_message_at,
      preview: r.deleted_at === null ? (r.body ?? "").replace(/\s+/g, " ").trim().slice(0, PREVIEW_CHARS) : "",
      previewFiles: r.deleted_at === null ? Number(r.files) : 0,
      lastFromAdmin: r.from_admin === 1,
      adminUnread: r.admin_unread,
    }),
  );
  return { rows: page, hasMore: rows.length > q.limit };
}

/** Active partners for "new conversation", matching `search`, those without a conversation first. */
export async function listPartnersToStart(db: Db, q: { search: string; limit: number }) {
  const search = q.search.trim() ? sql`and u.search_text like ${`%${escapeLike(q.search.trim())}%`} escape '\\'` : sql``;
  const rows = await db.all<{ id: number; name: string; company: string | null; email: string; has_conversation: number }>(sql`
    select u.id, u.name, u.company, u.email, (c.partner_id is not null) as has_conversation
    from users u left join chat_conversations c on c.partner_id = u.id
    where u.role = 'partner' and u.approval_status = 'approved' and u.is_active = 1 ${search}
    order by has_conversation, u.name, u.id
    limit ${q.limit}`);
  return rows.map((r) => ({ id: r.id, name: r.name, company: r.company, email: r.email, hasConversation: r.has_conversation === 1 }));
}
