import { beforeEach, describe, expect, it } from "vitest";
import type { User } from "../../db/schema.js";
import { givenAdmin, givenPartner } from "../../testing/fixtures.js";
import { givenCardMethod, givenWonClient } from "../../testing/payout-fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { savePayoutSettings } from "../payouts/payout-settings.js";
import { createPayoutRequest } from "../payouts/requests.js";

const NBSP = "\u00a0";
const DAY = 86_400_000;
let t: TestApp;
let partner: User;

beforeEach(async () => {
  t = await createTestApp();
  partner = await givenPartner(t.db);
});

const money = (text: string, label: string) => new RegExp(`${text.replaceAll(" ", NBSP)}${NBSP}₽</span><span class="stat-label">${label}<`);

describe("GET /dashboard money", () => {
  it("shows commission won and paid in 30 days and the balance from the partner's own clients", async () => {
    await savePayoutSettings(t.db, { holdDays: 7, minKopecks: 0 }, (await givenAdmin(t.db)).id, t.clock.now);
    const method = await givenCardMethod(t.db, partner.id);
    await givenWonClient(t.db, partner.id, { commissionKopecks: 100_000, wonAt: t.clock.now - 10 * DAY });
    await givenWonClient(t.db, partner.id, { commissionKopecks: 20_000, wonAt: t.clock.now - DAY });
    await givenWonClient(t.db, partner.id, { commissionKopecks: 300_000, wonAt: t.clock.now - 60 * DAY, isPaid: true, paidAt: t.clock.now - 2 * DAY });
    const claimed = await givenWonClient(t.db, partner.id, { commissionKopecks: 4_000, wonAt: t.clock.now - 40 * DAY });
    await givenWonClient(t.db, (await givenPartner(t.db)).id, { commissionKopecks: 999_900 });
    const r = await createPayoutRequest(
      t.db,
      partner.id,
      { clientIds: [claimed.id], methodId: method.id, comment: null, requestKey: "dashboardkey00000000" },
      t.clock.now,
    );
    expect(r.ok).toBe(true);

    const html = await (await t.request("/dashboard", { cookie: await t.cookieFor(partner) })).text();
    // 30 days: won 1 000 + 200 (the 60-day-old win is outside), paid 3 000 two days ago.
    expect(html).toMatch(money("1 200,00", "Начислено"));
    expect(html).toMatch(new RegExp(`3${NBSP}000,00${NBSP}₽</span><span class="stat-label">Выплачено</span><span class="hint">Вознаграждение, отмеченное`));
    expect(html).toMatch(money("1 000,00", "Доступно к выплате"));
    expect(html).toMatch(money("200,00", "На удержании"));
    expect(html).toMatch(money("40,00", "Запрошено"));
    expect(html).toContain(`<a href="/payouts">Баланс</a>`);
    expect(html).not.toContain("9 999,00");
  });

  it("shows real zeros for a new partner", async () => {
    const html = await (await t.request("/dashboard", { cookie: await t.cookieFor(partner) })).text();
    expect(html).toMatch(money("0,00", "Начислено"));
    expect(html).toMatch(money("0,00", "Доступно к выплате"));
  });
});
