import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, notificationReads, notifications } from "../../db/schema.js";
import { t as ru } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { countUnread, notifyAllPartners, notifyPartner } from "./notifications.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
const note = (title: string) => ({ title, message: `${title}: текст`, kind: "system" as const, createdBy: null });

describe("notifyPartner / notifyAllPartners", () => {
  it("reaches the target and every partner, but not another partner's personal ones", async () => {
    const a = await givenPartner(t.db);
    const b = await givenPartner(t.db);
    await notifyPartner(t.db, a.id, note("Личное для А"), t.clock.now);
    await notifyAllPartners(t.db, note("Всем"), t.clock.now);
    expect(await countUnread(t.db, a)).toBe(2);
    expect(await countUnread(t.db, b)).toBe(1);
    const html = await (await t.request("/notifications", { cookie: await t.cookieFor(b) })).text();
    expect(html).toContain("Всем");
    expect(html).not.toContain("Личное для А");
  });

  it("does not show a partner broadcasts sent before they joined", async () => {
    await notifyAllPartners(t.db, note("Старая новость"), t.clock.now - 10 * 86_400_000);
    const p = await givenPartner(t.db);
    expect(await countUnread(t.db, p)).toBe(0);
  });
});

describe("GET /notifications/bell", () => {
  it("returns the polled count with the list out of band", async () => {
    const p = await givenPartner(t.db);
    await notifyPartner(t.db, p.id, note("Сделка"), t.clock.now);
    const html = await (await t.request("/notifications/bell", { cookie: await t.cookieFor(p), headers: { "hx-request": "true" } })).text();
    expect(html).toMatch(/^<span id="bell-count" hx-get="\/notifications\/bell" hx-trigger="every 30s"/);
    expect(html).toContain('<span class="badge" aria-hidden="true">1</span>');
    expect(html).toContain('id="bell-list" hx-swap-oob="true"');
    expect(html).toContain("Сделка");
  });

  it("is in the header of every partner page", async () => {
    const p = await givenPartner(t.db);
    await notifyPartner(t.db, p.id, note("Привет"), t.clock.now);
    const html = await (await t.request("/profile", { cookie: await t.cookieFor(p) })).text();
    expect(html).toContain('id="bell"');
    expect(html).toContain("Уведомления: 1 непрочитанное");
  });
});

