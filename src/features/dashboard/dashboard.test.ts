import { beforeEach, describe, expect, it } from "vitest";
import type { clients, User } from "../../db/schema.js";
import { formatCount } from "../../i18n/format.js";
import { t } from "../../i18n/ru.js";
import { givenDailyClicks, givenLink } from "../../testing/dashboard-fixtures.js";
import { givenAdmin, givenPartner } from "../../testing/fixtures.js";
import { givenCardMethod, givenWonClient } from "../../testing/payout-fixtures.js";
import { createTestApp, FIXED_NOW, type TestApp } from "../../testing/test-app.js";
import { savePayoutSettings } from "../payouts/payout-settings.js";
import { createPayoutRequest } from "../payouts/requests.js";
import { conversion, showsWelcome } from "./dashboard.js";

const NBSP = "\u00a0";
const NNBSP = "\u202f";
const DAY = 86_400_000;
const d = t.dashboard;
let app: TestApp;
let partner: User;

beforeEach(async () => {
  app = await createTestApp();
  partner = await givenPartner(app.db);
});

async function dashboard(user: User = partner) {
  const res = await app.request("/dashboard", { cookie: await app.cookieFor(user) });
  expect(res.status).toBe(200);
  return res.text();
}
/** The markup of the element with this id, up to its closing tag of the same name (no nesting of that tag inside). */
function block(html: string, id: string, tag = "div"): string {
  const at = html.indexOf(`id="${id}"`);
  expect(at, `#${id}`).toBeGreaterThan(-1);
  return html.slice(html.lastIndexOf(`<${tag}`, at), html.indexOf(`</${tag}>`, at));
}
const rub = (text: string) => `${text.replaceAll(" ", NBSP)}${NBSP}₽`;

describe("GET /dashboard: money in one row", () => {
  it("shows payable (with the request action), on hold and paid from the partner's own clients, and «Выплачено» once", async () => {
    await savePayoutSettings(app.db, { holdDays: 7, minKopecks: 0 }, (await givenAdmin(app.db)).id, app.clock.now);
    const method = await givenCardMethod(app.db, partner.id);
    await givenWonClient(app.db, partner.id, { commissionKopecks: 100_000, wonAt: app.clock.now - 10 * DAY });
    await givenWonClient(app.db, partner.id, { commissionKopecks: 20_000, wonAt: app.clock.now - DAY });
    await givenWonClient(app.db, partner.id, { commissionKopecks: 300_000, wonAt: app.clock.now - 60 * DAY, isPaid: true, paidAt: app.clock.now - 2 * DAY });
    const claimed = await givenWonClient(app.db, partner.id, { commissionKopecks: 4_000, wonAt: app.clock.now - 40 * DAY });
    await givenWonClient(app.db, (await givenPartner(app.db)).id, { commissionKopecks: 999_900 });
    const r = await createPayoutRequest(
      app.db,
      partner.id,
      { clientIds: [claimed.id], methodId: method.id, comment: null, requestKey: "dashboardkey00000000" },
      app.clock.now,
    );
    expect(r.ok).toBe(true);

    const html = await dashboard();
    const payable = block(html, "money-payable");
    expect(payable).toContain(d.money.payable);
    expect(payable).toContain(`<span class="money-amount">${rub("1 000,00")}</span>`);
    expect(payable).toContain(d.money.requested(rub("40,00")));
    expect(payable).toContain(`href="/payouts#request">${d.money.request}</a>`);
    expect(block(html, "money-on-hold")).toContain(`<span class="money-amount">${rub("200,00")}</span>`);
    expect(block(html, "money-on-hold")).toContain("через 7 дней после");
    expect(block(html, "money-paid")).toContain(`<span class="money-amount">${rub("3 000,00")}</span>`);
    expect(html.split(">Выплачено<").length - 1).toBe(1);
    expect(html).not.toContain("9 999,00");
    // The 30-day card: two deals won in the period, their commission; the 60-day-old win is outside.
    expect(block(html, "activity-won")).toContain('<span class="stat-value">2</span>');
    expect(block(html, "activity-won")).toContain(d.activity.earned(rub("1 200,00")));
  });

  it("shows real zeros and no request button for a new partner", async () => {
    const html = await dashboard();
    const payable = block(html, "money-payable");
    expect(payable).toContain(`<span class="money-amount">${rub("0,00")}</span>`);
    expect(payable).toContain(d.money.nothingYet);
    expect(payable).not.toContain(d.money.request);
  });
});

