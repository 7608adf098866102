/**
 * Every table of the cabinet. TS keys are camelCase, SQL names snake_case; times are UTC
 * milliseconds; money (later) is integer kopecks. Edit here, then `npm run db:generate`.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const userRoles = ["partner", "admin"] as const;
export type UserRole = (typeof userRoles)[number];
export const approvalStatuses = ["pending", "approved", "rejected"] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];

/** Partners and admins share one table: one login form, one session type. */
export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: userRoles }).notNull().default("partner"),
    name: text("name").notNull(),
    company: text("company"),
    phone: text("phone"),
    partnerCode: text("partner_code").notNull(),
    approvalStatus: text("approval_status", { enum: approvalStatuses }).notNull().default("pending"),
    rejectionReason: text("rejection_reason"),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(false),
    /** Lower-cased name, email, company and code: SQLite's lower() and LIKE fold ASCII only, not Cyrillic. */
    searchText: text("search_text").notNull().default(""),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    decidedAt: integer("decided_at"),
  },
  (t) => [
    uniqueIndex("users_email_uq").on(t.email),
    uniqueIndex("users_partner_code_uq").on(t.partnerCode),
    index("users_role_status_idx").on(t.role, t.approvalStatus, t.createdAt),
    check("users_role_ck", sql`${t.role} in ('partner','admin')`),
    check("users_status_ck", sql`${t.approvalStatus} in ('pending','approved','rejected')`),
  ],
);

/** Lucia-style sessions: the id is the SHA-256 of the cookie token, never the token itself. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    /** Sliding idle expiry, never later than absoluteExpiresAt. */
    expiresAt: integer("expires_at").notNull(),
    absoluteExpiresAt: integer("absolute_expires_at").notNull(),
    lastExtendedAt: integer("last_extended_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Login failure counters keyed by `ip:<addr>` or `account:<email>`; kept in the DB to survive restarts. */
export const loginThrottles = sqliteTable("login_throttles", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lockedUntil: integer("locked_until").notNull().default(0),
  /** Failures in the current hour window, for the hard cap of 100 per hour per account. */
  hourFailures: integer("hour_failures").notNull().default(0),
  hourStartedAt: integer("hour_started_at").notNull().default(0),
  updatedAt: integer("updated_at").notNull(),
});

/** Small key/value store for system settings and secrets generated at first boot. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const notificationKinds = ["admin", "system"] as const;

/** A notification targets one partner, or everyone when targetUserId is null. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    message: text("message").notNull(),
    kind: text("kind", { enum: notificationKinds }).notNull(),
    targetUserId: integer("target_user_id").references(() => users.id, { onDelete: "cascade" }),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("notifications_target_idx").on(t.targetUserId, t.createdAt)],
);

export const notificationReads = sqliteTable(
  "notification_reads",
  {
    notificationId: integer("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    readAt: integer("read_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.notificationId, t.userId] }), index("notification_reads_user_idx").on(t.userId)],
);

/** Append-only record of admin actions (triggers in the migration refuse UPDATE and DELETE). */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actorId: integer("actor_id"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: integer("entity_id"),
    before: text("before"),
    after: text("after"),
  },
  (t) => [index("audit_log_entity_idx").on(t.entity, t.entityId), index("audit_log_at_idx").on(t.at)],
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Notification = typeof notifications.$inferSelect;

export const linkTypes = ["direct", "landing", "iframe"] as const;
export type LinkType = (typeof linkTypes)[number];

/** A partner's tracked link. `code` is the public 10-character id in /r/:code. */
export const links = sqliteTable(
  "links",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    title: text("title").notNull(),
    linkType: text("link_type", { enum: linkTypes }).notNull().default("direct"),
    targetUrl: text("target_url"),
    /** Set once landings exist (the landings feature); null for direct links. */
    landingId: integer("landing_id"),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
    utmContent: text("utm_content"),
    utmTerm: text("utm_term"),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    /** The default link this one was created from, so approval never creates it twice. */
    defaultLinkId: integer("default_link_id"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("links_code_uq").on(t.code),
    index("links_partner_idx").on(t.partnerId, t.createdAt),
    uniqueIndex("links_partner_default_uq").on(t.partnerId, t.defaultLinkId),
    check("links_type_ck", sql`${t.linkType} in ('direct','landing','iframe')`),
  ],
);

/**
 * One row per recorded hit, written in batches off the request path. The IP is anonymised
 * (IPv4 /24, IPv6 /48) before it is stored; `visitorHash` uses a salt that changes every day.
 */
export const clicks = sqliteTable(
  "clicks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    linkId: integer("link_id")
      .notNull()
      .references(() => links.id, { onDelete: "cascade" }),
    at: integer("at").notNull(),
    ip: text("ip").notNull(),
    userAgent: text("user_agent").notNull(),
    referer: text("referer"),
    visitorHash: text("visitor_hash").notNull(),
    isBot: integer("is_bot", { mode: "boolean" }).notNull(),
  },
  // No secondary index on purpose: pages read the daily roll-up, never raw clicks, and every index
  // would be paid for on each redirect's write.
);

/** Daily roll-up per link (day in APP_TIMEZONE), kept by the click flusher: no page scans raw clicks. */
export const linkDailyStats = sqliteTable(
  "link_daily_stats",
  {
    linkId: integer("link_id")
      .notNull()
      .references(() => links.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    clicks: integer("clicks").notNull().default(0),
    uniqueVisitors: integer("unique_visitors").notNull().default(0),
    bots: integer("bots").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.day] }), index("link_daily_stats_day_idx").on(t.day)],
);

/** Visitors already counted for a link on a day; pruned after two days (uniques are per day). */
export const linkDayVisitors = sqliteTable(
  "link_day_visitors",
  {
    linkId: integer("link_id").notNull(),
    day: text("day").notNull(),
    visitorHash: text("visitor_hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.day, t.visitorHash] }), index("link_day_visitors_day_idx").on(t.day)],
);

/** Links every newly approved partner receives (admin settings); utm_term becomes the partner code. */
export const defaultLinks = sqliteTable("default_links", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  title: text("title").notNull(),
  targetUrl: text("target_url").notNull(),
  utmSource: text("utm_source"),
  utmMedium: text("utm_medium"),
  utmCampaign: text("utm_campaign"),
  utmContent: text("utm_content"),
  createdAt: integer("created_at").notNull(),
});

export type Link = typeof links.$inferSelect;
export type DefaultLink = typeof defaultLinks.$inferSelect;

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
    statusName: text("status_name"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("clients_partner_created_idx").on(t.partnerId, t.createdAt),
    index("clients_phone_idx").on(t.phone, t.createdAt),
    index("clients_email_idx").on(t.email, t.createdAt),
    index("clients_link_idx").on(t.linkId),
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
