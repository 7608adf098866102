/**
 * Requisites in Chromium: a partner adds a card on /profile (after a typo the Luhn check catches), a
 * bank account through «Добавить реквизиты» (its own page), makes it the default, and deletes the card
 * after the confirmation dialog; the kind choice shows only that kind's fields; axe, CSP and 375 px checks.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditWidths, DESKTOP, launchBrowser, logIn, type RunningServer, startServer, watchCsp } from "../../e2e/browser.js";
import { t } from "../../i18n/ru.js";
import { givenPartner } from "../../testing/fixtures.js";
import { listPayoutMethods } from "./requisites.js";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const audit = (page: Page, name: string) => auditWidths(page, `requisites-${name}`);

describe("requisites journey", () => {
  it("adds a card and a bank account, switches the default, deletes after the dialog", { timeout: 120_000 }, async () => {
    const partner = await givenPartner(server.db, { name: "Анна" });
    const context = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU" });
    const page = await context.newPage();
    const problems = await watchCsp(page);
    const f = t.requisites.fields;

    await logIn(page, partner.email);
    await page.waitForURL("**/dashboard");
    await page.goto("/profile");
    await expect.poll(() => page.getByText(t.requisites.empty).isVisible()).toBe(true);
    await audit(page, "empty");

    // The card kind is chosen: bank fields are hidden, the card number is shown.
    expect(await page.getByLabel(f.bik).isVisible()).toBe(false);
    expect(await page.getByLabel(f.cardNumber).isVisible()).toBe(true);
    await page.getByLabel(f.recipient).fill("Иванова Анна Сергеевна");
    await page.getByLabel(f.cardNumber).fill("4111 1111 1111 1112");
    await page.getByRole("button", { name: t.requisites.add }).click();
    await expect.poll(() => page.getByText(t.requisites.errors.card.checksum).isVisible()).toBe(true);
    await audit(page, "card-error");
    await page.getByLabel(f.cardNumber).fill("4111 1111 1111 1111");
    await page.getByRole("button", { name: t.requisites.add }).click();
    await expect.poll(() => page.getByText(t.requisites.created).isVisible()).toBe(true);
    await expect.poll(() => page.getByText(t.requisites.cardLabel("•••• 1111")).isVisible()).toBe(true);

    // «Добавить реквизиты» opens the form at once: no fold to find and open.
    await page.getByRole("link", { name: t.requisites.addHeading }).click();
    await page.waitForURL("**/profile/payout-methods/new");
    await audit(page, "add-page");
    await page.getByRole("radio", { name: new RegExp(t.requisites.kinds.bank_account) }).check();
    expect(await page.getByLabel(f.cardNumber).isVisible()).toBe(false);
    await page.getByLabel(f.recipient).fill("ИП Иванова Анна Сергеевна");
    await page.getByLabel(f.inn, { exact: true }).fill("500100732259");
    await page.getByLabel(f.bik).fill("044525225");
    await page.getByLabel(f.account).fill("40702810303800012345");
    await page.getByLabel(f.bankName).fill("ПАО Сбербанк");
    await page.getByRole("button", { name: t.requisites.add }).click();
    await expect.poll(() => page.getByText(t.requisites.accountLabel("•••• 2345")).isVisible()).toBe(true);

    await page.getByRole("button", { name: t.requisites.makeDefault }).click();
    await expect.poll(() => page.getByText(t.requisites.defaultSet).isVisible()).toBe(true);
    await audit(page, "two-methods");
    const methods = await listPayoutMethods(server.db, partner.id);
    expect(methods.map((m) => [m.kind, m.isDefault])).toEqual([
      ["bank_account", true],
      ["card", false],
    ]);

    // Deleting asks first; the dialog names the method.
    await page.getByRole("button", { name: t.requisites.deleteLabel(t.requisites.cardLabel("•••• 1111")) }).click();
    const dialog = page.locator("dialog.confirm-dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(t.requisites.deleteQuestion(t.requisites.cardLabel("•••• 1111")));
    await dialog.getByRole("button", { name: t.requisites.delete }).click();
    await expect.poll(() => page.getByText(t.requisites.deleted).isVisible()).toBe(true);
    expect((await listPayoutMethods(server.db, partner.id)).map((m) => m.kind)).toEqual(["bank_account"]);

    await page.getByRole("link", { name: t.requisites.edit }).first().click();
    await audit(page, "edit");

    expect(problems).toEqual({ csp: [], console: [], failedRequests: [] });
    await context.close();
  });
});
