/**
 * SECURITY.md H-7: every audit row carries the client address and a prefix of the session id, and
 * sign-ins, refused sign-ins, sign-outs and password changes are in the log.
 */
import { desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, sessions } from "../../db/schema.js";
import { givenAdmin, givenPartner, TEST_PASSWORD } from "../../testing/fixtures.js";
import { cookiesFrom, createTestApp, FIXED_NOW, type TestApp } from "../../testing/test-app.js";
import { auditInsert } from "./audit.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ TRUSTED_PROXIES: "10.0.0.1" });
});

const rows = () => t.db.select().from(auditLog).orderBy(auditLog.id);
const lastRow = () => t.db.select().from(auditLog).orderBy(desc(auditLog.id)).get();
const sessionIdsOf = async (userId: number) => (await t.db.select().from(sessions).where(eq(sessions.userId, userId))).map((s) => s.id);
const login = (email: string, password: string, ip = "198.51.100.7") => t.request("/login", { form: { email, password }, ip });

describe("admin actions record where they came from", () => {
  it("stores the full client address and the 16-hex prefix of the session id, never the cookie token", async () => {
    const admin = await givenAdmin(t.db);
    const partner = await givenPartner(t.db);
    const cookie = await t.cookieFor(admin);
    const [sessionId] = await sessionIdsOf(admin.id);
    const res = await t.request(`/admin/partners/${partner.id}/deactivation`, { cookie, form: { confirmed: "1" }, ip: "203.0.113.45" });
    expect(res.status).toBe(303);
    const row = await lastRow();
    expect(row).toMatchObject({ action: "partner.deactivate", actorId: admin.id, ip: "203.0.113.45", sessionHash: sessionId?.slice(0, 16) });
    expect(row?.sessionHash).toMatch(/^[0-9a-f]{16}$/);
    expect(cookie).not.toContain(row?.sessionHash ?? "-");
  });

  it("behind a trusted proxy records the forwarded client address, not the proxy's", async () => {
    const admin = await givenAdmin(t.db);
    const partner = await givenPartner(t.db);
    const cookie = await t.cookieFor(admin);
    await t.request(`/admin/partners/${partner.id}/deactivation`, {
      cookie,
      form: { confirmed: "1" },
      ip: "10.0.0.1",
      headers: { "x-forwarded-for": "192.0.2.99" },
    });
    expect((await lastRow())?.ip).toBe("192.0.2.99");
  });

  it("writes nulls outside a request (timers, boot)", async () => {
    await auditInsert(t.db, { actorId: null, action: "settings.payouts", entity: "settings", entityId: null, at: FIXED_NOW });
    expect(await lastRow()).toMatchObject({ ip: null, sessionHash: null });
  });

  it("shows the address in the «Кто» column of /admin/audit", async () => {
    const admin = await givenAdmin(t.db);
    const partner = await givenPartner(t.db);
    const cookie = await t.cookieFor(admin);
    await t.request(`/admin/partners/${partner.id}/deactivation`, { cookie, form: { confirmed: "1" }, ip: "203.0.113.45" });
    const html = await (await t.request("/admin/audit", { cookie })).text();
    expect(html).toContain("IP 203.0.113.45");
  });
});

describe("sign-ins are in the log", () => {
  it("a successful partner sign-in is written with the partner, the address and the new session", async () => {
    const partner = await givenPartner(t.db);
    const res = await login(partner.email, TEST_PASSWORD);
    expect(res.status).toBe(303);
    const [sessionId] = await sessionIdsOf(partner.id);
    expect(await rows()).toMatchObject([
      {
        action: "auth.login",
        actorId: partner.id,
        entity: "user",
        entityId: partner.id,
        partnerId: partner.id,
        ip: "198.51.100.7",
        sessionHash: sessionId?.slice(0, 16),
      },
    ]);
  });

  it("an admin sign-in names no partner", async () => {
    const admin = await givenAdmin(t.db);
    await login(admin.email, TEST_PASSWORD);
    expect(await rows()).toMatchObject([{ action: "auth.login", actorId: admin.id, partnerId: null }]);
  });

  it("a wrong password for an existing account is written without an actor, with the reason", async () => {
    const partner = await givenPartner(t.db);
    expect((await login(partner.email, "wrong-password-1")).status).toBe(401);
    const all = await rows();
    expect(all).toMatchObject([
      { action: "auth.login_failed", actorId: null, entityId: partner.id, partnerId: partner.id, ip: "198.51.100.7", sessionHash: null },
    ]);
    expect(JSON.parse(all[0]?.after ?? "null")).toEqual({ reason: "invalid_credentials" });
  });

  it("a refused account state (deactivated) is a failed sign-in too", async () => {
    const partner = await givenPartner(t.db, { isActive: false });
    expect((await login(partner.email, TEST_PASSWORD)).status).toBe(403);
    const [row] = await rows();
    expect(row).toMatchObject({ action: "auth.login_failed", partnerId: partner.id });
    expect(JSON.parse(row?.after ?? "null")).toEqual({ reason: "deactivated" });
    expect(await sessionIdsOf(partner.id)).toEqual([]);
  });

  it("an unknown email leaves no row (the log is no list of guessed addresses)", async () => {
    expect((await login("nobody@example.ru", "whatever-123")).status).toBe(401);
    expect(await rows()).toEqual([]);
  });

  it("sign-out is written with the session it ends", async () => {
    const partner = await givenPartner(t.db);
    const cookie = cookiesFrom(await login(partner.email, TEST_PASSWORD));
    const [sessionId] = await sessionIdsOf(partner.id);
    const res = await t.request("/logout", { cookie, form: {}, ip: "198.51.100.8" });
    expect(res.status).toBe(303);
    expect(await sessionIdsOf(partner.id)).toEqual([]);
    expect(await lastRow()).toMatchObject({
      action: "auth.logout",
      actorId: partner.id,
      partnerId: partner.id,
      ip: "198.51.100.8",
      sessionHash: sessionId?.slice(0, 16),
    });
  });

  it("a password change is written; a wrong current password writes nothing", async () => {
    const partner = await givenPartner(t.db);
    const cookie = await t.cookieFor(partner);
    const form = { current_password: TEST_PASSWORD, new_password: "a-new-password-42", confirm_password: "a-new-password-42" };
    expect((await t.request("/profile/password", { cookie, form: { ...form, current_password: "not-it-at-all" } })).status).toBe(422);
    expect(await rows()).toEqual([]);
    expect((await t.request("/profile/password", { cookie, form })).status).toBe(303);
    expect(await rows()).toMatchObject([{ action: "auth.password_changed", actorId: partner.id, partnerId: partner.id, ip: "203.0.113.10" }]);
  });
});
