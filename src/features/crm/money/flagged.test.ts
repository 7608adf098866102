import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clients } from "../../../db/schema.js";
import { EVENTS, type SyncKit, startSyncKit } from "../../../testing/crm-sync.js";
import { givenAdmin } from "../../../testing/fixtures.js";
import { listFlaggedClients } from "./flagged.js";

let k: SyncKit;
beforeEach(async () => {
  k = await startSyncKit();
  k.emu.control.addEventHandler({ handlerUrl: k.handlerUrl, events: EVENTS });
});
afterEach(async () => {
  await k.close();
});

async function deliver() {
  await k.emu.control.waitForEvents();
  return k.sync();
}

/** A won, paid client whose deal amount then changes in Bitrix24: the engine flags it. */
async function givenFlaggedClient(partnerName: string) {
  const { partner, clientId, dealId } = await k.givenDealClient({}, { name: partnerName });
  k.emu.control.moveDeal(dealId, "C1:WON");
  await deliver();
  await k.t.db.update(clients).set({ isPaid: true, paidAt: k.t.clock.now }).where(eq(clients.id, clientId));
  k.step();
  k.emu.control.setDealAmount(dealId, "200000.00");
  await deliver();
  return { partner, clientId };
}

describe("flagged clients on /admin/crm", () => {
  it("lists paid clients whose deal changed: partner link, paid commission, what it would have become, why and when", async () => {
    const { partner, clientId } = await givenFlaggedClient("Анна Флаг");
    await k.givenDealClient({}, { name: "Без флага" });
    const cookie = await k.t.cookieFor(await givenAdmin(k.t.db));
    const res = await k.t.request("/admin/crm", { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    const section = html.slice(html.indexOf('id="flagged"'));
    expect(section).toContain(`href="/admin/partners/${partner.id}"`);
    expect(section).toContain("Анна Флаг");
    expect(section).not.toContain("Без флага");
    expect(section).toContain(`id="flagged-${clientId}"`);
    expect(section).toContain("15\u00a0000,00\u00a0₽"); // paid: 10 % of 150 000
    expect(section).toContain("20\u00a0000,00\u00a0₽"); // would be: 10 % of 200 000
    expect(section).toContain("Изменилась сумма сделки");
    expect(section).toContain("26.11.2026");
  });

  it("says so when nothing is flagged", async () => {
    const cookie = await k.t.cookieFor(await givenAdmin(k.t.db));
    const html = await (await k.t.request("/admin/crm", { cookie })).text();
    expect(html).toContain("Изменения по оплаченным клиентам");
    expect(html).toContain("Таких клиентов нет.");
  });

  it("reads the latest flag of each client, newest first", async () => {
    const first = await givenFlaggedClient("Первый");
    k.step();
    const second = await givenFlaggedClient("Второй");
    const { rows, total } = await listFlaggedClients(k.t.db);
    expect(total).toBe(2);
    expect(rows.map((r) => r.clientId)).toEqual([second.clientId, first.clientId]);
    expect(rows[0]).toMatchObject({ commissionKopecks: 1_500_000, wouldBeKopecks: 2_000_000, reason: "amount_changed", currencyId: "RUB" });
  });
});