describe("GET /dashboard: the main link first", () => {
  it("puts the greeting and the most clicked active link at the top of main, ready to copy", async () => {
    const quiet = await givenLink(app.db, partner.id, { title: "Тихая" });
    const busy = await givenLink(app.db, partner.id, { title: "Рабочая" });
    const off = await givenLink(app.db, partner.id, { title: "Выключенная", isActive: false });
    await givenDailyClicks(app.db, quiet.id, [1, 2], app.config.APP_TIMEZONE);
    await givenDailyClicks(app.db, busy.id, [10, 20], app.config.APP_TIMEZONE);
    await givenDailyClicks(app.db, off.id, [500], app.config.APP_TIMEZONE);
    const html = await dashboard();
    const main = html.slice(html.indexOf('<main id="main"'));
    // Nothing but the (empty) flash slot before the share block.
    expect(main.replace(/^<main[^>]*>/, "").replace('<div id="flash"></div>', "")).toMatch(/^<section class="card dash-share"/);
    const share = block(main, "dash-greeting", "section");
    expect(share).toContain(d.greeting(partner.name));
    expect(share).toContain(`${app.config.origin}/r/${busy.code}`);
    expect(share).toContain(`/links/${busy.id}/qr.svg`);
    expect(share).toContain(d.share.intro("Рабочая"));
  });

  it("picks the first default link when nothing was clicked yet", async () => {
    await givenLink(app.db, partner.id, { title: "Своя" });
    const first = await givenLink(app.db, partner.id, { title: "Сайт компании", defaultLinkId: 1 });
    await givenLink(app.db, partner.id, { title: "Каталог", defaultLinkId: 2 });
    expect(block(await dashboard(), "dash-greeting", "section")).toContain(`/r/${first.code}`);
  });

  it("offers «Создать ссылку» when the partner has no active link", async () => {
    await givenLink(app.db, partner.id, { isActive: false });
    const share = block(await dashboard(), "dash-greeting", "section");
    expect(share).toContain(d.share.emptyHeading);
    expect(share).toContain(`<a class="button" href="/links/new">${d.share.create}</a>`);
  });
});

describe("GET /dashboard: 30 days", () => {
  it("groups the counts, draws the chart island and says what it shows", async () => {
    const link = await givenLink(app.db, partner.id);
    await givenDailyClicks(app.db, link.id, [14_000, 9_000, 1_500], app.config.APP_TIMEZONE);
    const html = await dashboard();
    expect(block(html, "activity-clicks")).toContain(`<span class="stat-value">24${NNBSP}500</span>`);
    expect(block(html, "activity-clicks")).toContain(d.activity.visitors(formatCount(19_600)));
    expect(html).toContain('data-chart="dashboard-chart-data"');
    expect(html).toContain('<figcaption class="chart-caption">');
    expect(html).toContain(d.activity.chartCaption(24_500, 19_600));
    expect(html).toContain(`${formatCount(24_500)} переходов`); // top links, grouped and declined
  });

  it("says so in a sentence instead of an empty grid when there were no clicks", async () => {
    const html = await dashboard();
    expect(html).toContain(`<p class="chart-empty" id="dashboard-chart">${d.activity.chartEmpty}</p>`);
    expect(html).not.toContain("data-chart=");
    expect(block(html, "activity-leads")).toContain(d.activity.noVisitors);
  });

  it("defines conversion as leads ÷ unique visitors with one decimal, capped at 100 %, and explains it", async () => {
    const link = await givenLink(app.db, partner.id);
    await givenDailyClicks(app.db, link.id, [50], app.config.APP_TIMEZONE); // 40 unique visitors
    await givenWonClient(app.db, partner.id, { statusGroup: "new", wonAt: null, createdAt: app.clock.now - DAY });
    let html = await dashboard();
    expect(block(html, "activity-leads")).toContain(d.activity.conversion(`2,5${NBSP}%`));
    expect(html).toContain(d.activity.conversionHint);
    expect(conversion(41, 40)).toEqual({ ratio: 1, capped: true });
    expect(conversion(3, 0)).toBeNull();
    for (let i = 0; i < 45; i++) await givenWonClient(app.db, partner.id, { statusGroup: "new", wonAt: null, createdAt: app.clock.now - DAY });
    html = await dashboard();
    expect(block(html, "activity-leads")).toContain(`<span class="stat-value">46</span>`);
    expect(block(html, "activity-leads")).toContain(d.activity.conversionCapped(`100,0${NBSP}%`));
  });
});

