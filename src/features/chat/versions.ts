/**
 * Conversation versions: one sequence over all conversations. Every change (message, read, deletion)
 * gives its conversation the next number, so "which conversations changed since N" is one range read
 * of an index — what lets the idle poll (poll-gate.ts) keep every version in memory, current within
 * a fraction of a second, in one process or several on one database.
 */
import { and, eq, gt, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { chatConversations } from "../../db/schema.js";

/** The version a change writes. SQLite runs one writer at a time, so the numbers grow in commit order. */
export const NEXT_VERSION = sql`(select coalesce(max(version), 0) + 1 from chat_conversations)`;

/** The poll's "anything new?" check: one primary-key read. 0 when nobody has written yet. */
export async function conversationVersion(db: Db, partnerId: number): Promise<number> {
  const row = await db.select({ v: chatConversations.version }).from(chatConversations).where(eq(chatConversations.partnerId, partnerId)).get();
  return row?.v ?? 0;
}

export type VersionMark = { version: number; partnerId: number };

/**
 * Conversations after `mark` in (version, partner) order: the poll gate's catch-up, by pages. Rows
 * written before the sequence (migration 0012) or by a bulk seed may share a version, hence the
 * partner id as the tie-break.
 */
export async function conversationVersionsSince(db: Db, mark: VersionMark, limit: number): Promise<VersionMark[]> {
  return db
    .select({ version: chatConversations.version, partnerId: chatConversations.partnerId })
    .from(chatConversations)
    .where(or(gt(chatConversations.version, mark.version), and(eq(chatConversations.version, mark.version), gt(chatConversations.partnerId, mark.partnerId))))
    .orderBy(chatConversations.version, chatConversations.partnerId)
    .limit(limit);
}
