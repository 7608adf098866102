import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, notifications, sessions } from "../../db/schema.js";
import { t as ru } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, reloadUser, snapshot } from "../../testing/fixtures.js";
import { cookiesFrom, createTestApp, type TestApp } from "../../testing/test-app.js";

let t: TestApp;
let admin: Awaited<ReturnType<typeof givenAdmin>>;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await givenAdmin(t.db);
  cookie = await t.cookieFor(admin);
});
const pending = () => givenPartner(t.db, { approvalStatus: "pending", isActive: false, decidedAt: null });

describe("GET /admin", () => {
  it("shows real counts of partners by state", async () => {
    await givenPartner(t.db);
    await givenPartner(t.db, { isActive: false });
    await pending();
    const html = await (await t.request("/admin", { cookie })).text();
    expect(html).toMatch(/stat-value">3<\/span><span class="stat-label">Партнёров всего/);
    expect(html).toMatch(/stat-value">1<\/span><span class="stat-label">Заявок ждут решения/);
  });
});

describe("GET /admin/registrations", () => {
  it("lists pending sign-ups only, with escaped names, and the sidebar badge counts them", async () => {
    await pending();
    await givenPartner(t.db, { approvalStatus: "pending", isActive: false, name: "<b>Хакер</b>" });
    await givenPartner(t.db, { name: "Одобренный Партнёр" });
    const html = await (await t.request("/admin/registrations", { cookie })).text();
    expect(html).toContain("&lt;b&gt;Хакер&lt;/b&gt;");
    expect(html).not.toContain("Одобренный Партнёр");
    expect(html).toMatch(/id="pending-badge"[^>]*hx-trigger="every 30s"/);
    const badge = await t.request("/admin/registrations/badge", { cookie });
    expect(await badge.text()).toContain(">2</span>");
  });

  it("says so when the queue is empty", async () => {
    expect(await (await t.request("/admin/registrations", { cookie })).text()).toContain("Новых заявок нет");
  });
});

describe("POST /admin/registrations/:id/approval", () => {
  it("approves and activates the partner, sends the welcome notification and audits it", async () => {
    const p = await pending();
    const res = await t.request(`/admin/registrations/${p.id}/approval`, { method: "POST", cookie });
    expect(res.status).toBe(303);
    expect(await reloadUser(t.db, p.id)).toMatchObject({ approvalStatus: "approved", isActive: true, decidedAt: t.clock.now });
    const welcome = await t.db.select().from(notifications).where(eq(notifications.targetUserId, p.id));
    expect(welcome).toHaveLength(1);
    expect(welcome[0]?.title).toBe("Добро пожаловать в партнёрскую программу!");
    const audit = await t.db.select().from(auditLog);
    expect(audit).toMatchObject([{ action: "registration.approve", actorId: admin.id, entityId: p.id }]);
    const next = await t.request("/admin/registrations", { cookie: `${cookie}; ${cookiesFrom(res)}` });
    expect(await next.text()).toContain(`Партнёр «${p.name}» одобрен`);
  });

  it("refuses an already processed request and changes nothing", async () => {
    const p = await pending();
    await t.request(`/admin/registrations/${p.id}/approval`, { method: "POST", cookie });
    const before = await snapshot(t.client);
    const res = await t.request(`/admin/registrations/${p.id}/approval`, { method: "POST", cookie });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Заявка уже обработана");
    expect(await snapshot(t.client)).toBe(before);
  });

  it.each(["999999", "abc", "-1", "1.5", "9007199254740993"])("answers 404 to the id %s", async (id) => {
    const before = await snapshot(t.client);
    const res = await t.request(`/admin/registrations/${id}/approval`, { method: "POST", cookie });
    expect(res.status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("answers 404 for an admin account id", async () => {
    const other = await givenAdmin(t.db, { approvalStatus: "pending" });
    expect((await t.request(`/admin/registrations/${other.id}/approval`, { method: "POST", cookie })).status).toBe(404);
  });
});

describe("POST /admin/registrations/:id/rejection", () => {
  it("rejects with a reason the partner then sees at login", async () => {
    const p = await pending();
    const res = await t.request(`/admin/registrations/${p.id}/rejection`, { cookie, form: { reason: "Нет опыта продаж", confirmed: "1" } });
    expect(res.status).toBe(303);
    expect(await reloadUser(t.db, p.id)).toMatchObject({ approvalStatus: "rejected", rejectionReason: "Нет опыта продаж", isActive: false });
    const login = await t.request("/login", { form: { email: p.email, password: "correct-horse-9" } });
    expect(await login.text()).toContain("Заявка отклонена. Причина: Нет опыта продаж");
  });

  it("asks first, carrying the reason to the confirmation page, and changes nothing until confirmed", async () => {
    const p = await pending();
    const before = await snapshot(t.client);
    const res = await t.request(`/admin/registrations/${p.id}/rejection`, { cookie, form: { reason: "Нет сайта" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(ru.partners.admin.rejectQuestion(p.name));
    expect(html).toContain('name="reason" value="Нет сайта"');
    expect(await snapshot(t.client)).toBe(before);
  });

  it("refuses a 10 000-character reason by the field and stores nothing", async () => {
    const p = await pending();
    const before = await snapshot(t.client);
    const res = await t.request(`/admin/registrations/${p.id}/rejection`, { cookie, form: { reason: "x".repeat(10_000) } });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Не длиннее 1\u202f000 символов");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("refuses an already processed request", async () => {
    const p = await givenPartner(t.db);
    const res = await t.request(`/admin/registrations/${p.id}/rejection`, { cookie, form: { reason: "" } });
    expect(res.status).toBe(409);
    expect(await reloadUser(t.db, p.id)).toMatchObject({ approvalStatus: "approved" });
  });
});

describe("GET /admin/partners", () => {
  it("searches by name in any case, including Cyrillic, and filters by status", async () => {
    await givenPartner(t.db, { name: "Анна Смирнова" });
    await givenPartner(t.db, { name: "Борис Козлов", isActive: false });
    await givenPartner(t.db, { name: "Анатолий Ждущий", approvalStatus: "pending", isActive: false });
    const search = await (await t.request("/admin/partners?q=%D0%B0%D0%BD", { cookie })).text(); // "ан"
    expect(search).toContain("Анна Смирнова");
    expect(search).toContain("Анатолий Ждущий");
    expect(search).not.toContain("Борис Козлов");
    const inactive = await (await t.request("/admin/partners?status=inactive", { cookie })).text();
    expect(inactive).toContain("Борис Козлов");
    expect(inactive).not.toContain("Анна Смирнова");
  });

  it("treats % and _ in the search as plain characters", async () => {
    await givenPartner(t.db, { name: "Анна" });
    expect(await (await t.request("/admin/partners?q=%25", { cookie })).text()).toContain("Партнёры не найдены");
  });

  it("pages 25 at a time and survives nonsense paging and filters", async () => {
    for (let i = 0; i < 30; i++) await givenPartner(t.db);
    const first = await (await t.request("/admin/partners", { cookie })).text();
    expect(first).toContain("Страница 1 из 2");
    const odd = await t.request("/admin/partners?page=-5&status=<x>", { cookie });
    expect(odd.status).toBe(200);
  });
});

describe("POST /admin/partners", () => {
  const form = { name: "Новый Партнёр", email: "new@example.ru", password: "admin-set-pass", company: "", phone: "+7 912 000-00-00" };

  it("creates an approved, active partner with the welcome notification", async () => {
    const res = await t.request("/admin/partners", { cookie, form });
    expect(res.status).toBe(303);
    const login = await t.request("/login", { form: { email: form.email, password: form.password } });
    expect(login.headers.get("location")).toBe("/dashboard");
    expect(await t.db.select().from(notifications)).toHaveLength(1);
    expect((await t.db.select().from(auditLog))[0]?.action).toBe("partner.create");
  });

  it.each([
    [{ ...form, email: "" }, "Заполните поле"],
    [{ ...form, password: "1234567" }, "Пароль должен быть не короче 8 символов"],
    [{ ...form, name: "n".repeat(10_000) }, "Не длиннее 100 символов"],
  ])("refuses bad input by the field (%#)", async (bad, message) => {
    const before = await snapshot(t.client);
    const res = await t.request("/admin/partners", { cookie, form: bad });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("refuses an email that exists", async () => {
    await givenPartner(t.db, { email: form.email });
    const res = await t.request("/admin/partners", { cookie, form });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Этот email уже зарегистрирован");
  });
});

describe("POST /admin/partners/:id/deactivation and /activation", () => {
  it("deactivates a partner, ends their sessions, and reactivates them", async () => {
    const p = await givenPartner(t.db);
    const partnerCookie = await t.cookieFor(p);
    const res = await t.request(`/admin/partners/${p.id}/deactivation`, { cookie, form: { confirmed: "1" } });
    expect(res.status).toBe(303);
    expect(await reloadUser(t.db, p.id)).toMatchObject({ isActive: false });
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, p.id))).toHaveLength(0);
    expect((await t.request("/dashboard", { cookie: partnerCookie })).status).toBe(303);
    await t.request(`/admin/partners/${p.id}/activation`, { method: "POST", cookie });
    expect(await reloadUser(t.db, p.id)).toMatchObject({ isActive: true });
    expect((await t.db.select().from(auditLog)).map((a) => a.action)).toEqual(["partner.deactivate", "partner.activate"]);
  });

  it("answers htmx with the updated table row", async () => {
    const p = await givenPartner(t.db);
    const res = await t.request(`/admin/partners/${p.id}/deactivation`, { cookie, form: { confirmed: "1" }, headers: { "hx-request": "true" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`^<tr id="partner-${p.id}"`));
    expect(html).toContain("Включить");
  });

  it("asks first: an unconfirmed deactivation answers a confirmation page with the real button and changes nothing", async () => {
    const p = await givenPartner(t.db, { name: "Ирина Смирнова" });
    const res = await t.request(`/admin/partners/${p.id}/deactivation`, { cookie, form: {} });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(ru.partners.admin.deactivateQuestion("Ирина Смирнова"));
    expect(html).toContain(`action="/admin/partners/${p.id}/deactivation"`);
    expect(html).toContain('name="confirmed" value="1"');
    expect(await reloadUser(t.db, p.id)).toMatchObject({ isActive: true });
    expect(await t.db.select().from(auditLog)).toHaveLength(0);
  });

  it("will not activate a pending partner", async () => {
    const p = await pending();
    await t.request(`/admin/partners/${p.id}/activation`, { method: "POST", cookie });
    expect(await reloadUser(t.db, p.id)).toMatchObject({ isActive: false, approvalStatus: "pending" });
  });

  it("answers 404 to an unknown partner", async () => {
    expect((await t.request("/admin/partners/424242/deactivation", { method: "POST", cookie })).status).toBe(404);
  });
});