describe("GET /dashboard: first steps and the welcome card", () => {
  it("shows the checklist while a step is left and drops it once every step is done", async () => {
    let html = await dashboard();
    expect(html).toContain('id="onboarding"');
    expect(block(html, "onboarding", "section")).toContain('href="/profile#requisites"');

    const done = await givenPartner(app.db, { company: "ООО Ромашка", phone: "+79001234567" });
    const link = await givenLink(app.db, done.id);
    await givenDailyClicks(app.db, link.id, [1], app.config.APP_TIMEZONE);
    await givenCardMethod(app.db, done.id);
    html = await dashboard(done);
    expect(html).not.toContain('id="onboarding"');
    expect(html).not.toContain(d.steps.heading);
  });

  it("greets with «учётная запись одобрена» during the first week after approval only", async () => {
    const fresh = await givenPartner(app.db, { decidedAt: FIXED_NOW - 6 * DAY });
    const week = await givenPartner(app.db, { decidedAt: FIXED_NOW - 7 * DAY });
    const html = await dashboard(fresh);
    expect(html).toContain(d.welcome.heading);
    expect(block(html, "welcome-heading", "section")).toContain(fresh.partnerCode);
    expect(await dashboard(week)).not.toContain(d.welcome.heading);
    expect(showsWelcome(null, FIXED_NOW)).toBe(false);
    expect(showsWelcome(FIXED_NOW + DAY, FIXED_NOW)).toBe(false);
  });
});

describe("GET /dashboard: «Ваши клиенты» (what the partner /crm page had)", () => {
  it("counts every client by status group, links each count to its /clients filter, sums the won deals, partner's own only", async () => {
    const state = (overrides: Partial<typeof clients.$inferInsert>) => givenWonClient(app.db, partner.id, { wonAt: null, commissionKopecks: 0, ...overrides });
    await state({ statusGroup: "new", deliveryState: "pending" });
    await state({ statusGroup: "new", deliveryState: "failed" });
    await state({ statusGroup: "in_progress" });
    await state({ statusGroup: "lost" });
    await givenWonClient(app.db, partner.id, { amountKopecks: 15_000_000, commissionKopecks: 1_500_000 });
    await givenWonClient(app.db, (await givenPartner(app.db)).id, { amountKopecks: 99_900_000, commissionKopecks: 9_990_000 });
    const html = await dashboard();
    const count = (g: string) => block(html, `clients-${g}`, "a");
    expect(count("new")).toContain('href="/clients?status=new"');
    expect(count("new")).toContain('<strong class="client-group-count">2</strong>');
    for (const g of ["in_progress", "won", "lost"]) expect(count(g)).toContain('<strong class="client-group-count">1</strong>');
    const won = block(html, "won-RUB", "dl");
    expect(won).toContain(rub("150 000,00"));
    expect(won).toContain(rub("15 000,00"));
    expect(html).not.toContain("999\u00a0000,00");
    expect(html).toContain(d.clients.undelivered("2"));
  });

  it("shows one sentence for a partner without clients, and /crm is gone", async () => {
    expect(block(await dashboard(), "clients-heading", "section")).toContain(d.clients.none);
    expect((await app.request("/crm", { cookie: await app.cookieFor(partner) })).status).toBe(404);
  });
});
