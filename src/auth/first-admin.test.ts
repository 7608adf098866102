import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { sessions, users } from "../db/schema.js";
import { t as ru } from "../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../testing/fixtures.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { ensureEnvAdmin, issueSetupToken } from "./accounts.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});

describe("ensureEnvAdmin", () => {
  it("creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD, then resets its password and sessions at the next boot", async () => {
    expect(await ensureEnvAdmin(t.db, { email: "Boss@Example.ru", password: "first-password", name: "Boss" }, t.clock.now)).toBe("created");
    const admin = await t.db.select().from(users).where(eq(users.email, "boss@example.ru")).get();
    expect(admin).toMatchObject({ role: "admin", isActive: true });
    const cookie = await t.cookieFor({ id: admin?.id ?? 0, role: "admin" });
    expect(await ensureEnvAdmin(t.db, { email: "boss@example.ru", password: "second-password", name: "Boss" }, t.clock.now)).toBe("updated");
    expect(await t.db.select().from(sessions)).toHaveLength(0);
    expect((await t.request("/admin", { cookie })).status).toBe(303);
    const res = await t.request("/login", { form: { email: "boss@example.ru", password: "second-password" } });
    expect(res.headers.get("location")).toBe("/admin");
  });
});

describe("GET/POST /setup/:token", () => {
  const form = { name: "Главный", email: "root@example.ru", password: "setup-password-1" };

  it("creates the first admin once, then the link is dead", async () => {
    const token = await issueSetupToken(t.db, t.clock.now);
    const page = await t.request(`/setup/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Создание администратора");
    const res = await t.request(`/setup/${token}`, { form });
    expect(res.status).toBe(303);
    expect(await t.db.select().from(users).where(eq(users.role, "admin"))).toHaveLength(1);
    const again = await t.request(`/setup/${token}`, { form: { ...form, email: "second@example.ru" } });
    expect(again.status).toBe(404);
    expect(await again.text()).toContain("Ссылка недействительна или уже использована");
    expect(await t.db.select().from(users).where(eq(users.role, "admin"))).toHaveLength(1);
  });

  it("refuses a wrong token without storing anything", async () => {
    await issueSetupToken(t.db, t.clock.now);
    const before = await snapshot(t.client);
    const res = await t.request("/setup/wrong-token", { form });
    expect(res.status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("shows field errors for a bad form and keeps the token usable", async () => {
    const token = await issueSetupToken(t.db, t.clock.now);
    const res = await t.request(`/setup/${token}`, { form: { ...form, password: "short" } });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Пароль должен быть не короче 8 символов");
    expect((await t.request(`/setup/${token}`, { form })).status).toBe(303);
  });

  it("refuses an email that a partner already uses", async () => {
    await givenPartner(t.db, { email: "root@example.ru" });
    const token = await issueSetupToken(t.db, t.clock.now);
    const res = await t.request(`/setup/${token}`, { form });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Этот email уже зарегистрирован");
  });
});

describe("GET /login on a fresh install", () => {
  it("says where the setup link is while no admin can sign in, and not once one can", async () => {
    await givenPartner(t.db, { email: "early@example.ru" });
    const fresh = await (await t.request("/login")).text();
    expect(fresh).toContain(ru.auth.firstRun.where);
    // A failed sign-in on a fresh install keeps the note: the operator is the one trying.
    const failed = await t.request("/login", { form: { email: "nobody@example.ru", password: "wrong-password" } });
    expect(failed.status).toBe(401);
    expect(await failed.text()).toContain(ru.auth.firstRun.title);

    await givenAdmin(t.db, { email: "boss@example.ru" });
    const later = await (await t.request("/login")).text();
    expect(later).toContain(ru.auth.loginHeading);
    expect(later).not.toContain(ru.auth.firstRun.title);
    expect(later).not.toContain("First admin setup link");
  });

  it("keeps the note while the only admin is deactivated (nobody can sign in as admin)", async () => {
    await givenAdmin(t.db, { email: "gone@example.ru", isActive: false });
    expect(await (await t.request("/login")).text()).toContain(ru.auth.firstRun.where);
  });
});
