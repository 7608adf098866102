/** Users (partners and admins), sessions, login throttling, settings, notifications, audit. */
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
    /** The partner's own reward rate in basis points (10 % = 1000); null = the global rate. */
    rewardRateBp: integer("reward_rate_bp"),
    /** Per-partner Bitrix24 routing over /admin/crm's (PRODUCT.md §5); null = the global value. */
    b24EntityType: text("b24_entity_type", { enum: ["lead", "deal"] }),
    b24CategoryId: integer("b24_category_id"),
    b24StageId: text("b24_stage_id"),
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
    /** When the password was last entered in this session (login or "sudo mode" confirmation, SECURITY.md H-3). */
    authenticatedAt: integer("authenticated_at").notNull().default(0),
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
    /** The partner the action concerns (for the audit page's partner filter); null for global settings. */
    partnerId: integer("partner_id"),
    before: text("before"),
    after: text("after"),
    /** The full client address of the request (an admin security record, SECURITY.md H-7); null outside a request. */
    ip: text("ip"),
    /** A 16-hex prefix of sessions.id (itself a SHA-256 of the token, never the token); null outside a session. */
    sessionHash: text("session_hash"),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entity, t.entityId),
    index("audit_log_at_idx").on(t.at),
    index("audit_log_partner_idx").on(t.partnerId, t.at),
    index("audit_log_action_idx").on(t.action, t.at),
  ],
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
