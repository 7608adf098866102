/** Payout methods (requisites), payout requests and the clients each request claims (PRODUCT.md §1, §7). */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.js";
import { clients } from "./clients.js";

export const payoutMethodKinds = ["card", "bank_account", "self_employed"] as const;
export type PayoutMethodKind = (typeof payoutMethodKinds)[number];

/** A partner's requisites; `details` is the validated JSON of the kind's fields. One default per partner. */
export const payoutMethods = sqliteTable(
  "payout_methods",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: payoutMethodKinds }).notNull(),
    details: text("details").notNull(),
    isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("payout_methods_partner_idx").on(t.partnerId), uniqueIndex("payout_methods_default_uq").on(t.partnerId).where(sql`is_default = 1`)],
);

export const payoutStatuses = ["pending", "approved", "rejected", "paid"] as const;
export type PayoutStatus = (typeof payoutStatuses)[number];

/** A partner's request to be paid for some won clients; the method is copied in, so later edits do not change it. */
export const payoutRequests = sqliteTable(
  "payout_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: payoutStatuses }).notNull().default("pending"),
    totalKopecks: integer("total_kopecks").notNull(),
    /** JSON snapshot of the payout method at request time: { kind, details }. */
    methodSnapshot: text("method_snapshot").notNull(),
    comment: text("comment"),
    adminComment: text("admin_comment"),
    /** A random key rendered into the form: a second click of the same form finds the first request. */
    requestKey: text("request_key").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    decidedAt: integer("decided_at"),
    decidedById: integer("decided_by_id"),
    paidAt: integer("paid_at"),
    paidById: integer("paid_by_id"),
  },
  (t) => [
    uniqueIndex("payout_requests_key_uq").on(t.partnerId, t.requestKey),
    index("payout_requests_partner_idx").on(t.partnerId, t.createdAt),
    index("payout_requests_status_idx").on(t.status, t.createdAt),
    check("payout_requests_total_ck", sql`${t.totalKopecks} > 0`),
    check("payout_requests_status_ck", sql`${t.status} in ('pending','approved','rejected','paid')`),
  ],
);

/**
 * The clients a request claims, with the commission at request time. `active` is 1 while the request
 * is pending, approved or paid and NULL once rejected (or the admin releases the client): the partial
 * unique index lets a client be actively claimed by one request only — enforced by the database.
 */
export const payoutRequestClients = sqliteTable(
  "payout_request_clients",
  {
    requestId: integer("request_id")
      .notNull()
      .references(() => payoutRequests.id, { onDelete: "cascade" }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    commissionKopecks: integer("commission_kopecks").notNull(),
    active: integer("active"),
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.clientId] }),
    uniqueIndex("payout_request_clients_active_uq").on(t.clientId).where(sql`active = 1`),
    check("payout_request_clients_active_ck", sql`${t.active} is null or ${t.active} = 1`),
  ],
);

export type PayoutMethod = typeof payoutMethods.$inferSelect;
export type PayoutRequest = typeof payoutRequests.$inferSelect;
