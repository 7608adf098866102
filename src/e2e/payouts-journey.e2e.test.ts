/**
 * The payout journey in Chromium: a partner with two won deals saves requisites on /profile (a numeric
 * keypad, the card number grouped while typed), ticks both clients with «Выбрать все» (the total follows
 * by htmx), requests a payout, the admin sees the badge, approves and marks it paid, and the partner sees
 * «Выплачено» and the notification; the audit log shows each step. Every page is checked with axe, for
 * CSP violations and for sideways scrolling at 375 px, and photographed at 375 and 1280 px.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settings } from "../db/schema.js";
import { t } from "../i18n/ru.js";
import { givenAdmin, givenPartner } from "../testing/fixtures.js";
import { givenWonClient } from "../testing/payout-fixtures.js";
import { auditWidths, DESKTOP, launchBrowser, logIn, type PageProblems, type RunningServer, startServer, watchCsp } from "./browser.js";

const DAY = 86_400_000;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const watched: { name: string; problems: PageProblems }[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

async function openPage(name: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU" });
  contexts.push(context);
  const page = await context.newPage();
  watched.push({ name, problems: await watchCsp(page) });
  return page;
}

const audit = (page: Page, name: string) => auditWidths(page, `payouts-${name}`);

describe("payout journey (Chromium)", { shuffle: false }, () => {
  it("request two won deals → badge → approve → mark paid → the partner sees «Выплачено»", { timeout: 240_000 }, async () => {
    const now = Date.now();
    // A configured portal, so the detail links the deals (the secret part of the webhook must never show).
    await server.db
      .insert(settings)
      .values({ key: "crm", value: JSON.stringify({ webhookUrl: "https://acme.bitrix24.ru/rest/1/t0ps3cr3t/" }), updatedAt: now });
    const partner = await givenPartner(server.db, { name: "Анна Петрова", company: "ООО «Ромашка»", phone: "+79123456789" });
    await givenWonClient(server.db, partner.id, {
      name: "Сергей Кузнецов",
      amountKopecks: 15_000_000,
      commissionKopecks: 1_500_000,
      wonAt: now - 3 * DAY,
      b24DealId: 501,
    });
    await givenWonClient(server.db, partner.id, {
      name: "ООО «Очень длинное название компании-клиента для проверки переноса строк»",
      amountKopecks: 123_456_789,
      commissionKopecks: 12_345_679,
      wonAt: now - 2 * DAY,
      b24DealId: 502,
    });

    const page = await openPage("partner");
    await logIn(page, partner.email);
    await page.waitForURL("**/dashboard");
    await audit(page, "dashboard");

    // Without requisites the payout form leads straight to the requisites form.
    await page.goto("/payouts");
    await page.getByRole("link", { name: t.payouts.form.addMethod }).click();
    await page.waitForURL("**/profile/payout-methods/new");
    // A numeric keypad on phones; the digits are grouped in fours while typed.
    const card = page.getByLabel(t.requisites.fields.cardNumber);
    expect(await card.getAttribute("inputmode")).toBe("numeric");
    expect(await card.getAttribute("autocomplete")).toBe("cc-number");
    await page.getByLabel(t.requisites.fields.recipient).fill("Anna Petrova");
    await card.pressSequentially("411111111111");
    expect(await card.inputValue()).toBe("4111 1111 1111");
    await card.fill("4111111111111111");
    expect(await card.inputValue()).toBe("4111 1111 1111 1111");
    await audit(page, "partner-requisites-form");
    await page.getByRole("button", { name: t.requisites.add }).click();
    await expect.poll(() => page.getByText(t.requisites.created).isVisible()).toBe(true);
    await page.getByRole("navigation").getByRole("link", { name: t.payouts.nav }).first().click();
    await page.waitForURL("**/payouts");
    await audit(page, "partner-empty-selection");

    const clients = page.locator('input[name="client_id"]');
    expect(await clients.count()).toBe(2);
    // With JavaScript «Выбрать все» is a checkbox (the no-JS link is hidden) that ticks every client.
    const all = page.getByRole("checkbox", { name: t.payouts.form.selectAll });
    expect(await page.locator("[data-select-all-link]").isVisible()).toBe(false);
    await all.check();
    expect(await clients.evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).checked))).toEqual([true, true]);
    // The running total comes from the server through htmx.
    await page.locator("#payout-total").getByText("138\u00a0456,79\u00a0₽").waitFor();
    // Unticking one leaves «Выбрать все» half-set, and the total follows.
    await clients.nth(0).uncheck();
    expect(await all.evaluate((box) => (box as HTMLInputElement).indeterminate)).toBe(true);
    await page.locator("#payout-total").getByText("123\u00a0456,79\u00a0₽").waitFor();
    await clients.nth(0).check();
    expect(await all.isChecked()).toBe(true);
    await page.locator("#payout-total").getByText("138\u00a0456,79\u00a0₽").waitFor();
    await page.getByLabel(t.payouts.form.comment).fill("Прошу перевести до конца месяца");
    await audit(page, "partner-form");
    await page.getByRole("button", { name: t.payouts.form.submit }).click();
    await page.waitForURL(/\/payouts\/\d+$/);
    await page.locator("#flash").getByText("отправлен").waitFor();
    const requestPath = new URL(page.url()).pathname;
    await audit(page, "partner-request");

    const admin = await givenAdmin(server.db);
    const adminPage = await openPage("admin");
    await logIn(adminPage, admin.email);
    await adminPage.waitForURL("**/admin");
    expect(await adminPage.locator("#payouts-badge").textContent()).toContain("1");
    await adminPage.getByRole("navigation").getByRole("link", { name: t.payoutsAdmin.nav }).click();
    await adminPage.waitForURL("**/admin/payouts");
    await audit(adminPage, "admin-list");
    await adminPage.getByRole("link", { name: /Запрос №\d+/ }).click();
    await adminPage.waitForURL(/\/admin\/payouts\/\d+$/);
    // The admin who pays sees the card in full, grouped as on the card.
    expect(await adminPage.getByText("4111 1111 1111 1111").count()).toBe(1);
    expect(await adminPage.getByRole("link", { name: /502/ }).getAttribute("href")).toBe("https://acme.bitrix24.ru/crm/deal/details/502/");
    expect(await adminPage.content()).not.toContain("t0ps3cr3t");
    await audit(adminPage, "admin-detail-pending");
    await adminPage.getByRole("button", { name: t.payoutsAdmin.actions.approve }).click();
    await adminPage.locator("#flash").getByText("одобрен").waitFor();
    expect(await adminPage.locator("#payouts-badge.badge-empty").count()).toBe(1);
    await audit(adminPage, "admin-detail-approved");
    await adminPage.locator("#paid-comment").fill("Платёжное поручение № 42");
    await adminPage.getByRole("button", { name: t.payoutsAdmin.actions.markPaid }).click();
    // Marking paid asks first: the dialog repeats what happens, its button does it.
    const dialog = adminPage.locator("dialog.confirm-dialog");
    await dialog.waitFor();
    await dialog.getByRole("button", { name: t.payoutsAdmin.actions.markPaid }).click();
    await adminPage.locator("#flash").getByText("выплаченным").waitFor();
    await audit(adminPage, "admin-detail-paid");

    await page.goto(requestPath);
    expect(await page.locator(".page-head .pill").textContent()).toBe("Выплачено");
    await page.goto("/payouts");
    expect(await page.getByRole("table").textContent()).toContain("Платёжное поручение № 42");
    expect(await page.locator(".bell-panel").textContent()).toContain(t.payouts.notices.paid({ requestId: 0, totalKopecks: 0, adminComment: null }).title);
    await audit(page, "partner-paid");

    // The audit log shows each step: the requisites, the approval and the payment, with who did them.
    await adminPage.goto("/admin/audit");
    const log = (await adminPage.locator("main").textContent()) ?? "";
    for (const action of ["requisites.create", "payout.approve", "payout.paid"]) expect(log).toContain(t.audit.actions[action]);
    expect(log).toContain(admin.name);
    await audit(adminPage, "admin-audit");

    for (const { name, problems } of watched) {
      expect.soft(problems.csp, `${name}: CSP`).toEqual([]);
      expect.soft(problems.console, `${name}: console`).toEqual([]);
      expect.soft(problems.failedRequests, `${name}: failed requests`).toEqual([]);
    }
  });
});
