/** Bitrix24 → cabinet sync: the coalescing event queue and the commission history. */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { clients } from "./clients.js";

export const syncEntities = ["lead", "deal"] as const;
export type SyncEntity = (typeof syncEntities)[number];

/**
 * One pending sync per Bitrix24 entity: events only say "look at deal 7405", so repeated events for the
 * same id collapse into this row (UNIQUE(entity, entity_id)). `generation` grows with each event, so a
 * worker that finishes an older generation puts the row back to pending instead of deleting it.
 */
export const crmSyncQueue = sqliteTable(
  "crm_sync_queue",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entity: text("entity", { enum: syncEntities }).notNull(),
    entityId: integer("entity_id").notNull(),
    /** The last event name seen (a hint for logs only; the state always comes from crm.*.get). */
    event: text("event"),
    state: text("state", { enum: ["pending", "working"] })
      .notNull()
      .default("pending"),
    generation: integer("generation").notNull().default(1),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    leaseUntil: integer("lease_until"),
    lastError: text("last_error"),
    requestedAt: integer("requested_at").notNull(),
  },
  (t) => [uniqueIndex("crm_sync_queue_entity_uq").on(t.entity, t.entityId), index("crm_sync_queue_due_idx").on(t.state, t.nextAttemptAt)],
);

export const commissionReasons = ["won", "amount_changed", "reversed", "deleted", "manual"] as const;
export type CommissionReason = (typeof commissionReasons)[number];

/** Every change of a client's commission: old → new, why, when (PRODUCT.md §6). */
export const commissionHistory = sqliteTable(
  "commission_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    oldKopecks: integer("old_kopecks").notNull(),
    newKopecks: integer("new_kopecks").notNull(),
    reason: text("reason", { enum: commissionReasons }).notNull(),
    /** The rate the new amount was computed with, in basis points (1 % = 100). */
    rateBp: integer("rate_bp"),
    amountKopecks: integer("amount_kopecks"),
    b24DealId: integer("b24_deal_id"),
    /** The admin who changed it by hand (reason "manual"), and the reason they gave. */
    actorId: integer("actor_id"),
    note: text("note"),
    at: integer("at").notNull(),
  },
  (t) => [
    index("commission_history_client_idx").on(t.clientId, t.at),
    check("commission_history_money_ck", sql`${t.oldKopecks} >= 0 and ${t.newKopecks} >= 0`),
  ],
);

export type CrmSyncEntry = typeof crmSyncQueue.$inferSelect;
export type CommissionHistoryRow = typeof commissionHistory.$inferSelect;
