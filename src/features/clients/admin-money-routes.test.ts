import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, clients, commissionHistory, payoutRequestClients } from "../../db/schema.js";
import { t as ru } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { givenMoneyClient, givenPayoutRequest } from "../../testing/money.js";
import { cookiesFrom, createTestApp, TEST_ORIGIN, type TestApp } from "../../testing/test-app.js";

let t: TestApp;
let admin: Awaited<ReturnType<typeof givenAdmin>>;
let cookie: string;
let partner: Awaited<ReturnType<typeof givenPartner>>;
beforeEach(async () => {
  t = await createTestApp();
  admin = await givenAdmin(t.db);
  cookie = await t.cookieFor(admin);
  partner = await givenPartner(t.db, { name: "Пётр Деньгин" });
});

const row = async (id: number) => {
  const c = await t.db.select().from(clients).where(eq(clients.id, id)).get();
  if (!c) throw new Error("no client");
  return c;
};
const history = (id: number) => t.db.select().from(commissionHistory).where(eq(commissionHistory.clientId, id));
const audits = () => t.db.select().from(auditLog).orderBy(auditLog.id);
const base = (clientId: number, partnerId = partner.id) => `/admin/partners/${partnerId}/clients/${clientId}`;
/** The page after a redirect, with the flash the redirect set. */
const follow = async (res: Response) => (await t.request(res.headers.get("location") ?? "", { cookie: cookiesFrom(res, cookie) })).text();

describe("GET /admin/partners/:id (money)", () => {
  it("lists the clients with amount, commission, paid state, flags and open claims", async () => {
    const won = await givenMoneyClient(t.db, partner.id, { name: "Анна Выигрыш" });
    const paid = await givenMoneyClient(t.db, partner.id, { name: "Борис Оплачен", isPaid: true, paidAt: t.clock.now - 86_400_000, commissionFlagged: true });
    const claimed = await givenMoneyClient(t.db, partner.id, { name: "Вера Заявка" });
    await givenPayoutRequest(t.db, partner.id, [claimed], "pending");
    const html = await (await t.request(`/admin/partners/${partner.id}`, { cookie })).text();
    expect(html).toContain("150\u00a0000,00\u00a0₽");
    expect(html).toContain("15\u00a0000,00\u00a0₽");
    expect(html).toContain("оплачено 25.11.2026");
    expect(html).toContain("изменение после оплаты");
    expect(html).toContain("в заявке на выплату №");
    expect(html).toContain(`href="${base(won.id)}"`);
    expect(html).toContain(`name="client_id" value="${paid.id}"`);
    expect(html).toContain(`formaction="${base(won.id)}/payment-mark"`);
    expect(html).toContain("Отметить оплаченными");
    expect(html).toContain("Действующая ставка");
    expect(html).toContain("общая ставка программы");
  });
});

