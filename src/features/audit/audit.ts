/** Append-only audit of admin actions, written in the same batch as the action itself. */
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { auditLog } from "../../db/schema.js";

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
};

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

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
  });
}

/**
 * The same insert, but only when the previous statement of the batch changed a row (SQLite `changes()`
 * on our single connection). Lets "update if still pending, then audit" be one atomic batch.
 */
export function auditInsertIfChanged(db: Db, e: AuditEntry) {
  return db.run(sql`insert into ${auditLog} (at, actor_id, action, entity, entity_id, partner_id, before, after)
    select ${e.at}, ${e.actorId}, ${e.action}, ${e.entity}, ${e.entityId}, ${e.partnerId ?? null}, ${json(e.before)}, ${json(e.after)}
    where changes() > 0`);
}
