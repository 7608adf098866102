/** Landings and their images, clients, the delivery outbox, used form tokens. */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.js";
import { links } from "./links.js";

/** A partner's landing page; visitors reach it through a landing-type link (/l/:linkCode). */
export const landings = sqliteTable(
  "landings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    headerText: text("header_text").notNull(),
    description: text("description").notNull(),
    buttonText: text("button_text").notNull(),
    themeColor: text("theme_color").notNull(),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("landings_partner_idx").on(t.partnerId, t.createdAt),
    check("landings_color_ck", sql`${t.themeColor} glob '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'`),
  ],
);

/** Re-encoded landing images, stored under random names in UPLOAD_DIR/landings. */
export const landingImages = sqliteTable(
  "landing_images",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    landingId: integer("landing_id")
      .notNull()
      .references(() => landings.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    mime: text("mime").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: integer("bytes").notNull(),
    sortOrder: integer("sort_order").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("landing_images_landing_idx").on(t.landingId, t.sortOrder), uniqueIndex("landing_images_file_uq").on(t.fileName)],
);

export const clientSources = ["form", "manual", "b24_sync"] as const;
export const deliveryStates = ["pending", "sent", "failed"] as const;
export const statusGroups = ["new", "in_progress", "won", "lost"] as const;

/** A person a partner brought: created by a form or by hand, then delivered to Bitrix24. */
export const clients = sqliteTable(
  "clients",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    linkId: integer("link_id").references(() => links.id, { onDelete: "set null" }),
    landingId: integer("landing_id").references(() => landings.id, { onDelete: "set null" }),
    source: text("source", { enum: clientSources }).notNull(),
    name: text("name").notNull(),
    phone: text("phone"),
    email: text("email"),
    company: text("company"),
    comment: text("comment"),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
    utmContent: text("utm_content"),
    utmTerm: text("utm_term"),
    /** Lower-cased name for search (SQLite folds only ASCII). */
    searchName: text("search_name").notNull(),
    /** Another client with the same phone or email was attributed within the claim window. */
    duplicateOfId: integer("duplicate_of_id"),
    deliveryState: text("delivery_state", { enum: deliveryStates }).notNull().default("pending"),
    statusGroup: text("status_group", { enum: statusGroups }).notNull().default("new"),
    /** Where the delivery worker created it in Bitrix24 (ids are Bitrix24's). */
    b24Entity: text("b24_entity", { enum: ["lead", "deal"] }),
    b24LeadId: integer("b24_lead_id"),
    b24DealId: integer("b24_deal_id"),
    b24ContactId: integer("b24_contact_id"),
    statusName: text("status_name"),
    /** Bitrix24 status/stage code as read by the sync ("C1:WON", "IN_PROCESS"). */
    b24StatusId: text("b24_status_id"),
    /** DATE_MODIFY of the entity that drives the status: older reads never overwrite newer ones. */
    b24ModifiedAt: integer("b24_modified_at"),
    b24DeletedAt: integer("b24_deleted_at"),
    /** Deal amount (OPPORTUNITY) in kopecks of `currencyId`. */
    amountKopecks: integer("amount_kopecks"),
    currencyId: text("currency_id"),
    commissionKopecks: integer("commission_kopecks").notNull().default(0),
    /** The rate fixed when the deal was won; recomputes after an amount change keep it. */
    commissionRateBp: integer("commission_rate_bp"),
    /** When the deal entered won and the commission accrued: the payout hold period counts from here. */
    wonAt: integer("won_at"),
    /** A change arrived after the client was paid: money untouched, the admin must look. */
    commissionFlagged: integer("commission_flagged", { mode: "boolean" }).notNull().default(false),
    isPaid: integer("is_paid", { mode: "boolean" }).notNull().default(false),
    paidAt: integer("paid_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("clients_partner_created_idx").on(t.partnerId, t.createdAt),
    index("clients_phone_idx").on(t.phone, t.createdAt),
    index("clients_email_idx").on(t.email, t.createdAt),
    index("clients_link_idx").on(t.linkId),
    index("clients_b24_deal_idx").on(t.b24DealId),
    index("clients_b24_lead_idx").on(t.b24LeadId),
  ],
);

/** The client's timeline: created, delivered, status changes, flags. */
export const clientEvents = sqliteTable(
  "client_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    at: integer("at").notNull(),
    kind: text("kind").notNull(),
    data: text("data"),
  },
  (t) => [index("client_events_client_idx").on(t.clientId, t.at)],
);

/** The outbox: one delivery job per client, written in the same batch as the client. */
export const deliveryJobs = sqliteTable(
  "delivery_jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    state: text("state", { enum: ["pending", "sending", "done", "dead"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    leaseUntil: integer("lease_until"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("delivery_jobs_client_uq").on(t.clientId), index("delivery_jobs_due_idx").on(t.state, t.nextAttemptAt)],
);

/** Form tokens already used once; a reused token is refused. Pruned after the token lifetime. */
export const usedFormTokens = sqliteTable("used_form_tokens", {
  nonce: text("nonce").primaryKey(),
  usedAt: integer("used_at").notNull(),
});

export type Landing = typeof landings.$inferSelect;
export type LandingImage = typeof landingImages.$inferSelect;
export type Client = typeof clients.$inferSelect;