describe("GET /admin/partners/:id/clients/:clientId", () => {
  it("shows the client's money, the edit forms and the history with who and why", async () => {
    const c = await givenMoneyClient(t.db, partner.id, { name: "Анна Выигрыш" });
    await t.request(`${base(c.id)}/commission`, { cookie, form: { commission: "16 000", commission_reason: "Бонус за объём" } });
    const html = await (await t.request(base(c.id), { cookie })).text();
    for (const text of [
      "Анна Выигрыш",
      "Изменить сумму сделки",
      "Изменить вознаграждение",
      "История вознаграждения",
      "Бонус за объём",
      "администратор Admin",
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain("15\u00a0000,00\u00a0₽ → 16\u00a0000,00\u00a0₽");
    expect(html).toContain("Вознаграждение пересчитается по ставке 10\u00a0%");
  });

  it("answers 404 for another partner's client under this partner, a missing client and a non-partner", async () => {
    const other = await givenPartner(t.db);
    const foreign = await givenMoneyClient(t.db, other.id);
    expect((await t.request(base(foreign.id), { cookie })).status).toBe(404);
    expect((await t.request(base(999_999), { cookie })).status).toBe(404);
    expect((await t.request(base(foreign.id, admin.id), { cookie })).status).toBe(404);
    expect((await t.request(base(foreign.id, other.id), { cookie })).status).toBe(200);
  });
});

describe("POST /admin/partners/:id/clients/:clientId/amount", () => {
  it("recomputes a won, unpaid client's commission at its fixed rate and records the admin and the reason", async () => {
    const c = await givenMoneyClient(t.db, partner.id, { commissionRateBp: 1_200, commissionKopecks: 1_800_000 });
    const res = await t.request(`${base(c.id)}/amount`, { cookie, form: { amount: "200 000,50", amount_reason: "Сумма уточнена по договору" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(base(c.id));
    expect(await follow(res)).toContain("Сумма сделки изменена, вознаграждение пересчитано");
    expect(await row(c.id)).toMatchObject({ amountKopecks: 20_000_050, commissionKopecks: 2_400_006, commissionRateBp: 1_200 });
    expect(await history(c.id)).toMatchObject([
      {
        reason: "manual",
        oldKopecks: 1_800_000,
        newKopecks: 2_400_006,
        amountKopecks: 20_000_050,
        rateBp: 1_200,
        actorId: admin.id,
        note: "Сумма уточнена по договору",
      },
    ]);
    expect(await audits()).toMatchObject([
      {
        action: "client.amount",
        actorId: admin.id,
        entity: "client",
        entityId: c.id,
        partnerId: partner.id,
        before: JSON.stringify({ amountKopecks: 15_000_000, commissionKopecks: 1_800_000 }),
        after: JSON.stringify({ amountKopecks: 20_000_050, commissionKopecks: 2_400_006, note: "Сумма уточнена по договору" }),
      },
    ]);
  });

  it("uses the partner's effective rate when the client has no fixed rate", async () => {
    const own = await givenPartner(t.db, { rewardRateBp: 1_500 });
    const c = await givenMoneyClient(t.db, own.id, { commissionRateBp: null, commissionKopecks: 0 });
    await t.request(`${base(c.id, own.id)}/amount`, { cookie, form: { amount: "100000", amount_reason: "Ставка не была зафиксирована" } });
    expect(await row(c.id)).toMatchObject({ amountKopecks: 10_000_000, commissionKopecks: 1_500_000, commissionRateBp: 1_500 });
  });

  it("never changes a paid client's commission with the amount, and warns on the page", async () => {
    const c = await givenMoneyClient(t.db, partner.id, { isPaid: true, paidAt: t.clock.now - 1_000 });
    const page = await (await t.request(base(c.id), { cookie })).text();
    expect(page).toContain("Клиент уже оплачен");
    expect(page).toContain("Вознаграждение не изменится");
    const res = await t.request(`${base(c.id)}/amount`, { cookie, form: { amount: "300000", amount_reason: "Допродажа" } });
    expect(res.status).toBe(303);
    expect(await row(c.id)).toMatchObject({ amountKopecks: 30_000_000, commissionKopecks: 1_500_000, isPaid: true });
    expect(await history(c.id)).toMatchObject([
      { reason: "manual", oldKopecks: 1_500_000, newKopecks: 1_500_000, amountKopecks: 30_000_000, note: "Допродажа" },
    ]);
  });

  it("keeps the commission of a client whose deal is not won", async () => {
    const c = await givenMoneyClient(t.db, partner.id, { statusGroup: "in_progress", commissionKopecks: 0, commissionRateBp: null, amountKopecks: null });
    await t.request(`${base(c.id)}/amount`, { cookie, form: { amount: "5000", amount_reason: "Предварительная сумма" } });
    expect(await row(c.id)).toMatchObject({ amountKopecks: 500_000, commissionKopecks: 0 });
  });

  it.each([
    [{ amount: "12,345", amount_reason: "x" }, "Введите сумму цифрами"],
    [{ amount: "1.234,56", amount_reason: "x" }, "Введите сумму цифрами"],
    [{ amount: "-100", amount_reason: "x" }, "Сумма не может быть отрицательной"],
    [{ amount: "1000000000,01", amount_reason: "x" }, "Слишком большая сумма"],
    [{ amount: "", amount_reason: "x" }, "Укажите сумму"],
    [{ amount: "100" }, "Заполните поле"],
    [{ amount: "100", amount_reason: "   " }, "Заполните поле"],
    [{ amount: "100", amount_reason: "я".repeat(501) }, "Не длиннее 500 символов"],
    [{ amount: "150 000", amount_reason: "Та же сумма" }, "Значение не изменилось"],
  ])("refuses bad input (%#) by the field, keeps the values and changes nothing", async (form, message) => {
    const c = await givenMoneyClient(t.db, partner.id);
    const before = await snapshot(t.client);
    const res = await t.request(`${base(c.id)}/amount`, { cookie, form });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    if (form.amount) expect(html).toContain(`value="${form.amount}"`);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("answers 404 and changes nothing for another partner's client posted under this partner, or a missing one", async () => {
    const other = await givenPartner(t.db);
    const foreign = await givenMoneyClient(t.db, other.id);
    const before = await snapshot(t.client);
    for (const url of [`${base(foreign.id)}/amount`, `${base(999_999)}/amount`, `${base(foreign.id, admin.id)}/amount`]) {
      const res = await t.request(url, { cookie, form: { amount: "1", amount_reason: "Попытка" } });
      expect(res.status).toBe(404);
    }
    expect(await snapshot(t.client)).toBe(before);
  });

  it("answers 404 to the partner themself, and changes nothing", async () => {
    const c = await givenMoneyClient(t.db, partner.id);
    const partnerCookie = await t.cookieFor(partner);
    const before = await snapshot(t.client);
    const res = await t.request(`${base(c.id)}/commission`, { cookie: partnerCookie, form: { commission: "999999", commission_reason: "Хочу больше" } });
    expect(res.status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("POST /admin/partners/:id/clients/:clientId/commission", () => {
  it("changes a paid client's commission only through this explicit edit, with history and audit", async () => {
    const c = await givenMoneyClient(t.db, partner.id, { isPaid: true, paidAt: t.clock.now - 1_000 });
    const page = await (await t.request(base(c.id), { cookie })).text();
    expect(page).toContain("новое вознаграждение изменит деньги по оплаченному клиенту");
    const res = await t.request(`${base(c.id)}/commission`, { cookie, form: { commission: "12 500,00", commission_reason: "Возврат части оплаты клиентом" } });
    expect(res.status).toBe(303);
    expect(await follow(res)).toContain("Вознаграждение изменено");
    expect(await row(c.id)).toMatchObject({ commissionKopecks: 1_250_000, isPaid: true, amountKopecks: 15_000_000 });
    expect(await history(c.id)).toMatchObject([
      { reason: "manual", oldKopecks: 1_500_000, newKopecks: 1_250_000, actorId: admin.id, note: "Возврат части оплаты клиентом", rateBp: null },
    ]);
    expect(await audits()).toMatchObject([{ action: "client.commission", entityId: c.id, partnerId: partner.id, actorId: admin.id }]);
  });

  it("refuses junk and a missing reason, storing nothing", async () => {
    const c = await givenMoneyClient(t.db, partner.id);
    const before = await snapshot(t.client);
    const junk = await t.request(`${base(c.id)}/commission`, { cookie, form: { commission: "сто рублей", commission_reason: "x" } });
    expect(junk.status).toBe(422);
    expect(await junk.text()).toContain("Введите сумму цифрами");
    const noReason = await t.request(`${base(c.id)}/commission`, { cookie, form: { commission: "100" } });
    expect(await noReason.text()).toContain("Заполните поле");
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("POST /admin/partners/:id/clients/:clientId/flag-clearing", () => {
  it("clears the flag with the admin's note; a note is required", async () => {
    const c = await givenMoneyClient(t.db, partner.id, { isPaid: true, paidAt: t.clock.now, commissionFlagged: true });
    const before = await snapshot(t.client);
    const empty = await t.request(`${base(c.id)}/flag-clearing`, { cookie, form: { note: "" } });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Заполните поле");
    expect(await snapshot(t.client)).toBe(before);
    const res = await t.request(`${base(c.id)}/flag-clearing`, { cookie, form: { note: "Доплатили вручную" } });
    expect(res.status).toBe(303);
    expect((await row(c.id)).commissionFlagged).toBe(false);
    expect(await audits()).toMatchObject([
      { action: "client.flag_cleared", entityId: c.id, partnerId: partner.id, after: JSON.stringify({ flagged: false, note: "Доплатили вручную" }) },
    ]);
    const again = await t.request(`${base(c.id)}/flag-clearing`, { cookie, form: { note: "Ещё раз" } });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Отметки уже нет");
    expect(await audits()).toHaveLength(1);
  });
});

describe("POST /admin/partners/:id/clients/:clientId/payment-mark", () => {
  it("marks one client paid from the list and returns to the same filtered page", async () => {
    const c = await givenMoneyClient(t.db, partner.id);
    const res = await t.request(`${base(c.id)}/payment-mark`, { cookie, form: { confirmed: "1", mark: "paid", back: "status=won&page=1" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/partners/${partner.id}?status=won&page=1`);
    expect(await follow(res)).toContain("Отмечено оплаченными: 1");
    expect(await row(c.id)).toMatchObject({ isPaid: true, paidAt: t.clock.now });
    expect(await audits()).toMatchObject([{ action: "client.paid", entityId: c.id, partnerId: partner.id, actorId: admin.id }]);
  });

  it("marks one client unpaid from its page and goes back there", async () => {
    const c = await givenMoneyClient(t.db, partner.id, { isPaid: true, paidAt: t.clock.now - 5_000 });
    const res = await t.request(`${base(c.id)}/payment-mark`, { cookie, form: { confirmed: "1", mark: "unpaid", back: "client" } });
    expect(res.headers.get("location")).toBe(base(c.id));
    expect(await row(c.id)).toMatchObject({ isPaid: false, paidAt: null });
  });

  it.each(["pending", "approved"] as const)("refuses a client claimed by a %s payout request, changing nothing", async (status) => {
    const c = await givenMoneyClient(t.db, partner.id);
    await givenPayoutRequest(t.db, partner.id, [c], status);
    const before = await snapshot(t.client);
    const res = await t.request(`${base(c.id)}/payment-mark`, { cookie, form: { confirmed: "1", mark: "paid", back: "client" } });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("в заявке на выплату — отметьте оплату через раздел выплат");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("accepts a client whose request was rejected, and refuses one that owes nothing", async () => {
    const released = await givenMoneyClient(t.db, partner.id);
    await givenPayoutRequest(t.db, partner.id, [released], "rejected");
    expect((await t.request(`${base(released.id)}/payment-mark`, { cookie, form: { confirmed: "1", mark: "paid" } })).status).toBe(303);
    const nothing = await givenMoneyClient(t.db, partner.id, { statusGroup: "new", commissionKopecks: 0, amountKopecks: null });
    const before = await snapshot(t.client);
    const res = await t.request(`${base(nothing.id)}/payment-mark`, { cookie, form: { confirmed: "1", mark: "paid" } });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("нет вознаграждения к оплате");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("answers 404 for another partner's client and for an unknown mark", async () => {
    const foreign = await givenMoneyClient(t.db, (await givenPartner(t.db)).id);
    const own = await givenMoneyClient(t.db, partner.id);
    const before = await snapshot(t.client);
    expect((await t.request(`${base(foreign.id)}/payment-mark`, { cookie, form: { confirmed: "1", mark: "paid" } })).status).toBe(404);
    expect((await t.request(`${base(own.id)}/payment-mark`, { cookie, form: { confirmed: "1", mark: "free" } })).status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("POST /admin/partners/:id/clients/payment-marks", () => {
  /** Ticked checkboxes arrive as one name repeated, which a plain object cannot hold. Confirmed (src/web/confirm.tsx) unless told. */
  const bulk = (pairs: Array<[string, string]>, partnerId = partner.id, who = cookie, confirmed = true) =>
    t.app.request(
      `${TEST_ORIGIN}/admin/partners/${partnerId}/clients/payment-marks`,
      {
        method: "POST",
        headers: { cookie: who, origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(confirmed ? [...pairs, ["confirmed", "1"]] : pairs).toString(),
      },
      { incoming: { socket: { remoteAddress: "203.0.113.10" } } },
    );
  const ticks = (...ids: number[]): Array<[string, string]> => ids.map((id) => ["client_id", String(id)]);

  it("asks first: unconfirmed, a page repeats how many clients and carries every tick; nothing changes", async () => {
    const a = await givenMoneyClient(t.db, partner.id);
    const b = await givenMoneyClient(t.db, partner.id);
    const before = await snapshot(t.client);
    const res = await bulk([...ticks(a.id, b.id), ["mark", "paid"]], partner.id, cookie, false);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(ru.moneyTools.clients.bulkPaidQuestion(2));
    expect(html).toContain(`name="client_id" value="${a.id}"`);
    expect(html).toContain(`name="client_id" value="${b.id}"`);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("marks the ticked clients paid in one submit, each audited, skipping ones already paid", async () => {
    const a = await givenMoneyClient(t.db, partner.id);
    const b = await givenMoneyClient(t.db, partner.id);
    const done = await givenMoneyClient(t.db, partner.id, { isPaid: true, paidAt: t.clock.now - 10 });
    const res = await bulk([...ticks(a.id, b.id, done.id), ["mark", "paid"], ["back", "q=abc"]]);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/partners/${partner.id}?q=abc`);
    expect(await follow(res)).toContain("Отмечено оплаченными: 2");
    expect(await row(a.id)).toMatchObject({ isPaid: true, paidAt: t.clock.now });
    expect(await row(b.id)).toMatchObject({ isPaid: true, paidAt: t.clock.now });
    expect((await row(done.id)).paidAt).toBe(t.clock.now - 10);
    expect((await audits()).map((x) => [x.action, x.entityId, x.partnerId])).toEqual([
      ["client.paid", a.id, partner.id],
      ["client.paid", b.id, partner.id],
    ]);
  });

  it("marks the ticked clients unpaid and releases their claim by a paid request, so they can be requested again", async () => {
    const a = await givenMoneyClient(t.db, partner.id, { isPaid: true, paidAt: t.clock.now - 10 });
    const b = await givenMoneyClient(t.db, partner.id, { isPaid: true, paidAt: t.clock.now - 10 });
    const paidRequest = await givenPayoutRequest(t.db, partner.id, [a], "paid");
    const res = await bulk([...ticks(a.id, b.id), ["mark", "unpaid"]]);
    expect(res.status).toBe(303);
    expect(await row(a.id)).toMatchObject({ isPaid: false, paidAt: null });
    expect(await row(b.id)).toMatchObject({ isPaid: false, paidAt: null });
    const claim = await t.db.select().from(payoutRequestClients).where(eq(payoutRequestClients.requestId, paidRequest.id)).get();
    expect(claim?.active).toBeNull();
    // The partial unique index now lets a new request claim the client.
    await givenPayoutRequest(t.db, partner.id, [a], "pending");
    expect((await audits()).map((x) => x.action)).toEqual(["client.unpaid", "client.unpaid"]);
  });

  it("refuses the whole submit when one ticked client is in an open payout request, changing nothing", async () => {
    const free = await givenMoneyClient(t.db, partner.id, { name: "Свободный" });
    const claimed = await givenMoneyClient(t.db, partner.id, { name: "Заявленный" });
    await givenPayoutRequest(t.db, partner.id, [claimed], "approved");
    const before = await snapshot(t.client);
    const res = await bulk([...ticks(free.id, claimed.id), ["mark", "paid"]]);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain(`Ничего не изменено: «Заявленный» (№${claimed.id}) в заявке на выплату`);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("answers 404 and changes nothing when a ticked client is another partner's, missing or junk", async () => {
    const own = await givenMoneyClient(t.db, partner.id);
    const foreign = await givenMoneyClient(t.db, (await givenPartner(t.db)).id);
    const before = await snapshot(t.client);
    for (const pairs of [ticks(own.id, foreign.id), ticks(own.id, 999_999), [...ticks(own.id), ["client_id", "abc"]]] as Array<Array<[string, string]>>) {
      expect((await bulk([...pairs, ["mark", "paid"]])).status).toBe(404);
    }
    expect((await bulk([...ticks(own.id), ["mark", "paid"]], admin.id)).status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("asks to tick a client when none is ticked, and answers 404 to a partner", async () => {
    const own = await givenMoneyClient(t.db, partner.id);
    const partnerCookie = await t.cookieFor(partner);
    const before = await snapshot(t.client);
    const none = await bulk([["mark", "paid"]]);
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("Отметьте хотя бы одного клиента");
    expect((await bulk([...ticks(own.id), ["mark", "paid"]], partner.id, partnerCookie)).status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});
