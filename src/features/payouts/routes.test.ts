import { beforeEach, describe, expect, it } from "vitest";
import { payoutRequestClients, payoutRequests, type User } from "../../db/schema.js";
import { t as text } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { givenBankAccountMethod, givenCardMethod, givenWonClient } from "../../testing/payout-fixtures.js";
import { cookiesFrom, createTestApp, type TestApp } from "../../testing/test-app.js";
import { savePayoutSettings } from "./payout-settings.js";

const NBSP = "\u00a0";
const KEY = "abcdefghijklmnop0123";
let t: TestApp;
let partner: User;
let cookie: string;
let methodId: number;

beforeEach(async () => {
  t = await createTestApp();
  partner = await givenPartner(t.db);
  cookie = await t.cookieFor(partner);
  methodId = (await givenCardMethod(t.db, partner.id)).id;
});

const post = (form: Record<string, string>, ids: number[] = [], path = "/payouts") => {
  const body = new URLSearchParams(form);
  for (const id of ids) body.append("client_id", String(id));
  return t.app.request(`http://cabinet.test${path}`, {
    method: "POST",
    headers: { cookie, origin: "http://cabinet.test", "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
};
const submit = (ids: number[], extra: Record<string, string> = {}) => post({ method_id: String(methodId), request_key: KEY, comment: "", ...extra }, ids);
const page = async (path = "/payouts") => (await t.request(path, { cookie })).text();

describe("GET /payouts", () => {
  it("shows the balance, the eligible clients with their commission, the default method and a fresh form key", async () => {
    await givenBankAccountMethod(t.db, partner.id, false);
    await givenWonClient(t.db, partner.id, { name: "Ромашка", commissionKopecks: 123_456, amountKopecks: 1_234_560 });
    await givenWonClient(t.db, partner.id, { name: "Выплаченный", isPaid: true, paidAt: t.clock.now, commissionKopecks: 50_000 });
    await givenWonClient(t.db, (await givenPartner(t.db)).id, { name: "Чужой клиент" });
    const html = await page();
    expect(html).toMatch(/<a class="nav-link" href="\/payouts" aria-current="page">.*?<span class="nav-label">Выплаты<\/span>/s);
    expect(html).toMatch(new RegExp(`1${NBSP}234,56${NBSP}₽</span><span class="stat-label">Доступно к выплате`));
    expect(html).toMatch(new RegExp(`500,00${NBSP}₽</span><span class="stat-label">Выплачено`));
    expect(html).toContain("Ромашка");
    expect(html).toContain(`сделка 12${NBSP}345,60${NBSP}₽`);
    expect(html).not.toContain("Выплаченный</span>");
    expect(html).not.toContain("Чужой клиент");
    expect(html).toMatch(new RegExp(`<option value="${methodId}" selected="">Карта •••• 1111 \\(основные\\)`));
    expect(html).not.toContain("4111111111111111");
    expect(html).toMatch(/<input type="hidden" name="request_key" value="[a-z0-9]{32}"/);
    expect(html).toContain("Запросов на выплату пока нет.");
  });

  it("sends a partner without requisites to the profile, and says when nothing can be requested", async () => {
    const bare = await givenPartner(t.db);
    const bareCookie = await t.cookieFor(bare);
    await givenWonClient(t.db, bare.id);
    const noMethods = await (await t.request("/payouts", { cookie: bareCookie })).text();
    expect(noMethods).toContain("Чтобы запросить выплату, добавьте реквизиты в профиле.");
    // Straight to the requisites form, not to the profile page to look for it.
    expect(noMethods).toContain(`<a class="button" href="/profile/payout-methods/new">`);
    expect(await page()).toContain("Сейчас нет клиентов, за которых можно запросить выплату.");
  });

  it("«Выбрать все» without JavaScript: ?all=1 opens the form with every payable client ticked and their total", async () => {
    const a = await givenWonClient(t.db, partner.id, { commissionKopecks: 100_000 });
    const b = await givenWonClient(t.db, partner.id, { commissionKopecks: 25_050 });
    const other = await givenPartner(t.db);
    const foreign = await givenWonClient(t.db, other.id, { commissionKopecks: 999_900 });
    const plain = await page();
    expect(plain).not.toContain('checked=""');
    expect(plain).toContain(`<a href="/payouts?all=1#payout-form" data-select-all-link="">${text.payouts.form.selectAll}</a>`);
    const all = await page("/payouts?all=1");
    for (const c of [a, b]) expect(all).toMatch(new RegExp(`name="client_id" value="${c.id}" checked=""`));
    expect(all).not.toContain(`value="${foreign.id}"`);
    expect(all).toContain(`<strong class="money-value">1${NBSP}250,50${NBSP}₽</strong>`);
    // Everything is ticked now: the link offers the way back.
    expect(all).toContain(`<a href="/payouts#payout-form" data-select-all-link="">${text.payouts.form.selectNone}</a>`);
    // With JavaScript a checkbox does it (static/payouts.js shows it and hides the link).
    expect(all).toMatch(/<label class="choice-option" hidden="" data-select-all-box=""><input type="checkbox" data-select-all="" checked=""\/>/);
    expect(all).toContain('<script src="/static/payouts.js" defer=""></script>');
    // Any other value is ignored, never an error.
    expect((await t.request("/payouts?all=%27;drop", { cookie })).status).toBe(200);
  });

  it("shows clients still on hold with the day they become payable", async () => {
    await savePayoutSettings(t.db, { holdDays: 14, minKopecks: 0 }, (await givenAdmin(t.db)).id, t.clock.now);
    await givenWonClient(t.db, partner.id, { name: "Свежая сделка", wonAt: t.clock.now - 86_400_000 });
    const html = await page();
    expect(html).toContain("Ещё на удержании");
    expect(html).toContain("Свежая сделка");
    expect(html).toContain("доступно с 09.12.2026");
    expect(html).toMatch(new RegExp(`1${NBSP}000,00${NBSP}₽</span><span class="stat-label">На удержании`));
  });
});

describe("POST /payouts", () => {
  it("creates the request with the server's total and opens it; a second click of the same form adds nothing", async () => {
    const a = await givenWonClient(t.db, partner.id, { commissionKopecks: 100_000 });
    const b = await givenWonClient(t.db, partner.id, { commissionKopecks: 25_050 });
    const res = await submit([a.id, b.id], { comment: "Спасибо", total: "1" });
    expect(res.status).toBe(303);
    const [stored] = await t.db.select().from(payoutRequests);
    expect(stored).toMatchObject({ totalKopecks: 125_050, comment: "Спасибо", status: "pending", requestKey: KEY });
    expect(res.headers.get("location")).toBe(`/payouts/${stored?.id}`);
    const detail = await (await t.request(`/payouts/${stored?.id}`, { cookie: `${cookie}; ${cookiesFrom(res)}` })).text();
    expect(detail).toContain(`Запрос на выплату на 1${NBSP}250,50${NBSP}₽ отправлен`);
    expect(detail).toContain("На рассмотрении");
    expect(detail).toContain("•••• 1111");
    expect(detail).not.toContain("4111111111111111");

    const again = await submit([a.id, b.id], { comment: "Спасибо" });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(`/payouts/${stored?.id}`);
    expect(await t.db.select().from(payoutRequests)).toHaveLength(1);
    const list = await page();
    expect(list).toContain(`Запрос №${stored?.id}`);
    // The money in the request is on its way: a line under «Выплачено», not a fourth card.
    expect(list).toMatch(new RegExp(`<span class="stat-label">Выплачено</span><span class="hint">Ещё 1${NBSP}250,50${NBSP}₽ в обработке</span>`));
  });

  it.each([
    ["no client chosen", [] as number[], {}, "Выберите хотя бы одного клиента"],
    ["a 10 000-character comment", null, { comment: "я".repeat(10_000) }, text.validation.tooLong(1000)],
    ["no request key", null, { request_key: "" }, "Форма устарела. Обновите страницу и повторите."],
    ["a garbage client id", null, { client_id: "1; drop table" }, "Некоторые из выбранных клиентов не найдены"],
  ])("refuses %s with a message and stores nothing", async (_label, ids, extra, message) => {
    const c = await givenWonClient(t.db, partner.id);
    const before = await snapshot(t.client);
    const res = await submit(ids ?? [c.id], extra);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("keeps the choices when it refuses", async () => {
    const c = await givenWonClient(t.db, partner.id);
    const res = await submit([c.id], { comment: "x".repeat(1001) });
    const html = await res.text();
    expect(html).toMatch(new RegExp(`name="client_id" value="${c.id}" checked=""`));
    expect(html).toContain(`value="${KEY}"`);
  });

  it("refuses another partner's client, another partner's requisites, a client in a live request and a total below the minimum", async () => {
    const other = await givenPartner(t.db);
    const foreign = await givenWonClient(t.db, other.id);
    const foreignMethod = await givenCardMethod(t.db, other.id);
    const own = await givenWonClient(t.db, partner.id, { commissionKopecks: 10_000 });
    const before = await snapshot(t.client);
    const refused = [
      [await submit([own.id, foreign.id]), 422, "Некоторые из выбранных клиентов не найдены"],
      [await submit([own.id], { method_id: String(foreignMethod.id) }), 422, "Выберите реквизиты для выплаты"],
    ] as const;
    await savePayoutSettings(t.db, { holdDays: 0, minKopecks: 500_000 }, (await givenAdmin(t.db)).id, t.clock.now);
    const belowMinimum = await submit([own.id]);
    expect(belowMinimum.status).toBe(422);
    expect(await belowMinimum.text()).toContain(`Сумма 100,00${NBSP}₽ меньше минимальной суммы выплаты 5${NBSP}000,00${NBSP}₽`);
    for (const [res, status, message] of refused) {
      expect(res.status).toBe(status);
      expect(await res.text()).toContain(message);
    }
    const after = JSON.parse(await snapshot(t.client));
    expect(after.payout_requests).toEqual(JSON.parse(before).payout_requests);
    expect(after.payout_request_clients).toEqual([]);

    await savePayoutSettings(t.db, { holdDays: 0, minKopecks: 0 }, (await givenAdmin(t.db)).id, t.clock.now);
    expect((await submit([own.id])).status).toBe(303);
    const conflict = await post({ method_id: String(methodId), request_key: "anotherkey0000000000" }, [own.id]);
    expect(conflict.status).toBe(409);
    expect(await conflict.text()).toContain("уже включены в другой запрос на выплату");
    expect(await t.db.select().from(payoutRequestClients)).toHaveLength(1);
  });
});

describe("POST /payouts/total", () => {
  it("sums the chosen clients a request could claim, ignores the rest and stores nothing", async () => {
    const a = await givenWonClient(t.db, partner.id, { commissionKopecks: 10_000 });
    const b = await givenWonClient(t.db, partner.id, { commissionKopecks: 2_550 });
    const paid = await givenWonClient(t.db, partner.id, { commissionKopecks: 99_900, isPaid: true });
    const foreign = await givenWonClient(t.db, (await givenPartner(t.db)).id, { commissionKopecks: 77_700 });
    const before = await snapshot(t.client);
    const res = await post({}, [a.id, b.id, paid.id, foreign.id], "/payouts/total");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<p id="payout-total"`);
    expect(html).toContain(`<strong class="money-value">125,50${NBSP}₽</strong>`);
    expect(html).not.toContain("<html");
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("GET /payouts/:id", () => {
  it("answers 404 for another partner's request, a missing one and a malformed id", async () => {
    const other = await givenPartner(t.db);
    const [theirs] = await t.db
      .insert(payoutRequests)
      .values({ partnerId: other.id, totalKopecks: 100, methodSnapshot: "{}", requestKey: KEY, createdAt: 1, updatedAt: 1 })
      .returning();
    for (const id of [String(theirs?.id), "999999", "abc", "0"]) {
      const res = await t.request(`/payouts/${id}`, { cookie });
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("Страница не найдена");
    }
  });

  it("shows a damaged requisites snapshot as missing instead of failing", async () => {
    const [mine] = await t.db
      .insert(payoutRequests)
      .values({ partnerId: partner.id, totalKopecks: 100, methodSnapshot: "not json", requestKey: KEY, createdAt: 1, updatedAt: 1 })
      .returning();
    const html = await page(`/payouts/${mine?.id}`);
    expect(html).toContain("Реквизиты не сохранились");
  });
});
