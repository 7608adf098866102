import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, notifications } from "../../db/schema.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { givenMoneyClient } from "../../testing/money.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { saveCrmSettings } from "../crm/settings/crm-settings.js";
import { auditInsert } from "./audit.js";

let t: TestApp;
let admin: Awaited<ReturnType<typeof givenAdmin>>;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await givenAdmin(t.db, { name: "Ольга Админова", email: "olga@example.ru" });
  cookie = await t.cookieFor(admin);
});

const auditPage = async (query = "") => {
  const res = await t.request(`/admin/audit${query}`, { cookie });
  expect(res.status).toBe(200);
  return res.text();
};
const rowsOf = (html: string) => [...html.matchAll(/<tr id="audit-(\d+)"/g)].map((m) => Number(m[1]));
const partnerIds = async () => (await t.db.select().from(auditLog).orderBy(auditLog.id)).map((r) => [r.action, r.partnerId]);

describe("existing admin actions name the partner they concern", () => {
  it("approval, rejection, creation, (de)activation and notifications to one partner carry partnerId; global ones do not", async () => {
    const pending = await givenPartner(t.db, { approvalStatus: "pending", isActive: false });
    const rejected = await givenPartner(t.db, { approvalStatus: "pending", isActive: false });
    const active = await givenPartner(t.db);
    await t.request(`/admin/registrations/${pending.id}/approval`, { cookie, form: {} });
    await t.request(`/admin/registrations/${rejected.id}/rejection`, { cookie, form: { reason: "Нет сайта", confirmed: "1" } });
    await t.request(`/admin/partners/${active.id}/deactivation`, { cookie, form: { confirmed: "1" } });
    await t.request(`/admin/partners/${active.id}/activation`, { cookie, form: {} });
    await t.request("/admin/notifications", { cookie, form: { title: "Лично", message: "Текст", recipient: String(active.id) } });
    await t.request("/admin/notifications", { cookie, form: { title: "Всем", message: "Текст", recipient: "all", confirmed: "1" } });
    const personal = await t.db.select().from(notifications).where(eq(notifications.title, "Лично")).get();
    await t.request(`/admin/notifications/${personal?.id}/deletion`, { cookie, form: { confirmed: "1" } });
    await t.request("/admin/settings/contact-masking", { cookie, form: {} });
    const created = await t.request("/admin/partners", { cookie, form: { name: "Новый", email: "new@example.ru", password: "correct-horse-9" } });
    expect(created.status).toBe(303);
    const newId = (await t.client.execute("select id from users where email = 'new@example.ru'")).rows[0]?.id;
    expect(await partnerIds()).toEqual([
      ["registration.approve", pending.id],
      ["registration.reject", rejected.id],
      ["partner.deactivate", active.id],
      ["partner.activate", active.id],
      ["notification.send", active.id],
      ["notification.send", null],
      ["notification.delete", active.id],
      ["settings.contact_masking", null],
      ["partner.create", newId],
    ]);
  });
});

