/**
 * The access table: every route the app registers, with who may use it. A new route missing from the
 * table fails here; each route is then tried as anonymous, partner, admin and as partners who may not
 * sign in (pending, rejected, deactivated), and with a foreign Origin.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { givenAdmin, givenPartner, snapshot } from "./testing/fixtures.js";
import { createTestApp, type TestApp } from "./testing/test-app.js";

type Access = "public" | "user" | "partner" | "admin";

const accessTable: Record<string, Access> = {
  "GET /": "public",
  "GET /healthz": "public",
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
  "GET /dashboard": "partner",
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
  "GET /notifications": "partner",
  "GET /notifications/bell": "partner",
  "POST /notifications/read-all": "partner",
  "POST /notifications/:id/read": "partner",
  "GET /profile": "user",
  "POST /profile": "user",
  "POST /profile/password": "user",
  "GET /admin": "admin",
  "GET /admin/registrations": "admin",
  "GET /admin/registrations/badge": "admin",
  "POST /admin/registrations/:id/approval": "admin",
  "POST /admin/registrations/:id/rejection": "admin",
  "GET /admin/partners": "admin",
  "GET /admin/partners/new": "admin",
  "POST /admin/partners": "admin",
  "POST /admin/partners/:id/activation": "admin",
  "POST /admin/partners/:id/deactivation": "admin",
  "GET /admin/notifications": "admin",
  "POST /admin/notifications": "admin",
  "POST /admin/notifications/:id/deletion": "admin",
  "GET /admin/settings": "admin",
  "POST /admin/settings/default-links": "admin",
  "POST /admin/settings/default-links/:id/deletion": "admin",
};

const entries = Object.entries(accessTable).map(([key, access]) => {
  const [method = "", path = ""] = key.split(" ");
  return { key, method, path, access, url: path.replace(":id", "1").replace(":token", "not-a-token").replace(":code", "AAAAAAAAAA") };
});
const guarded = entries.filter((e) => e.access !== "public");
const posts = entries.filter((e) => e.method === "POST");

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

  it("refuses a form post with neither Origin nor Sec-Fetch-Site", async () => {
    const res = await t.request("/register", { form: { email: "a@b.ru" }, headers: { origin: "" } });
    expect(res.status).toBe(403);
  });
});
