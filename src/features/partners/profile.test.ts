import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { sessions } from "../../db/schema.js";
import { t as text } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, reloadUser, snapshot, TEST_PASSWORD } from "../../testing/fixtures.js";
import { cookiesFrom, createTestApp, type TestApp } from "../../testing/test-app.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});

describe("GET /profile", () => {
  it("shows the partner code and email; an admin has no partner code", async () => {
    const p = await givenPartner(t.db, { partnerCode: "abcd2345" });
    const html = await (await t.request("/profile", { cookie: await t.cookieFor(p) })).text();
    expect(html).toContain("abcd2345");
    expect(html).toContain(p.email);
    const admin = await givenAdmin(t.db, { partnerCode: "zzzz9999" });
    expect(await (await t.request("/profile", { cookie: await t.cookieFor(admin) })).text()).not.toContain("zzzz9999");
  });

  it("heads an admin's own profile plainly, not as a partner's, and shows no partner-only sections", async () => {
    const admin = await givenAdmin(t.db, { company: "ООО «Компания»" });
    const html = await (await t.request("/profile", { cookie: await t.cookieFor(admin) })).text();
    expect(html).toContain(`<h2>${text.partners.profileSection}</h2>`);
    expect(html).toContain("<h2>Ваши данные</h2>");
    expect(html).not.toContain("Данные партнёра");
    for (const partnerOnly of [text.partners.partnerCode, text.auth.fields.company, text.requisites.section, text.partners.emailReadonlyHint]) {
      expect(html).not.toContain(partnerOnly);
    }
    // Saving without the company field keeps the stored one.
    const res = await t.request("/profile", { cookie: await t.cookieFor(admin), form: { name: "Админ", phone: "" } });
    expect(res.status).toBe(303);
    expect(await reloadUser(t.db, admin.id)).toMatchObject({ name: "Админ", company: "ООО «Компания»" });
  });

  it("shows the stored phone the way the cabinet writes phones, and takes it back unchanged", async () => {
    const p = await givenPartner(t.db, { phone: "+79123456789" });
    const cookie = await t.cookieFor(p);
    expect(await (await t.request("/profile", { cookie })).text()).toContain('name="phone" type="tel" value="+7 912 345-67-89"');
    await t.request("/profile", { cookie, form: { name: p.name, company: "", phone: "+7 912 345-67-89" } });
    expect(await reloadUser(t.db, p.id)).toMatchObject({ phone: "+79123456789" });
  });
});

describe("POST /profile", () => {
  it("saves name, company and a normalised phone", async () => {
    const p = await givenPartner(t.db);
    const res = await t.request("/profile", { cookie: await t.cookieFor(p), form: { name: "  Новое Имя ", company: "ИП Иванов", phone: "8 (912) 345-67-89" } });
    expect(res.status).toBe(303);
    expect(await reloadUser(t.db, p.id)).toMatchObject({ name: "Новое Имя", company: "ИП Иванов", phone: "+79123456789" });
  });

  it("ignores fields the partner does not own (mass assignment)", async () => {
    const p = await givenPartner(t.db);
    await t.request("/profile", { cookie: await t.cookieFor(p), form: { name: "Имя", role: "admin", approval_status: "approved", email: "evil@x.ru" } });
    expect(await reloadUser(t.db, p.id)).toMatchObject({ role: "partner", email: p.email });
  });

  it.each([
    [{ name: "" }, "Заполните поле"],
    [{ name: "x".repeat(10_000) }, "Не длиннее 100 символов"],
    [{ name: "Имя", phone: "12" }, "Введите телефон"],
  ])("refuses bad input by the field (%#)", async (form, message) => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    const before = await snapshot(t.client);
    const res = await t.request("/profile", { cookie, form });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("POST /profile/password", () => {
  it("changes the password, ends the other sessions and keeps this browser signed in", async () => {
    const p = await givenPartner(t.db);
    const other = await t.cookieFor(p);
    const mine = await t.cookieFor(p);
    const res = await t.request("/profile/password", {
      cookie: mine,
      form: { current_password: TEST_PASSWORD, new_password: "brand-new-pass", confirm_password: "brand-new-pass" },
    });
    expect(res.status).toBe(303);
    expect((await t.request("/dashboard", { cookie: other })).status).toBe(303);
    expect((await t.request("/dashboard", { cookie: cookiesFrom(res, mine) })).status).toBe(200);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, p.id))).toHaveLength(1);
    const login = await t.request("/login", { form: { email: p.email, password: "brand-new-pass" } });
    expect(login.status).toBe(303);
  });

  it.each([
    [{ current_password: "wrong-one", new_password: "brand-new-pass", confirm_password: "brand-new-pass" }, "Текущий пароль указан неверно"],
    [{ current_password: TEST_PASSWORD, new_password: "brand-new-pass", confirm_password: "other-pass-1" }, "Пароли не совпадают"],
    [{ current_password: TEST_PASSWORD, new_password: "short", confirm_password: "short" }, "Пароль должен быть не короче 8 символов"],
    [{ current_password: TEST_PASSWORD, new_password: "p".repeat(300), confirm_password: "p".repeat(300) }, "Пароль должен быть не длиннее 256 символов"],
  ])("refuses (%#) with a message and changes nothing", async (form, message) => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    const before = await snapshot(t.client);
    const res = await t.request("/profile/password", { cookie, form });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("counts wrong current passwords like failed logins: the next try waits, whatever it is", async () => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    const form = { current_password: "wrong-one", new_password: "brand-new-pass", confirm_password: "brand-new-pass" };
    // The account backoff is 0 s after the first failure, 1 s after the second.
    expect((await t.request("/profile/password", { cookie, form })).status).toBe(422);
    expect((await t.request("/profile/password", { cookie, form })).status).toBe(422);
    const before = await snapshot(t.client);
    const res = await t.request("/profile/password", { cookie, form: { ...form, current_password: TEST_PASSWORD } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await res.text()).toContain("Слишком много неудачных попыток");
    expect(await snapshot(t.client)).toBe(before);
    t.clock.now += 5_000;
    const later = await t.request("/profile/password", { cookie, form: { ...form, current_password: TEST_PASSWORD } });
    expect(later.status).toBe(303);
  });
});
