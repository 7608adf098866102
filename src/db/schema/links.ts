/** Links, raw clicks and their daily roll-ups, default links. */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.js";

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
