import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { clients, commissionHistory, payoutRequestClients, payoutRequests } from "../../db/schema.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { type ClientInput, createClient } from "./clients.js";

let t: TestApp;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  partner = await givenPartner(t.db, { rewardRateBp: 1_250 });
  cookie = await t.cookieFor(partner);
});

const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
let seq = 0;
async function givenClient(partnerId: number, name: string, state: Partial<typeof clients.$inferInsert> = {}) {
  seq += 1;
  const input: ClientInput = {
    source: "form",
    name,
    phone: `+7901${String(seq).padStart(7, "0")}`,
    email: null,
    company: null,
    comment: null,
    linkId: null,
    landingId: null,
    utm: noUtm,
  };
  const created = await createClient(t.db, partnerId, input, t.clock.now);
  if (!created.ok) throw new Error("fixture client refused");
  if (Object.keys(state).length) await t.db.update(clients).set(state).where(eq(clients.id, created.client.id));
  return created.client;
}
const won = {
  statusGroup: "won",
  statusName: "Договор подписан",
  amountKopecks: 15_000_000,
  currencyId: "RUB",
  commissionKopecks: 1_875_000,
  commissionRateBp: 1_250,
} as const;
const event = (clientId: number, kind: string, data: unknown, dt = 1_000) =>
  t.client.execute({
    sql: "insert into client_events (client_id, at, kind, data) values (?, ?, ?, ?)",
    args: [clientId, t.clock.now + dt, kind, JSON.stringify(data)],
  });

describe("GET /clients: status, amount and commission", () => {
  it("shows the Bitrix24 status name (or the group when there is none), the deal amount and the commission with its paid mark", async () => {
    const a = await givenClient(partner.id, "Выигранный", { ...won, isPaid: true, paidAt: t.clock.now });
    const b = await givenClient(partner.id, "В работе", { statusGroup: "in_progress", statusName: null, amountKopecks: 99_900 });
    const html = await (await t.request("/clients", { cookie })).text();
    const rowOf = (id: number) => html.slice(html.indexOf(`id="client-${id}"`), html.indexOf("</tr>", html.indexOf(`id="client-${id}"`)));
    expect(rowOf(a.id)).toContain('class="pill pill-won status-pill">Договор подписан<');
    expect(rowOf(a.id)).toContain("150\u00a0000,00\u00a0₽");
    expect(rowOf(a.id)).toContain("18\u00a0750,00\u00a0₽");
    expect(rowOf(a.id)).toContain("выплачено");
    expect(rowOf(b.id)).toContain('class="pill pill-progress status-pill">в работе<');
    expect(rowOf(b.id)).toContain("999,00\u00a0₽");
    expect(rowOf(b.id)).toContain('<td class="cell-commission num" data-label="Вознаграждение">—</td>');
    expect(html).toContain('<th scope="col" class="num">Сумма сделки</th>');
  });
});

