/**
 * The admin's money tools in a browser without JavaScript: a partner's own rate and Bitrix24 route
 * (funnels from the emulator), two clients ticked and marked paid in one submit, a commission edited
 * with a reason, and the audit log filtered by that partner. Screenshots at 375 and 1280 px.
 */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config.js";
import { saveCrmSettings } from "../features/crm/settings/crm-settings.js";
import { t } from "../i18n/ru.js";
import { type Bitrix24Emulator, startBitrix24Emulator } from "../integrations/bitrix24/emulator/index.js";
import { givenAdmin, givenPartner, TEST_PASSWORD } from "../testing/fixtures.js";
import { givenMoneyClient, givenPayoutRequest } from "../testing/money.js";
import {
  checkA11y,
  DESKTOP,
  describeViolations,
  launchBrowser,
  noSideScroll,
  type PageProblems,
  PHONE,
  type RunningServer,
  shot,
  startServer,
  watchCsp,
} from "./browser.js";

let server: RunningServer;
let browser: Browser;
let emu: Bitrix24Emulator;
let context: BrowserContext;
let problems: PageProblems;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  emu = await startBitrix24Emulator({ rateLimit: false, seed: { funnels: [{ id: 1, name: "Партнёрская воронка" }] } });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await emu?.close();
  await server?.close();
});

async function submit(page: Page, button: Locator) {
  const response = page.waitForResponse((r) => r.request().method() === "POST" && r.request().resourceType() === "document");
  await button.click();
  const res = await response;
  await page.waitForLoadState("load");
  return { status: res.status(), location: res.headers().location ?? null };
}

/** No sideways scroll at 375 px and screenshots at 375 and 1280 px; axe runs in a twin page with scripts on (it needs them). */
async function photograph(page: Page, name: string) {
  await page.setViewportSize(PHONE);
  expect.soft(await noSideScroll(page), `${name}: sideways scroll at 375 px`).toBe(true);
  await shot(page, `money-${name}-375`);
  await page.setViewportSize(DESKTOP);
  await shot(page, `money-${name}-1280`);
  const twin = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU", storageState: await context.storageState() });
  try {
    const scripted = await twin.newPage();
    await scripted.goto(page.url());
    const violations = await checkA11y(scripted);
    expect.soft(violations, `${name}: ${describeViolations(violations)}`).toEqual([]);
  } finally {
    await twin.close();
  }
}

const flash = (page: Page) => page.locator("#flash").textContent();

describe("admin money tools without JavaScript", { shuffle: false }, () => {
  it("rate, route, bulk paid, commission edit, audit log", { timeout: 180_000 }, async () => {
    const admin = await givenAdmin(server.db, { name: "Ольга Админова" });
    const crm = { webhookUrl: emu.webhookUrl, applicationToken: null, entityType: "lead" as const, categoryId: 0, stageId: null, leadStatusId: null };
    const config = parseConfig({ PUBLIC_ORIGIN: server.origin, LOG_LEVEL: "silent", DATABASE_URL: "file::memory:", NODE_ENV: "test" });
    await saveCrmSettings(server.db, config, { ...crm, assignedById: null, trackingField: null, trackingTemplate: "partner-{code}" }, admin.id, Date.now());
    const partner = await givenPartner(server.db, { name: "Пётр Иванов", company: "ИП Иванов", phone: "+79001112233" });
    const first = await givenMoneyClient(server.db, partner.id, { name: "Мария Соколова", email: "maria@example.ru" });
    const second = await givenMoneyClient(server.db, partner.id, { name: "Ольга Кузнецова", amountKopecks: 32_000_050, commissionKopecks: 3_200_005 });
    const claimed = await givenMoneyClient(server.db, partner.id, { name: "Игорь Заявкин" });
    await givenPayoutRequest(server.db, partner.id, [claimed], "pending");
    await givenMoneyClient(server.db, partner.id, { name: "Анна Оплаченная", isPaid: true, paidAt: Date.now() - 86_400_000, commissionFlagged: true });
    await givenMoneyClient(server.db, partner.id, { name: "Новый Лид", statusGroup: "new", statusName: null, amountKopecks: null, commissionKopecks: 0 });

    context = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU", javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = await watchCsp(page);
    await page.goto("/login");
    await page.getByLabel(t.auth.fields.email).fill(admin.email);
    await page.getByLabel(t.auth.fields.password, { exact: true }).fill(TEST_PASSWORD);
    await submit(page, page.getByRole("button", { name: t.auth.loginSubmit }));

    const partnerPath = `/admin/partners/${partner.id}`;
    await page.goto(partnerPath);
    await page.getByLabel(t.moneyTools.rate.field).fill("12,5");
    expect(await submit(page, page.getByRole("button", { name: t.moneyTools.rate.save }))).toEqual({ status: 303, location: partnerPath });
    expect(await flash(page)).toContain(t.moneyTools.rate.saved(1_250));

    await page.getByLabel(t.moneyTools.routing.entityTypes.deal).check();
    await page.getByLabel(t.moneyTools.routing.category).selectOption({ label: "Партнёрская воронка" });
    await page.getByLabel(t.moneyTools.routing.stage).selectOption("C1:NEW");
    expect((await submit(page, page.getByRole("button", { name: t.moneyTools.routing.save }))).status).toBe(303);
    expect(await flash(page)).toContain(t.moneyTools.routing.saved);

    await page.getByLabel(t.moneyTools.clients.select(first.name)).check();
    await page.getByLabel(t.moneyTools.clients.select(second.name)).check();
    // Without JavaScript the bulk mark answers a confirmation page that repeats how many; its button does it.
    expect((await submit(page, page.getByRole("button", { name: t.moneyTools.clients.bulkPaid }))).status).toBe(200);
    expect(await page.getByText(t.moneyTools.clients.bulkPaidQuestion(2)).count()).toBe(1);
    expect((await submit(page, page.getByRole("button", { name: t.moneyTools.clients.bulkPaid }))).status).toBe(303);
    expect(await flash(page)).toContain(t.moneyTools.clients.markedPaid(2));
    await photograph(page, "partner-page");

    await page.getByLabel(t.moneyTools.clients.select(claimed.name)).check();
    expect((await submit(page, page.getByRole("button", { name: t.moneyTools.clients.bulkPaid }))).status).toBe(200);
    expect((await submit(page, page.getByRole("button", { name: t.moneyTools.clients.bulkPaid }))).status).toBe(409);
    expect(await page.getByText(t.moneyTools.clients.claimedRefused([{ id: claimed.id, name: claimed.name }])).count()).toBe(1);

    await page.getByRole("link", { name: second.name }).click();
    await page.getByLabel(t.moneyTools.client.commissionField).fill("30 000");
    await page.locator("#edit-commission").getByLabel(t.moneyTools.client.reasonField).fill("Скидка клиенту после оплаты");
    expect((await submit(page, page.getByRole("button", { name: t.moneyTools.client.saveCommission }))).status).toBe(303);
    expect(await flash(page)).toContain(t.moneyTools.client.commissionSaved);
    await photograph(page, "client-page");

    await page.goto(`/admin/audit?partner=${partner.id}`);
    expect(await page.locator("tbody tr").count()).toBe(5);
    await photograph(page, "audit");
    await page.goto("/admin/audit");
    await photograph(page, "audit-all");
  });

  it("no page broke the CSP or logged a console error", () => {
    expect(problems, "runs after the journey (shuffle: false)").toBeDefined();
    expect.soft(problems.csp).toEqual([]);
    expect.soft(problems.console).toEqual([]);
    expect.soft(problems.failedRequests).toEqual([]);
  });
});
