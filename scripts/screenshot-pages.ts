/**
 * Every page of the cabinet worth a picture, as URLs on a freshly seeded demo database: the partner's
 * pages (signed in as the main demo partner), the admin's, and what visitors see. Ids and codes are
 * read from the database the seed wrote.
 */
import { createClient } from "@libsql/client";
import { DEMO_PARTNERS } from "./seed-accounts.js";

export type Role = "partner" | "admin" | "public";
export type ShotPage = { name: string; role: Role; path: string };

async function one(client: ReturnType<typeof createClient>, sql: string, args: Array<string | number>): Promise<string> {
  const row = (await client.execute({ sql, args })).rows[0];
  const value = row?.[0];
  if (value === undefined || value === null) throw new Error(`screenshots: nothing for ${sql} ${JSON.stringify(args)}`);
  return String(value);
}

export async function demoPages(databaseUrl: string): Promise<ShotPage[]> {
  const client = createClient({ url: databaseUrl });
  try {
    const annaEmail = DEMO_PARTNERS.find((p) => p.key === "anna")?.email ?? "";
    const anna = await one(client, "select id from users where email = ?", [annaEmail]);
    const busiestLink = await one(
      client,
      "select l.id from links l join link_daily_stats s on s.link_id = l.id where l.partner_id = ? group by l.id order by sum(s.clicks) desc limit 1",
      [anna],
    );
    const landing = await one(client, "select id from landings where partner_id = ? order by id limit 1", [anna]);
    const landingCode = await one(client, "select code from links where partner_id = ? and link_type = 'landing' and is_active = 1 order by id limit 1", [
      anna,
    ]);
    const embedCode = await one(client, "select code from links where partner_id = ? and link_type = 'iframe' and is_active = 1 order by id limit 1", [anna]);
    const paidClient = await one(client, "select id from clients where partner_id = ? and status_group = 'won' and is_paid = 1 order by id limit 1", [anna]);
    const paidRequest = await one(client, "select id from payout_requests where partner_id = ? and status = 'paid' order by id limit 1", [anna]);
    const pendingRequest = await one(client, "select id from payout_requests where partner_id = ? and status = 'pending' order by id limit 1", [anna]);
    const openClient = await one(client, "select id from clients where partner_id = ? and status_group = 'in_progress' order by id limit 1", [anna]);
    const partner = (name: string, path: string): ShotPage => ({ name: `partner-${name}`, role: "partner", path });
    const admin = (name: string, path: string): ShotPage => ({ name: `admin-${name}`, role: "admin", path });
    const visitor = (name: string, path: string): ShotPage => ({ name: `public-${name}`, role: "public", path });
    return [
      visitor("login", "/login"),
      visitor("register", "/register"),
      visitor("landing", `/l/${landingCode}`),
      // An iframe link's short link opened on its own (a full page), and the bare form a site embeds.
      visitor("embed", `/embed/${embedCode}?view=page`),
      visitor("embed-form", `/embed/${embedCode}`),
      visitor("dead-link", "/r/NoSuchCode"),
      visitor("dead-landing", "/l/NoSuchCode"),
      visitor("dead-setup-link", "/setup/used-or-mistyped"),
      partner("dashboard", "/dashboard"),
      partner("links", "/links"),
      partner("link", `/links/${busiestLink}`),
      partner("link-form", "/links/new"),
      partner("link-edit", `/links/${busiestLink}/edit`),
      partner("landings", "/landings"),
      partner("landing-editor", `/landings/${landing}/edit`),
      partner("clients", "/clients"),
      partner("client", `/clients/${paidClient}`),
      partner("client-form", "/clients/new"),
      partner("payouts", "/payouts"),
      partner("payout", `/payouts/${paidRequest}`),
      partner("profile", "/profile"),
      partner("requisites-form", "/profile/payout-methods/new"),
      partner("notifications", "/notifications"),
      admin("overview", "/admin"),
      admin("registrations", "/admin/registrations"),
      admin("partners", "/admin/partners"),
      admin("partner", `/admin/partners/${anna}`),
      admin("partner-client", `/admin/partners/${anna}/clients/${openClient}`),
      admin("payouts", "/admin/payouts"),
      admin("payout", `/admin/payouts/${pendingRequest}`),
      admin("crm", "/admin/crm"),
      admin("audit", "/admin/audit"),
      admin("settings", "/admin/settings"),
      admin("notifications", "/admin/notifications"),
      admin("profile", "/profile"),
    ];
  } finally {
    client.close();
  }
}

/** The pictures README.md shows (≤ 10), copied compressed to docs/screenshots/. */
export const KEY_SHOTS = [
  "partner-dashboard-375",
  "partner-dashboard-1280",
  "partner-link-375",
  "partner-links-1280",
  "partner-landing-editor-1280",
  "public-landing-375",
  "partner-clients-1280",
  "partner-payouts-375",
  "admin-partner-1280",
  "admin-payouts-1280",
];
