/**
 * The company's brand in Chromium: the admin uploads a logo and sets the name and a light brand
 * colour (the preview repaints as it is typed), then a dark one; the partner's cabinet shows the
 * logo in the header and primary buttons in the brand colour with readable text (axe colour
 * contrast at 375 and 1280 px), and the sign-in page shows the logo too.
 */
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../i18n/ru.js";
import { contrastRatio } from "../lib/color.js";
import { givenAdmin, givenPartner } from "../testing/fixtures.js";
import { auditWidths, DESKTOP, launchBrowser, logIn, type RunningServer, startServer, watchCsp } from "./browser.js";

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

const logoSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="64"><rect y="8" width="48" height="48" rx="12" fill="#0b3d2e"/><text x="60" y="44" font-size="30" font-family="DejaVu Sans" fill="#0b3d2e">Romashka</text></svg>';

/** "rgb(255, 208, 0)" → "#ffd000". */
const hex = (rgb: string) =>
  `#${(rgb.match(/\d+/g) ?? [])
    .slice(0, 3)
    .map((v) => Number(v).toString(16).padStart(2, "0"))
    .join("")}`;

/** The fill and text colour of the first visible primary button on the page. */
function primaryButton(page: Page) {
  return page.evaluate(() => {
    const buttons = [...document.querySelectorAll<HTMLElement>(".button")].filter(
      (b) => !/button-(secondary|danger|link)/.test(b.className) && !b.closest(".colour-preview") && b.offsetParent !== null,
    );
    const first = buttons[0];
    if (!first) return null;
    const style = getComputedStyle(first);
    return { text: first.textContent?.trim() ?? "", background: style.backgroundColor, color: style.color };
  });
}

async function saveColour(page: Page, colour: string) {
  await page.goto("/admin/settings");
  await page.getByLabel(t.brand.colour.label, { exact: true }).fill(colour);
  await page.getByRole("button", { name: t.brand.submit }).click();
  await expect.poll(() => page.getByText(t.brand.saved).isVisible()).toBe(true);
}

describe("the company's brand", () => {
  it("the admin sets logo, name and colour; the partner's cabinet and the sign-in page carry them", { timeout: 180_000 }, async () => {
    const admin = await givenAdmin(server.db);
    const partner = await givenPartner(server.db, { name: "Анна Брендова" });

    const adminContext = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU" });
    const adminPage = await adminContext.newPage();
    adminPage.setDefaultTimeout(15_000);
    const adminProblems = await watchCsp(adminPage);
    await logIn(adminPage, admin.email);
    await adminPage.waitForURL("**/admin");
    await adminPage.goto("/admin/settings");

    const logo = await sharp(Buffer.from(logoSvg)).png().toBuffer();
    await adminPage.getByLabel(t.brand.logo.label).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: logo });
    await adminPage.getByRole("button", { name: t.brand.logo.upload }).click();
    await expect.poll(() => adminPage.getByText(t.brand.logo.uploaded).isVisible()).toBe(true);
    expect(await adminPage.getByRole("img", { name: t.brand.logo.current }).isVisible()).toBe(true);

    await adminPage.getByLabel(t.brand.companyName.label).fill("ООО «Ромашка»");
    // The preview repaints while typing, before anything is saved.
    await adminPage.getByLabel(t.brand.colour.label, { exact: true }).fill("#ffd000");
    const previewButton = adminPage.locator(".colour-preview-button");
    await expect.poll(async () => hex(await previewButton.evaluate((b) => getComputedStyle(b).backgroundColor))).toBe("#ffd000");
    expect(await adminPage.getByLabel(t.brand.colour.pickerLabel).inputValue()).toBe("#ffd000");
    await adminPage.getByRole("button", { name: t.brand.submit }).click();
    await expect.poll(() => adminPage.getByText(t.brand.saved).isVisible()).toBe(true);
    await auditWidths(adminPage, "brand-settings-light");
    expect(adminProblems.csp).toEqual([]);

    // The partner's cabinet: the logo in the header, the primary button yellow with dark text.
    const partnerContext = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU" });
    const partnerPage = await partnerContext.newPage();
    partnerPage.setDefaultTimeout(15_000);
    const partnerProblems = await watchCsp(partnerPage);
    await logIn(partnerPage, partner.email);
    await partnerPage.waitForURL("**/dashboard");
    const headerLogo = partnerPage.locator('img[src^="/brand/logo?v="]').first();
    await expect.poll(() => headerLogo.isVisible()).toBe(true);
    expect(await headerLogo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await auditWidths(partnerPage, "brand-dashboard-light");
    const light = await primaryButton(partnerPage);
    expect(light, "a primary button on the dashboard").not.toBeNull();
    expect(hex(light?.background ?? "")).toBe("#ffd000");
    expect(contrastRatio(hex(light?.color ?? ""), "#ffd000")).toBeGreaterThanOrEqual(4.5);

    // A dark brand colour: white text on the buttons.
    await saveColour(adminPage, "#0b3d2e");
    await partnerPage.reload();
    const dark = await primaryButton(partnerPage);
    expect(hex(dark?.background ?? "")).toBe("#0b3d2e");
    expect(hex(dark?.color ?? "")).toBe("#ffffff");
    await auditWidths(partnerPage, "brand-dashboard-dark");
    expect(partnerProblems.csp).toEqual([]);
    expect(partnerProblems.failedRequests).toEqual([]);

    // The sign-in page, signed out: the logo and the brand colour.
    const visitor = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU" });
    const loginPage = await visitor.newPage();
    await loginPage.goto("/login");
    const loginLogo = loginPage.locator('img[src^="/brand/logo?v="]').first();
    await expect.poll(() => loginLogo.isVisible()).toBe(true);
    expect(await loginLogo.getAttribute("alt")).toBe("ООО «Ромашка»");
    await auditWidths(loginPage, "brand-login");

    await Promise.all([adminContext.close(), partnerContext.close(), visitor.close()]);
  });

  it("without JavaScript the picker alone changes the colour and the saved colour shows in the preview", { timeout: 90_000 }, async () => {
    const admin = await givenAdmin(server.db, { email: "brand-nojs@example.ru" });
    const context = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU", javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto("/login");
    await page.getByLabel(t.auth.fields.email).fill(admin.email);
    await page.getByLabel(t.auth.fields.password, { exact: true }).fill("correct-horse-9");
    await page.getByRole("button", { name: t.auth.loginSubmit }).click();
    await page.waitForURL("**/admin");
    await page.goto("/admin/settings");
    await page.getByLabel(t.brand.colour.pickerLabel).fill("#7b1fa2");
    await page.getByRole("button", { name: t.brand.submit }).click();
    await page.waitForURL("**/admin/settings");
    expect(await page.getByLabel(t.brand.colour.label, { exact: true }).inputValue()).toBe("#7b1fa2");
    expect(hex(await page.locator(".colour-preview-button").evaluate((b) => getComputedStyle(b).backgroundColor))).toBe("#7b1fa2");
    expect(await page.getByText(t.brand.colour.previewNote).isVisible()).toBe(true);
    await context.close();
  });
});