describe("GET /admin/audit", () => {
  it("shows when, who, what, the object and the changed fields, newest first", async () => {
    const p = await givenPartner(t.db, { name: "Пётр Журналов", email: "petr@example.ru" });
    await t.request(`/admin/partners/${p.id}/rate`, { cookie, form: { rate: "12,5" } });
    t.clock.advance(60_000);
    const c = await givenMoneyClient(t.db, p.id, { name: "Клиент Журнала" });
    await t.request(`/admin/partners/${p.id}/clients/${c.id}/commission`, { cookie, form: { commission: "16 000", commission_reason: "Бонус" } });
    t.clock.advance(60_000);
    await t.db.insert(auditLog).values({ at: t.clock.now, actorId: null, action: "payout.approve", entity: "payout_request", entityId: 5, partnerId: p.id });
    const html = await auditPage();
    const ids = rowsOf(html);
    expect(ids).toHaveLength(3);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    for (const text of [
      "26.11.2026, 12:00",
      "Ольга Админова",
      "olga@example.ru",
      "система",
      "Ставка партнёра",
      "Вознаграждение изменено вручную",
      "Заявка на выплату одобрена",
      "Заявка на выплату №5",
      "ставка:</span> общая ставка → <strong>12,5\u00a0%</strong>",
      "вознаграждение:</span> 15\u00a0000,00\u00a0₽ → <strong>16\u00a0000,00\u00a0₽</strong>",
      'комментарий:</span> <span class="pre-line">Бонус</span>',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain(`href="/admin/partners/${p.id}">Партнёр Пётр Журналов</a>`);
    expect(html).toContain(`href="/admin/partners/${p.id}/clients/${c.id}">Клиент «Клиент Журнала» (№${c.id})</a>`);
    expect(html).toContain('href="/admin/audit"');
  });

  it("shows the partner themself for their own requisites and never shows secrets", async () => {
    const p = await givenPartner(t.db, { name: "Сам Себе" });
    await auditInsert(t.db, {
      actorId: p.id,
      partnerId: p.id,
      action: "requisites.update",
      entity: "payout_method",
      entityId: 3,
      before: { kind: "card", details: { cardNumber: "•••• 1111" } },
      after: { kind: "card", details: { cardNumber: "•••• 4242" } },
      at: t.clock.now,
    });
    await saveCrmSettings(
      t.db,
      t.config,
      {
        webhookUrl: "https://portal.bitrix24.ru/rest/1/supersecretcode123/",
        applicationToken: "app-token-xyz",
        entityType: "deal",
        categoryId: 0,
        stageId: null,
        leadStatusId: null,
        assignedById: null,
        trackingField: null,
        trackingTemplate: "partner-{code}",
      },
      admin.id,
      t.clock.now,
    );
    const html = await auditPage();
    expect(html).toContain("сам партнёр");
    expect(html).toContain("номер карты:</span> •••• 1111 → <strong>•••• 4242</strong>");
    expect(html).toContain("токен:</span> изменено (скрыто)");
    expect(html).not.toContain("supersecretcode123");
    expect(html).not.toContain("app-token-xyz");
  });

  it("filters by partner and by action, and keeps the filters across pages", async () => {
    const a = await givenPartner(t.db, { name: "Анна Фильтрова" });
    const b = await givenPartner(t.db, { name: "Борис Другой" });
    for (let i = 0; i < 55; i++)
      await auditInsert(t.db, {
        actorId: admin.id,
        action: "partner.rate",
        entity: "partner",
        entityId: a.id,
        partnerId: a.id,
        before: { rateBp: i },
        after: { rateBp: i + 1 },
        at: t.clock.now + i,
      });
    await auditInsert(t.db, { actorId: admin.id, action: "partner.deactivate", entity: "partner", entityId: a.id, partnerId: a.id, at: t.clock.now + 100 });
    await auditInsert(t.db, { actorId: admin.id, action: "partner.rate", entity: "partner", entityId: b.id, partnerId: b.id, at: t.clock.now + 200 });
    await auditInsert(t.db, { actorId: admin.id, action: "crm.settings", entity: "settings", entityId: null, at: t.clock.now + 300 });

    const all = await auditPage();
    expect(all).toContain("Записей: 58");
    expect(rowsOf(all)).toHaveLength(50);
    expect(all).toContain(`<option value="${a.id}">Анна Фильтрова`);

    const byPartner = await auditPage(`?partner=${a.id}`);
    expect(byPartner).toContain("Записей: 56");
    expect(byPartner).toContain(`<option value="${a.id}" selected="">Анна Фильтрова`);
    expect(byPartner).toContain(`href="/admin/audit?partner=${a.id}&amp;page=2"`);
    const page2 = await auditPage(`?partner=${a.id}&page=2`);
    expect(rowsOf(page2)).toHaveLength(6);
    expect(page2).not.toContain("Борис Другой</a>");

    const both = await auditPage(`?partner=${a.id}&action=partner.deactivate`);
    expect(rowsOf(both)).toHaveLength(1);
    expect(both).toContain('<option value="partner.deactivate" selected="">Партнёр отключён');

    const byAction = await auditPage("?action=partner.rate");
    expect(byAction).toContain("Записей: 56");
    expect(await auditPage("?action=payout.paid")).toContain("По этим условиям записей нет.");
  });

  it("ignores junk filters and lists actions the labels do not know yet", async () => {
    await auditInsert(t.db, { actorId: admin.id, action: "future.thing", entity: "settings", entityId: null, at: t.clock.now });
    const html = await auditPage("?partner=abc&action=%3Cscript%3E&page=-4");
    expect(rowsOf(html)).toHaveLength(1);
    expect(html).toContain('<option value="future.thing">future.thing</option>');
    expect(html).not.toContain("<script>");
  });

  describe("sign-ins have their own filter", () => {
    const signIn = (action: "auth.login" | "auth.login_failed" | "auth.logout", user: { id: number; role: "partner" | "admin" }, at: number) =>
      auditInsert(t.db, {
        actorId: action === "auth.login_failed" ? null : user.id,
        action,
        entity: "user",
        entityId: user.id,
        partnerId: user.role === "partner" ? user.id : null,
        at,
      });
    const idsOf = async (actions: string[], partnerId?: number) =>
      (await t.db.select().from(auditLog).orderBy(auditLog.id))
        .filter((r) => actions.includes(r.action) && (partnerId === undefined || r.partnerId === partnerId))
        .map((r) => r.id)
        .sort((x, y) => y - x);
    const SIGN_INS = ["auth.login", "auth.login_failed", "auth.logout"];

    it("hides sign-ins by default, shows only them under «Входы и выходы» and everything under «Все»", async () => {
      const p = await givenPartner(t.db, { name: "Вера Входова" });
      await signIn("auth.login", p, t.clock.now + 1);
      await signIn("auth.login_failed", p, t.clock.now + 2);
      await signIn("auth.logout", p, t.clock.now + 3);
      await signIn("auth.login", admin, t.clock.now + 4);
      await auditInsert(t.db, { actorId: admin.id, action: "partner.rate", entity: "partner", entityId: p.id, partnerId: p.id, at: t.clock.now + 5 });
      await auditInsert(t.db, { actorId: p.id, action: "auth.password_changed", entity: "user", entityId: p.id, partnerId: p.id, at: t.clock.now + 6 });
      const actionIds = await idsOf(["partner.rate", "auth.password_changed"]);
      const signInIds = await idsOf(SIGN_INS);

      const byDefault = await auditPage();
      expect(rowsOf(byDefault)).toEqual(actionIds);
      expect(byDefault).toContain("Записей: 2");
      expect(byDefault).toContain('<option value="actions" selected="">Действия</option>');
      expect(await auditPage("?kind=actions")).toContain("Записей: 2");

      const signIns = await auditPage("?kind=sign_ins");
      expect(rowsOf(signIns)).toEqual(signInIds);
      expect(signIns).toContain("Записей: 4");
      expect(signIns).toContain('<option value="sign_ins" selected="">Входы и выходы</option>');
      for (const label of ["Вход в кабинет", "Неудачная попытка входа", "Выход из кабинета"]) expect(signIns).toContain(`<td data-label="Что">${label}</td>`);

      const all = await auditPage("?kind=all");
      expect(rowsOf(all)).toEqual([...actionIds, ...signInIds].sort((x, y) => y - x));
      expect(all).toContain('<option value="all" selected="">Все</option>');

      // Choosing a sign-in action shows it without also having to pick the kind; an explicit kind still wins.
      const failed = await auditPage("?action=auth.login_failed");
      expect(rowsOf(failed)).toEqual(await idsOf(["auth.login_failed"]));
      expect(failed).toContain('<option value="sign_ins" selected="">');
      expect(await auditPage("?action=auth.login_failed&kind=actions")).toContain("По этим условиям записей нет.");
    });

    it("pages each view by its own count and keeps the kind in the page links", async () => {
      const p = await givenPartner(t.db);
      for (let i = 0; i < 55; i++) await signIn(i % 2 ? "auth.logout" : "auth.login", p, t.clock.now + i);
      for (let i = 0; i < 3; i++)
        await auditInsert(t.db, { actorId: admin.id, action: "partner.rate", entity: "partner", entityId: p.id, partnerId: p.id, at: t.clock.now + 100 + i });

      const byDefault = await auditPage();
      expect(byDefault).toContain("Записей: 3");
      expect(rowsOf(byDefault)).toHaveLength(3);
      expect(byDefault).not.toContain('class="pagination"');

      const first = await auditPage("?kind=sign_ins");
      expect(first).toContain("Записей: 55");
      expect(rowsOf(first)).toHaveLength(50);
      expect(first).toContain('href="/admin/audit?kind=sign_ins&amp;page=2"');
      const second = await auditPage("?kind=sign_ins&page=2");
      expect(rowsOf(second)).toHaveLength(5);
      expect([...rowsOf(first), ...rowsOf(second)]).toEqual(await idsOf(SIGN_INS));

      const all = await auditPage("?kind=all&page=2");
      expect(all).toContain("Записей: 58");
      expect(rowsOf(all)).toHaveLength(8);
      expect(all).toContain('href="/admin/audit?kind=all&amp;page=1"');
    });

    it("treats an unknown kind as the default view, without an error", async () => {
      const p = await givenPartner(t.db);
      await signIn("auth.login", p, t.clock.now);
      await auditInsert(t.db, { actorId: admin.id, action: "partner.rate", entity: "partner", entityId: p.id, partnerId: p.id, at: t.clock.now + 1 });
      for (const junk of ["?kind=everything", "?kind=", "?kind=%3Cscript%3E", "?kind=sign_ins&kind=all"]) {
        const html = await auditPage(junk);
        expect(rowsOf(html).length, junk).toBeGreaterThanOrEqual(1);
        expect(html).not.toContain("<script>");
      }
      expect(rowsOf(await auditPage("?kind=everything"))).toEqual(await idsOf(["partner.rate"]));
    });

    it("keeps the partner filter: one partner's sign-ins, not another's", async () => {
      const a = await givenPartner(t.db, { name: "Анна Входная" });
      const b = await givenPartner(t.db, { name: "Борис Входной" });
      await signIn("auth.login", a, t.clock.now + 1);
      await signIn("auth.login_failed", a, t.clock.now + 2);
      await signIn("auth.login", b, t.clock.now + 3);
      await signIn("auth.logout", b, t.clock.now + 4);
      await signIn("auth.login", admin, t.clock.now + 5);
      await auditInsert(t.db, { actorId: admin.id, action: "partner.rate", entity: "partner", entityId: b.id, partnerId: b.id, at: t.clock.now + 6 });

      const aSignIns = await auditPage(`?partner=${a.id}&kind=sign_ins`);
      expect(rowsOf(aSignIns)).toEqual(await idsOf(SIGN_INS, a.id));
      expect(aSignIns).toContain(`<option value="${a.id}" selected="">Анна Входная`);
      expect(aSignIns).not.toContain("Борис Входной</a>");
      expect(rowsOf(await auditPage(`?partner=${b.id}&kind=sign_ins`))).toEqual(await idsOf(SIGN_INS, b.id));
      expect(rowsOf(await auditPage(`?partner=${b.id}`))).toEqual(await idsOf(["partner.rate"], b.id));
      expect(await auditPage(`?partner=${a.id}`)).toContain("По этим условиям записей нет.");
      expect(rowsOf(await auditPage(`?partner=${a.id}&kind=all`))).toEqual(await idsOf(SIGN_INS, a.id));
    });
  });

  it("shows a partner with no entries as the chosen filter, opened from their page", async () => {
    const p = await givenPartner(t.db, { name: "Пустой Журнал" });
    const html = await auditPage(`?partner=${p.id}`);
    expect(html).toContain(`<option value="${p.id}" selected="">Пустой Журнал`);
    expect(html).toContain("По этим условиям записей нет.");
    const partnerPage = await (await t.request(`/admin/partners/${p.id}`, { cookie })).text();
    expect(partnerPage).toContain(`href="/admin/audit?partner=${p.id}"`);
  });

  it("answers 404 to a partner and stores nothing", async () => {
    const p = await givenPartner(t.db);
    const partnerCookie = await t.cookieFor(p);
    const before = await snapshot(t.client);
    const res = await t.request("/admin/audit", { cookie: partnerCookie });
    expect(res.status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});
