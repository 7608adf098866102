import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, clients, notifications, payoutRequests, type User } from "../../db/schema.js";
import { t as ru } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { givenBankAccountMethod, givenCardMethod, givenWonClient } from "../../testing/payout-fixtures.js";
import { cookiesFrom, createTestApp, type TestApp } from "../../testing/test-app.js";
import { getPayoutSettings } from "./payout-settings.js";
import { createPayoutRequest } from "./requests.js";

const NBSP = "\u00a0";
const WEBHOOK = "https://acme.bitrix24.ru/rest/7/s3cr3tw3bh00k/";
let t: TestApp;
let admin: User;
let cookie: string;
let partner: User;
let keySeq = 0;

beforeEach(async () => {
  t = await createTestApp({ B24_WEBHOOK_URL: WEBHOOK });
  admin = await givenAdmin(t.db);
  cookie = await t.cookieFor(admin);
  partner = await givenPartner(t.db, { name: "Иван Партнёров" });
});

async function givenRequest(owner: User = partner, commissions: number[] = [100_000], bank = false) {
  const method = bank ? await givenBankAccountMethod(t.db, owner.id, true) : await givenCardMethod(t.db, owner.id);
  const rows = await Promise.all(commissions.map((commissionKopecks) => givenWonClient(t.db, owner.id, { commissionKopecks })));
  const result = await createPayoutRequest(
    t.db,
    owner.id,
    { clientIds: rows.map((r) => r.id), methodId: method.id, comment: "Партнёрский комментарий", requestKey: `adminkey${String(++keySeq).padStart(10, "0")}` },
    t.clock.now,
  );
  if (!result.ok) throw new Error(result.reason);
  return { request: result.request, clients: rows };
}

// Decisions are posted confirmed (src/web/confirm.tsx); one test below posts them unconfirmed.
const act = (id: number, noun: string, form: Record<string, string> = {}, as = cookie) =>
  t.request(`/admin/payouts/${id}/${noun}`, { cookie: as, form: { confirmed: "1", ...form } });
const html = async (path: string) => (await t.request(path, { cookie })).text();

describe("GET /admin/payouts", () => {
  it("shows the pending queue by default, every status on request, and the sidebar badge", async () => {
    const { request: pending } = await givenRequest();
    const { request: done } = await givenRequest(await givenPartner(t.db, { name: "Пётр Одобренный" }));
    await act(done.id, "approval");
    const queue = await html("/admin/payouts");
    expect(queue).toContain(`Запрос №${pending.id}`);
    expect(queue).not.toContain(`Запрос №${done.id}<`);
    expect(queue).toMatch(
      /id="payouts-badge" class="badge"[^>]*hx-get="\/admin\/payouts\/badge" hx-trigger="every 30s"[^>]*><span aria-hidden="true">1<\/span>/,
    );
    const all = await html("/admin/payouts?status=all");
    expect(all).toContain(`Запрос №${pending.id}`);
    expect(all).toContain(`Запрос №${done.id}`);
    expect(all).toContain("Пётр Одобренный");
    const badge = await (await t.request("/admin/payouts/badge", { cookie })).text();
    expect(badge).toContain(">1</span>");
    expect(badge).toContain("1 запрос ждёт решения");
    expect(badge).not.toContain("<html");
  });

  it("filters by partner, amount and creation day; junk in the query means no filter", async () => {
    const { request: small } = await givenRequest(partner, [10_000]);
    const other = await givenPartner(t.db, { name: "Другой" });
    const { request: big } = await givenRequest(other, [500_000]);
    const ids = (page: string) => [...page.matchAll(/Запрос №(\d+)</g)].map((m) => Number(m[1]));
    expect(ids(await html(`/admin/payouts?partner=${other.id}`))).toEqual([big.id]);
    expect(ids(await html("/admin/payouts?amount_from=1%20000"))).toEqual([big.id]);
    expect(ids(await html("/admin/payouts?amount_to=100,00"))).toEqual([small.id]);
    expect(ids(await html("/admin/payouts?from=2026-11-27"))).toEqual([]);
    expect(ids(await html("/admin/payouts?from=2026-11-26&to=2026-11-26"))).toEqual([small.id, big.id]);
    expect(ids(await html("/admin/payouts?status=bogus&partner=x&amount_from=abc&from=2026-02-31"))).toEqual([small.id, big.id]);
  });
});