describe("POST /notifications/:id/read", () => {
  it("marks one read and answers htmx with the list and the count", async () => {
    const p = await givenPartner(t.db);
    const id = (await notifyPartner(t.db, p.id, note("Одно"), t.clock.now)) ?? 0;
    await notifyPartner(t.db, p.id, note("Другое"), t.clock.now);
    const res = await t.request(`/notifications/${id}/read`, { method: "POST", cookie: await t.cookieFor(p), headers: { "hx-request": "true" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<div id="bell-list">/);
    expect(html).toContain('id="bell-count" hx-get="/notifications/bell" hx-trigger="every 30s" hx-swap="outerHTML" hx-swap-oob="true"');
    expect(await countUnread(t.db, p)).toBe(1);
  });

  it("redirects a plain form back to the list, and is idempotent", async () => {
    const p = await givenPartner(t.db);
    const id = (await notifyPartner(t.db, p.id, note("Одно"), t.clock.now)) ?? 0;
    const cookie = await t.cookieFor(p);
    expect((await t.request(`/notifications/${id}/read`, { method: "POST", cookie })).headers.get("location")).toBe("/notifications");
    expect((await t.request(`/notifications/${id}/read`, { method: "POST", cookie })).status).toBe(303);
    expect(await t.db.select().from(notificationReads)).toHaveLength(1);
  });

  it("answers 404 for another partner's notification and stores nothing", async () => {
    const a = await givenPartner(t.db);
    const b = await givenPartner(t.db);
    const id = (await notifyPartner(t.db, a.id, note("Чужое"), t.clock.now)) ?? 0;
    const cookie = await t.cookieFor(b);
    const before = await snapshot(t.client);
    const res = await t.request(`/notifications/${id}/read`, { method: "POST", cookie });
    expect(res.status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("POST /notifications/read-all", () => {
  it("marks only what this partner can see", async () => {
    const a = await givenPartner(t.db);
    const b = await givenPartner(t.db);
    await notifyPartner(t.db, a.id, note("Для А"), t.clock.now);
    await notifyPartner(t.db, b.id, note("Для Б"), t.clock.now);
    await notifyAllPartners(t.db, note("Всем"), t.clock.now);
    await t.request("/notifications/read-all", { method: "POST", cookie: await t.cookieFor(a) });
    expect(await countUnread(t.db, a)).toBe(0);
    expect(await countUnread(t.db, b)).toBe(2);
    expect(await t.db.select().from(notificationReads).where(eq(notificationReads.userId, b.id))).toHaveLength(0);
  });
});

describe("/admin/notifications", () => {
  it("sends to all partners, audited, and lists it with the read count", async () => {
    const admin = await givenAdmin(t.db);
    const cookie = await t.cookieFor(admin);
    const p = await givenPartner(t.db);
    const before = await snapshot(t.client);
    const unconfirmed = await t.request("/admin/notifications", { cookie, form: { recipient: "all", title: "Новые условия", message: "Ставка выросла" } });
    expect(unconfirmed.status, "a broadcast asks first").toBe(200);
    expect(await unconfirmed.text()).toContain(ru.notifications.admin.broadcastQuestion("Новые условия", 1));
    expect(await snapshot(t.client)).toBe(before);
    const res = await t.request("/admin/notifications", {
      cookie,
      form: { recipient: "all", title: "Новые условия", message: "Ставка выросла", confirmed: "1" },
    });
    expect(res.status).toBe(303);
    expect(await countUnread(t.db, p)).toBe(1);
    expect((await t.db.select().from(auditLog))[0]?.action).toBe("notification.send");
    const html = await (await t.request("/admin/notifications", { cookie })).text();
    expect(html).toContain("Отправленные уведомления (1)");
    expect(html).toContain("все партнёры");
  });

  it("sends to one partner", async () => {
    const admin = await givenAdmin(t.db);
    const a = await givenPartner(t.db);
    const b = await givenPartner(t.db);
    await t.request("/admin/notifications", { cookie: await t.cookieFor(admin), form: { recipient: String(a.id), title: "Лично", message: "Текст" } });
    expect(await countUnread(t.db, a)).toBe(1);
    expect(await countUnread(t.db, b)).toBe(0);
  });

  it.each([
    [{ recipient: "all", title: "", message: "x" }, "Заполните поле"],
    [{ recipient: "all", title: "t".repeat(300), message: "x" }, "Не длиннее 255 символов"],
    [{ recipient: "all", title: "Тема", message: "" }, "Заполните поле"],
    [{ recipient: "999999", title: "Тема", message: "x" }, "Выберите партнёра из списка"],
    [{ recipient: "1 OR 1=1", title: "Тема", message: "x" }, "Выберите партнёра из списка"],
  ])("refuses bad input (%#) by the field and stores nothing", async (form, message) => {
    const admin = await givenAdmin(t.db);
    const cookie = await t.cookieFor(admin);
    const before = await snapshot(t.client);
    const res = await t.request("/admin/notifications", { cookie, form });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("deletes a notification for everyone, and 404s an unknown one", async () => {
    const admin = await givenAdmin(t.db);
    const cookie = await t.cookieFor(admin);
    const p = await givenPartner(t.db);
    const id = (await notifyAllPartners(t.db, note("Ошибка"), t.clock.now)) ?? 0;
    await t.request(`/notifications/${id}/read`, { method: "POST", cookie: await t.cookieFor(p) });
    const unconfirmed = await t.request(`/admin/notifications/${id}/deletion`, { method: "POST", cookie });
    expect(await unconfirmed.text()).toContain(ru.notifications.admin.deleteQuestion("Ошибка"));
    expect(await t.db.select().from(notifications)).toHaveLength(1);
    expect((await t.request(`/admin/notifications/${id}/deletion`, { cookie, form: { confirmed: "1" } })).status).toBe(303);
    expect(await t.db.select().from(notifications)).toHaveLength(0);
    expect(await t.db.select().from(notificationReads)).toHaveLength(0);
    expect((await t.request(`/admin/notifications/${id}/deletion`, { cookie, form: { confirmed: "1" } })).status).toBe(404);
  });
});
