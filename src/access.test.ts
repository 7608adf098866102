/**
 * The access table: every route the app registers, with who may use it. A new route missing from the
 * table fails here; each route is then tried as anonymous, partner, admin and as partners who may not
 * sign in (pending, rejected, deactivated), and with a foreign Origin.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createLanding } from "./features/landings/landings.js";
import { createLink } from "./features/links/links.js";
import { givenAdmin, givenPartner, snapshot } from "./testing/fixtures.js";
import { createTestApp, type TestApp } from "./testing/test-app.js";

type Access = "public" | "user" | "partner" | "admin";

const accessTable: Record<string, Access> = {
  "GET /": "public",
  "GET /healthz": "public",
  "GET /static/app.css": "public",
  "GET /static/embed.js": "public",
  "GET /brand.css": "public",
  "GET /brand/logo": "public",
  "GET /login": "public",
  "POST /login": "public",
  "GET /register": "public",
  "POST /register": "public",
  "GET /logout": "public",
  "POST /logout": "public",
  "GET /setup/:token": "public",
  "POST /setup/:token": "public",
  "GET /r/:code": "public",
  "GET /api/public/r/:code": "public",
  "GET /l/:code": "public",
  "POST /l/:code": "public",
  "GET /api/public/landing/:code": "public",
  "POST /api/public/landing/:code": "public",
  "GET /embed/:code": "public",
  "POST /embed/:code": "public",
  "POST /webhooks/bitrix24": "public",
  "POST /api/public/webhook/b24": "public",
  "GET /media/landings/:file": "public",
  "GET /dashboard": "partner",
  "GET /landings": "partner",
  "GET /landings/new": "partner",
  "POST /landings": "partner",
  "GET /landings/:id/edit": "partner",
  "POST /landings/:id": "partner",
  "POST /landings/:id/preview": "partner",
  "POST /landings/:id/activation": "partner",
  "POST /landings/:id/deactivation": "partner",
  "POST /landings/:id/address": "partner",
  "POST /landings/preview": "partner",
  "POST /landings/:id/images": "partner",
  "POST /landings/:id/images/:imageId/deletion": "partner",
  "POST /landings/:id/images/:imageId/move": "partner",
  "GET /links": "partner",
  "GET /links/new": "partner",
  "POST /links": "partner",
  "GET /links/:id": "partner",
  "GET /links/:id/edit": "partner",
  "POST /links/:id": "partner",
  "POST /links/:id/activation": "partner",
  "POST /links/:id/deactivation": "partner",
  "GET /links/:id/qr.svg": "partner",
  "GET /links/:id/qr.png": "partner",
  "GET /clients": "partner",
  "GET /clients/new": "partner",
  "POST /clients": "partner",
  "GET /clients/export.csv": "partner",
  "GET /clients/:id": "partner",
  "GET /payouts": "partner",
  "POST /payouts": "partner",
  "POST /payouts/total": "partner",
  "GET /payouts/:id": "partner",
  "GET /notifications": "partner",
  "GET /notifications/bell": "partner",
  "POST /notifications/read-all": "partner",
  "POST /notifications/:id/read": "partner",
  "GET /chat": "partner",
  "GET /chat/badge": "partner",
  "GET /chat/messages": "partner",
  "POST /chat/messages": "partner",
  "GET /chat/updates": "partner",
  "GET /attachments/:id": "user",
  "GET /attachments/:id/thumb": "user",
  "GET /profile": "user",
  "POST /profile": "user",
  "POST /profile/password": "user",
  "POST /profile/payout-methods": "partner",
  "GET /profile/payout-methods/new": "partner",
  "GET /profile/payout-methods/:id/edit": "partner",
  "POST /profile/payout-methods/:id": "partner",
  "POST /profile/payout-methods/:id/deletion": "partner",
  "POST /profile/payout-methods/:id/default": "partner",
  "GET /admin": "admin",
  "GET /admin/registrations": "admin",
  "GET /admin/registrations/badge": "admin",
  "POST /admin/registrations/:id/approval": "admin",
  "POST /admin/registrations/:id/rejection": "admin",
  "GET /admin/partners": "admin",
  "GET /admin/partners/new": "admin",
  "POST /admin/partners": "admin",
  "GET /admin/partners/:id": "admin",
  "POST /admin/partners/:id/activation": "admin",
  "POST /admin/partners/:id/deactivation": "admin",
  "GET /admin/notifications": "admin",
  "POST /admin/notifications": "admin",
  "POST /admin/notifications/:id/deletion": "admin",
  "GET /admin/chat": "admin",
  "GET /admin/chat/new": "admin",
  "GET /admin/chat/badge": "admin",
  "GET /admin/chat/:partnerId": "admin",
  "GET /admin/chat/:partnerId/messages": "admin",
  "GET /admin/chat/:partnerId/updates": "admin",
  "POST /admin/chat/:partnerId/messages": "admin",
  "POST /admin/chat/:partnerId/messages/:messageId/deletion": "admin",
  "GET /admin/settings": "admin",
  "GET /admin/crm": "admin",
  "POST /admin/crm": "admin",
  "POST /admin/crm/check": "admin",
  "POST /admin/crm/lists": "admin",
  "POST /admin/crm/retries": "admin",
  "POST /admin/crm/retries/:jobId": "admin",
  "GET /admin/audit": "admin",
  "POST /admin/partners/:id/rate": "admin",
  "POST /admin/partners/:id/rate/deletion": "admin",
  "POST /admin/partners/:id/routing": "admin",
  "POST /admin/partners/:id/routing/deletion": "admin",
  "POST /admin/partners/:id/clients/payment-marks": "admin",
  "GET /admin/partners/:id/clients/:clientId": "admin",
  "POST /admin/partners/:id/clients/:clientId/amount": "admin",
  "POST /admin/partners/:id/clients/:clientId/commission": "admin",
  "POST /admin/partners/:id/clients/:clientId/flag-clearing": "admin",
  "POST /admin/partners/:id/clients/:clientId/payment-mark": "admin",
  "GET /admin/payouts": "admin",
  "GET /admin/payouts/badge": "admin",
  "POST /admin/payouts/settings": "admin",
  "GET /admin/payouts/:id": "admin",
  "POST /admin/payouts/:id/approval": "admin",
  "POST /admin/payouts/:id/rejection": "admin",
  "POST /admin/payouts/:id/payment": "admin",
  "POST /admin/settings/default-links": "admin",
  "POST /admin/settings/default-links/:id/deletion": "admin",
  "POST /admin/settings/contact-masking": "admin",
  "POST /admin/settings/commission-rate": "admin",
  "POST /admin/settings/target-domains": "admin",
  "POST /admin/settings/brand": "admin",
  "POST /admin/settings/brand/logo": "admin",
  "POST /admin/settings/brand/logo/deletion": "admin",
};

const entries = Object.entries(accessTable).map(([key, access]) => {
  const [method = "", path = ""] = key.split(" ");
  return {
    key,
    method,
    path,
    access,
    url: path
      .replace(":id", "1")
      .replace(":token", "not-a-token")
      .replace(":code", "AAAAAAAAAA")
      .replace(":imageId", "1")
      .replace(":jobId", "1")
      .replace(":clientId", "1")
      .replace(":partnerId", "1")
      .replace(":messageId", "1")
      .replace(":file", "x.png"),
  };
});
const guarded = entries.filter((e) => e.access !== "public");
/** The only routes without the CSRF origin check: public lead forms, which carry a signed one-time token. */
/** Bitrix24's outbound events: form posts with no Origin, authenticated by the application token instead. */
const webhookRoutes = ["POST /webhooks/bitrix24", "POST /api/public/webhook/b24"];
const csrfExempt = ["POST /l/:code", "POST /api/public/landing/:code", "POST /embed/:code", ...webhookRoutes];
const posts = entries.filter((e) => e.method === "POST" && !csrfExempt.includes(e.key));

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