describe("GET /clients/:id: money and history", () => {
  it("shows amount, commission, the fixed rate, the payout state and the commission history with the admin's note", async () => {
    const c = await givenClient(partner.id, "Ольга", { ...won, commissionKopecks: 2_000_000 });
    const admin = await givenAdmin(t.db);
    await t.db.insert(commissionHistory).values([
      { clientId: c.id, oldKopecks: 0, newKopecks: 1_875_000, reason: "won", rateBp: 1_250, amountKopecks: 15_000_000, at: t.clock.now + 1_000 },
      {
        clientId: c.id,
        oldKopecks: 1_875_000,
        newKopecks: 2_000_000,
        reason: "manual",
        actorId: admin.id,
        note: "Доплата по договорённости",
        at: t.clock.now + 2_000,
      },
    ]);
    const html = await (await t.request(`/clients/${c.id}`, { cookie })).text();
    const card = html.slice(html.indexOf('id="money"'), html.indexOf('id="timeline"'));
    expect(card).toContain("150\u00a0000,00\u00a0₽");
    expect(card).toContain('<strong class="money">20\u00a0000,00\u00a0₽</strong>');
    expect(card).toContain("<dd>12,5\u00a0%</dd>");
    expect(card).toContain("не выплачено");
    const change = (from: string, to: string) => `<span class="money">${from}</span> → <span class="money">${to}</span>`;
    const manual = card.indexOf(change("18\u00a0750,00\u00a0₽", "20\u00a0000,00\u00a0₽"));
    const first = card.indexOf(change("0,00\u00a0₽", "18\u00a0750,00\u00a0₽"));
    expect(manual).toBeGreaterThan(0);
    expect(first).toBeGreaterThan(manual); // newest first
    expect(card).toContain("Изменено администратором");
    expect(card).toContain('Комментарий администратора: <span class="pre-line">Доплата по договорённости</span>');
    expect(card).toContain("Сделка 150\u00a0000,00\u00a0₽, ставка 12,5\u00a0%");
  });

  it("before the deal is won: the rate that applies now, no commission yet, nothing to pay", async () => {
    const c = await givenClient(partner.id, "Новый");
    const card = await (await t.request(`/clients/${c.id}`, { cookie })).text();
    expect(card).toContain("сумма появится, когда менеджер укажет её в сделке");
    expect(card).toContain("начислится, когда сделка станет успешной");
    expect(card).toContain("12,5\u00a0% — действует сейчас");
    expect(card).toContain("нечего выплачивать");
    expect(card).toContain("Вознаграждение ещё не начислялось.");
  });

  it("says when the client is paid, or claimed by a pending payout request", async () => {
    const paid = await givenClient(partner.id, "Оплачен", { ...won, isPaid: true, paidAt: t.clock.now });
    expect(await (await t.request(`/clients/${paid.id}`, { cookie })).text()).toContain("выплачено 26.11.2026");
    const claimed = await givenClient(partner.id, "В заявке", won);
    const [request] = await t.db
      .insert(payoutRequests)
      .values({ partnerId: partner.id, totalKopecks: 1_875_000, methodSnapshot: "{}", requestKey: "k1", createdAt: t.clock.now, updatedAt: t.clock.now })
      .returning();
    await t.db.insert(payoutRequestClients).values({ requestId: request?.id ?? 0, clientId: claimed.id, commissionKopecks: 1_875_000, active: 1 });
    expect(await (await t.request(`/clients/${claimed.id}`, { cookie })).text()).toContain("в заявке на выплату, ждёт решения");
  });

  it("names every timeline event; a flag shows no internal amounts; unknown kinds still appear", async () => {
    const c = await givenClient(partner.id, "События", won);
    await event(c.id, "delivered", { entity: "deal", id: 3001 }, 1_000);
    await event(c.id, "delivery_failed", { error: "crm.deal.add: ACCESS_DENIED секрет" }, 2_000);
    await event(c.id, "b24_deal_attached", { dealId: 3001 }, 3_000);
    await event(c.id, "status", { statusId: "C1:WON", name: "Сделка успешна", group: "won" }, 4_000);
    await event(c.id, "commission_flagged", { reason: "amount_changed", commissionKopecks: 1_875_000, wouldBeKopecks: 7_777_700 }, 5_000);
    await event(c.id, "b24_deleted", { dealId: 3001 }, 6_000);
    await event(c.id, "something_new", {}, 7_000);
    const html = await (await t.request(`/clients/${c.id}`, { cookie })).text();
    const timeline = html.slice(html.indexOf('id="timeline"'));
    for (const label of [
      "Клиент создан (форма)",
      "Отправлен в Bitrix24 как сделка",
      "Не удалось отправить в Bitrix24",
      "По клиенту открыта сделка в Bitrix24",
      "Статус: Сделка успешна",
      "Сделка изменилась после выплаты — менеджер проверит начисление",
      "Удалён в Bitrix24",
      "Событие: something_new",
    ]) {
      expect(timeline, label).toContain(label);
    }
    expect(html).not.toContain("ACCESS_DENIED");
    expect(html).not.toContain("77\u00a0777,00");
  });

  it("shows another partner's client's history to nobody: 404, nothing changed", async () => {
    const other = await givenPartner(t.db);
    const theirs = await givenClient(other.id, "Чужой", won);
    await t.db.insert(commissionHistory).values({ clientId: theirs.id, oldKopecks: 0, newKopecks: 1_875_000, reason: "won", at: t.clock.now });
    const before = await snapshot(t.client);
    const res = await t.request(`/clients/${theirs.id}`, { cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("18\u00a0750,00");
    expect(await snapshot(t.client)).toBe(before);
  });
});
