/** Append-only audit of admin actions, written in the same batch as the action itself. */
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { auditLog } from "../../db/schema.js";
import { currentRequestContext, sessionHashOf } from "../../lib/request-context.js";

export type AuditEntry = {
  actorId: number | null;
  action: string;
  entity: string;
  entityId: number | null;
  /** The partner the action concerns, for the audit page's filter. */
  partnerId?: number | null;
  before?: unknown;
  after?: unknown;
  at: number;
  /** The session the row belongs to when it is not the request's own (a login records the session it opens). */
  sessionId?: string;
};

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/**
 * The client address and session prefix of the current request, read when the statement is built
 * (batch items are built synchronously inside the request); nulls outside a request.
 */
function origin(e: AuditEntry) {
  const context = currentRequestContext();
  return { ip: context.ip, sessionHash: e.sessionId === undefined ? context.sessionHash : sessionHashOf(e.sessionId) };
}

export function auditInsert(db: Db, e: AuditEntry) {
  return db.insert(auditLog).values({
    at: e.at,
    actorId: e.actorId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    partnerId: e.partnerId ?? null,
    before: json(e.before),
    after: json(e.after),
    ...origin(e),
  });
}

/**
 * The same insert, but only when the previous statement of the batch changed a row (SQLite `changes()`
 * on our single connection). Lets "update if still pending, then audit" be one atomic batch.
 */
export function auditInsertIfChanged(db: Db, e: AuditEntry) {
  const { ip, sessionHash } = origin(e);
  return db.run(sql`insert into ${auditLog} (at, actor_id, action, entity, entity_id, partner_id, before, after, ip, session_hash)
    select ${e.at}, ${e.actorId}, ${e.action}, ${e.entity}, ${e.entityId}, ${e.partnerId ?? null}, ${json(e.before)}, ${json(e.after)}, ${ip}, ${sessionHash}
    where changes() > 0`);
}