describe("POST /admin/payouts/settings", () => {
  it("stores the hold and the minimum (roubles with a comma) and audits the change", async () => {
    const res = await t.request("/admin/payouts/settings", { cookie, form: { hold_days: "14", min_amount: "1 500,50" } });
    expect(res.status).toBe(303);
    expect(await getPayoutSettings(t.db)).toEqual({ holdDays: 14, minKopecks: 150_050 });
    const [audit] = await t.db.select().from(auditLog);
    expect(audit).toMatchObject({ action: "settings.payouts", actorId: admin.id });
    expect(JSON.parse(audit?.after ?? "")).toEqual({ holdDays: 14, minKopecks: 150_050 });
    const page = await html("/admin/payouts");
    expect(page).toContain(`name="hold_days" type="text" value="14"`);
    expect(page).toContain(`name="min_amount" type="text" value="1500,50"`);
  });

  it.each([
    [{ hold_days: "-1", min_amount: "0" }, "Введите целое число дней от 0 до 365"],
    [{ hold_days: "366", min_amount: "0" }, "Введите целое число дней от 0 до 365"],
    [{ hold_days: "0", min_amount: "сто" }, "Введите сумму в рублях"],
    [{ hold_days: "0", min_amount: "1,234" }, "Введите сумму в рублях"],
    [{ hold_days: "0" }, "Введите сумму в рублях"],
  ])("refuses %j with a message and stores nothing", async (form, message) => {
    const before = await snapshot(t.client);
    const res = await t.request("/admin/payouts/settings", { cookie, form });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("GET /admin/payouts/:id", () => {
  it("shows the partner, the clients with Bitrix24 deal links, the full requisites and the allowed decisions", async () => {
    const { request, clients: claimed } = await givenRequest(partner, [100_000, 50_000], true);
    const page = await html(`/admin/payouts/${request.id}`);
    expect(page).toContain("Иван Партнёров");
    expect(page).toContain(`1${NBSP}500,00${NBSP}₽`);
    expect(page).toContain("Партнёрский комментарий");
    expect(page).toContain(`href="https://acme.bitrix24.ru/crm/deal/details/${claimed[0]?.b24DealId}/"`);
    expect(page).not.toContain("s3cr3tw3bh00k");
    expect(page).not.toContain("/rest/7");
    expect(page).toContain("40702810938000000001");
    expect(page).toContain("044525225");
    expect(page).toContain("OOO Romashka");
    expect(page).toContain(`action="/admin/payouts/${request.id}/approval"`);
    expect(page).toContain(`action="/admin/payouts/${request.id}/rejection"`);
    expect(page).not.toContain(`action="/admin/payouts/${request.id}/payment"`);
  });

  it("warns when a claimed commission changed since the request, and answers 404 for a missing id", async () => {
    const { request, clients: claimed } = await givenRequest();
    await t.db
      .update(clients)
      .set({ commissionKopecks: 1, statusGroup: "lost" })
      .where(eq(clients.id, claimed[0]?.id ?? 0));
    const page = await html(`/admin/payouts/${request.id}`);
    expect(page).toContain("Вознаграждение изменилось после запроса");
    expect(page).toContain("Сделка больше не успешна");
    for (const id of ["999999", "abc"]) expect((await t.request(`/admin/payouts/${id}`, { cookie })).status).toBe(404);
  });
});

describe("decisions", () => {
  it("approve → paid: who and when, the partner notified with the amount, clients paid, each step audited; the partner sees «Выплачено»", async () => {
    const { request, clients: claimed } = await givenRequest(partner, [123_400]);
    const approved = await act(request.id, "approval", { comment: "" });
    expect(approved.status).toBe(303);
    expect(approved.headers.get("location")).toBe(`/admin/payouts/${request.id}`);
    const after = await (await t.request(`/admin/payouts/${request.id}`, { cookie: `${cookie}; ${cookiesFrom(approved)}` })).text();
    expect(after).toContain(`Запрос №${request.id} одобрен`);
    expect(after).toContain(`action="/admin/payouts/${request.id}/payment"`);
    expect(after).not.toContain(`action="/admin/payouts/${request.id}/approval"`);

    t.clock.advance(600_000);
    const paidRes = await act(request.id, "payment", { comment: "Платёжка 42" });
    expect(paidRes.headers.get("location")).toBe(`/admin/payouts/${request.id}`);
    const [stored] = await t.db.select().from(payoutRequests).where(eq(payoutRequests.id, request.id));
    expect(stored).toMatchObject({ status: "paid", decidedById: admin.id, paidById: admin.id, paidAt: t.clock.now, adminComment: "Платёжка 42" });
    const [client] = await t.db
      .select()
      .from(clients)
      .where(eq(clients.id, claimed[0]?.id ?? 0));
    expect(client).toMatchObject({ isPaid: true, paidAt: t.clock.now });
    const notes = await t.db.select().from(notifications).where(eq(notifications.targetUserId, partner.id));
    expect(notes.map((n) => n.message)).toEqual([
      expect.stringContaining(`№${request.id} на сумму 1${NBSP}234,00${NBSP}₽ одобрен`),
      expect.stringContaining(`на сумму 1${NBSP}234,00${NBSP}₽ выполнена. Комментарий: Платёжка 42`),
    ]);
    const audit = await t.db.select().from(auditLog);
    expect(audit.map((a) => [a.action, a.partnerId, a.actorId])).toEqual([
      ["payout.approve", partner.id, admin.id],
      ["payout.paid", partner.id, admin.id],
    ]);
    const partnerView = await (await t.request("/payouts", { cookie: await t.cookieFor(partner) })).text();
    expect(partnerView).toContain(`<span class="pill pill-ok">Выплачено</span>`);
    expect(partnerView).toContain("Платёжка 42");
    expect(partnerView).toMatch(new RegExp(`1${NBSP}234,00${NBSP}₽</span><span class="stat-label">Выплачено`));
  });

  it("rejects only with a reason, which the partner reads; the clients become requestable again", async () => {
    const { request } = await givenRequest();
    const before = await snapshot(t.client);
    for (const comment of ["", "   ", "я".repeat(10_000)]) {
      const res = await act(request.id, "rejection", { comment });
      expect(res.status).toBe(422);
      expect(await res.text()).toMatch(/Заполните поле|Не длиннее 1\u202f000 символов/);
      expect(await snapshot(t.client)).toBe(before);
    }
    expect((await act(request.id, "rejection", { comment: "Неверные реквизиты" })).status).toBe(303);
    expect((await t.db.select().from(payoutRequests))[0]).toMatchObject({ status: "rejected", adminComment: "Неверные реквизиты", decidedById: admin.id });
    const partnerPage = await (await t.request("/payouts", { cookie: await t.cookieFor(partner) })).text();
    expect(partnerPage).toContain("Отклонён");
    expect(partnerPage).toContain("Неверные реквизиты");
    expect(partnerPage).toMatch(/name="client_id" value="\d+"/);
  });

  it("refuses a decision the status no longer allows and changes nothing", async () => {
    const { request } = await givenRequest();
    expect((await act(request.id, "approval")).status).toBe(303);
    const before = await snapshot(t.client);
    const again = await act(request.id, "approval");
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Запрос уже обработан");
    expect(await snapshot(t.client)).toBe(before);
    expect((await act(request.id, "payment")).status).toBe(303);
    const paid = await snapshot(t.client);
    for (const [noun, form] of [
      ["approval", {}],
      ["payment", {}],
      ["rejection", { comment: "поздно" }],
    ] as const) {
      const res = await act(request.id, noun, form);
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("Запрос уже обработан");
    }
    expect(await snapshot(t.client)).toBe(paid);
    expect(await html(`/admin/payouts/${request.id}`)).toContain("Запрос обработан, действий не осталось.");
  });

  it("answers 404 to a partner calling the admin decisions, even on their own request, and changes nothing", async () => {
    const { request } = await givenRequest();
    const partnerCookie = await t.cookieFor(partner);
    const before = await snapshot(t.client);
    for (const [noun, form] of [
      ["approval", {}],
      ["payment", {}],
      ["rejection", { comment: "сам себе" }],
    ] as const) {
      const res = await act(request.id, noun, form, partnerCookie);
      expect(res.status).toBe(404);
    }
    expect((await t.request(`/admin/payouts/${request.id}`, { cookie: partnerCookie })).status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });

  it.each([
    ["payment", {}, "approved"],
    ["rejection", { comment: "Неверные реквизиты" }, "pending"],
  ] as const)("asks before %s: unconfirmed, a page names the request, partner and sum, and nothing changes", async (noun, form, status) => {
    const { request } = await givenRequest();
    if (status === "approved") expect((await act(request.id, "approval")).status).toBe(303);
    const before = await snapshot(t.client);
    const res = await t.request(`/admin/payouts/${request.id}/${noun}`, { cookie, form });
    expect(res.status).toBe(200);
    const text = await res.text();
    const question = noun === "payment" ? ru.payoutsAdmin.actions.paidQuestion : ru.payoutsAdmin.actions.rejectQuestion;
    expect(text).toContain(question(request.id, partner.name, request.totalKopecks));
    expect(await snapshot(t.client)).toBe(before);
  });

  it.each(["approval", "payment", "rejection"])("answers 404 to %s of a missing request", async (noun) => {
    const before = await snapshot(t.client);
    expect((await act(999_999, noun, { comment: "x" })).status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});