describe("access table", () => {
  it("lists exactly the routes the app registers", () => {
    const registered = new Set(t.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    expect([...registered].sort()).toEqual(Object.keys(accessTable).sort());
  });

  it.each(guarded)("$key sends an anonymous visitor to the login page", async ({ method, url }) => {
    const before = await snapshot(t.client);
    const res = await t.request(url, { method, form: method === "POST" ? {} : undefined });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/login/);
    expect(await snapshot(t.client)).toBe(before);
  });

  it.each(entries.filter((e) => e.access === "admin"))("$key answers 404 to a partner", async ({ method, url }) => {
    const partner = await givenPartner(t.db);
    const cookie = await t.cookieFor(partner);
    const before = await snapshot(t.client);
    const res = await t.request(url, { method, cookie, form: method === "POST" ? {} : undefined });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Страница не найдена");
    expect(await snapshot(t.client)).toBe(before);
  });

  it.each(entries.filter((e) => e.access === "partner"))("$key sends an admin to the admin overview", async ({ method, url }) => {
    const admin = await givenAdmin(t.db);
    const res = await t.request(url, { method, cookie: await t.cookieFor(admin), form: method === "POST" ? {} : undefined });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin");
  });

  const blocked = [
    ["pending", { approvalStatus: "pending" as const, isActive: false }],
    ["rejected", { approvalStatus: "rejected" as const, isActive: false, rejectionReason: "no" }],
    ["deactivated", { approvalStatus: "approved" as const, isActive: false }],
  ] as const;
  describe.each(blocked)("a %s partner with a session cookie", (_label, state) => {
    it.each(guarded)("$key gives no access and ends the session", async ({ method, url }) => {
      const partner = await givenPartner(t.db, state);
      const cookie = await t.cookieFor(partner);
      const res = await t.request(url, { method, cookie, form: method === "POST" ? {} : undefined });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toMatch(/^\/login/);
      const sessions = await t.client.execute({ sql: "select count(*) n from sessions where user_id = ?", args: [partner.id] });
      expect(sessions.rows[0]?.n).toBe(0);
    });
  });

  it.each(posts)("$key refuses a form posted from another site", async ({ url, access }) => {
    const admin = await givenAdmin(t.db);
    const cookie = access === "public" ? undefined : await t.cookieFor(admin);
    const before = await snapshot(t.client);
    const res = await t.request(url, { cookie, form: { name: "x" }, headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Запрос отклонён");
    expect(await snapshot(t.client)).toBe(before);
  });

  it.each(webhookRoutes)("%s accepts a post from another site and relies on the application token instead", async (key) => {
    const before = await snapshot(t.client);
    const res = await t.request(key.split(" ")[1] ?? "", {
      form: { event: "ONCRMDEALUPDATE", "data[FIELDS][ID]": "1", "auth[application_token]": "forged" },
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(401);
    expect(await snapshot(t.client)).toBe(before);
  });

  it.each(csrfExempt.filter((key) => !webhookRoutes.includes(key)))("%s accepts a post from another site and relies on its form token instead", async (key) => {
    const partner = await givenPartner(t.db);
    const landing = await createLanding(
      t.db,
      partner.id,
      { title: "L", headerText: "H", description: "D", buttonText: "B", themeColor: "#123456" },
      t.clock.now,
    );
    const type = key.includes("embed") ? "iframe" : "landing";
    const link = await createLink(
      t.db,
      partner.id,
      {
        title: "x",
        linkType: type,
        targetUrl: null,
        landingId: landing.id,
        utmSource: null,
        utmMedium: null,
        utmCampaign: null,
        utmContent: null,
        utmTerm: null,
      },
      t.clock.now,
    );
    const before = await snapshot(t.client);
    const res = await t.request(key.split(" ")[1]?.replace(":code", link.code) ?? "", {
      form: { name: "x", phone: "+79123456789" },
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Не удалось проверить форму");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("refuses a form post with neither Origin nor Sec-Fetch-Site", async () => {
    const res = await t.request("/register", { form: { email: "a@b.ru" }, headers: { origin: "" } });
    expect(res.status).toBe(403);
  });
});
