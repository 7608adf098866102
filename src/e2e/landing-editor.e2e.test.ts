/**
 * The partner's landing editor in Chromium, at 375 and 1280 px: from the empty list to a new landing
 * (swatch click recolours the live preview), its address shown at once, the preview beside the form
 * on a desktop and below it on a phone, a chosen file's thumbnail before upload (also by drag and
 * drop), the upload, and deleting an image through the confirmation dialog.
 */
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { links } from "../db/schema.js";
import { t } from "../i18n/ru.js";
import { givenPartner } from "../testing/fixtures.js";
import { auditWidths, DESKTOP, launchBrowser, logIn, PHONE, type RunningServer, startServer, watchCsp } from "./browser.js";

let server: RunningServer;
let browser: Browser;
let png: Buffer;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  png = await sharp({ create: { width: 640, height: 400, channels: 3, background: "#10b981" } })
    .png()
    .toBuffer();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const box = async (page: Page, selector: string) => {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
};

/** The preview's colour as drawn: the band's fill and the (disabled) form button's background. */
const previewColour = (page: Page) =>
  page.evaluate(() => {
    const preview = document.getElementById("landing-preview");
    const button = preview?.querySelector(".lp-button");
    return { band: preview?.querySelector(".lp-band-bg rect")?.getAttribute("fill"), button: button ? getComputedStyle(button).backgroundColor : null };
  });

describe("landing editor", () => {
  it("creates a landing with its address, previews beside the form, and manages images", { timeout: 180_000 }, async () => {
    const partner = await givenPartner(server.db, { name: "Анна" });
    const context = await browser.newContext({ baseURL: server.origin, viewport: PHONE, locale: "ru-RU" });
    const page = await context.newPage();
    const problems = await watchCsp(page);
    await logIn(page, partner.email);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));

    // The empty list says what a landing is and offers the one action.
    await page.goto("/landings");
    expect(await page.getByText(t.landings.empty).isVisible()).toBe(true);
    await auditWidths(page, "landings-empty");
    await page.setViewportSize(PHONE);
    await page.locator("main").getByRole("link", { name: t.landings.newLanding }).click();
    await page.waitForURL("**/landings/new");
    await page.waitForFunction(() => "htmx" in window);

    // Create: every field marked required; a swatch click recolours the live preview.
    const f = t.landings.fields;
    await page.getByLabel(f.headerText).fill("Ремонт квартир под ключ");
    await page.getByLabel(f.description).fill("Гарантия 3 года.\nВыезд бесплатно.");
    await page.getByLabel(f.title, { exact: true }).fill("Осень");
    await page.locator("label.swatch", { has: page.locator('input[value="#dc2626"]') }).click();
    await expect.poll(() => previewColour(page)).toEqual({ band: "#dc2626", button: "rgb(220, 38, 38)" });
    await expect.poll(() => page.locator("#landing-preview").getByText("Ремонт квартир под ключ").isVisible()).toBe(true);
    const marked = await page.evaluate(() => getComputedStyle(document.querySelector('label[for="f-header_text"]') as Element, "::after").content);
    expect(marked).toContain("*");
    await auditWidths(page, "landing-create");
    await page.setViewportSize(PHONE);
    await page.getByRole("button", { name: t.save }).click();
    await page.waitForURL(/\/landings\/\d+\/edit$/);

    // The address is there at once, and «Открыть как посетитель» opens it.
    const [link] = await server.db.select().from(links);
    const address = `${server.origin}/l/${link?.code}`;
    expect(await page.locator("#landing-address").textContent()).toContain(address);
    expect(await page.getByRole("link", { name: t.landings.openAsVisitor }).getAttribute("href")).toBe(address);
    expect(await page.getByText(t.landings.created).isVisible()).toBe(true);
    await expect.poll(() => previewColour(page)).toEqual({ band: "#dc2626", button: "rgb(220, 38, 38)" });

    // «Own colour»: typing a hex selects it and previews it.
    await page.getByLabel(f.customColorField).fill("#0f766e");
    expect(await page.locator("[data-custom-radio]").isChecked()).toBe(true);
    await expect.poll(async () => (await previewColour(page)).band).toBe("#0f766e");

    // Phone: the preview comes after the form; desktop: beside it, as tall as most of the window.
    const formOnPhone = await box(page, ".editor-form");
    const previewOnPhone = await box(page, ".preview-card");
    expect(previewOnPhone.y).toBeGreaterThanOrEqual(formOnPhone.y + formOnPhone.height);
    await page.setViewportSize(DESKTOP);
    await page.locator(".editor-form").scrollIntoViewIfNeeded();
    const form = await box(page, ".editor-form");
    const preview = await box(page, ".preview-card");
    expect(preview.x).toBeGreaterThanOrEqual(form.x + form.width);
    expect(preview.height).toBeGreaterThanOrEqual(0.8 * DESKTOP.height);
    // Sticky: scrolled to the images, the preview is still in view.
    await page.locator("#images").scrollIntoViewIfNeeded();
    const stuck = await box(page, ".preview-card");
    expect(stuck.y).toBeGreaterThanOrEqual(0);
    expect(stuck.y).toBeLessThan(DESKTOP.height / 4);
    await auditWidths(page, "landing-editor");
    await page.setViewportSize(PHONE);

    // A dragged file lights the drop zone up; a chosen file shows its thumbnail before upload.
    const zone = page.locator("[data-dropzone]");
    const dragged = await page.evaluateHandle((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], "dragged.png", { type: "image/png" }));
      return transfer;
    }, Array.from(png));
    await zone.dispatchEvent("dragenter", { dataTransfer: dragged });
    expect(await zone.getAttribute("class")).toContain("is-dragover");
    await zone.dispatchEvent("drop", { dataTransfer: dragged });
    expect(await zone.getAttribute("class")).not.toContain("is-dragover");
    await expect.poll(() => page.locator(".upload-thumbs img").first().getAttribute("src")).toMatch(/^data:image\//);
    expect(await page.locator(".upload-thumbs").textContent()).toContain("dragged.png");
    await page.locator("#f-images").setInputFiles([
      { name: "kitchen.png", mimeType: "image/png", buffer: png },
      { name: "hall.png", mimeType: "image/png", buffer: png },
    ]);
    await expect.poll(() => page.locator(".upload-thumbs img").count()).toBe(2);
    await expect.poll(() => page.locator(".upload-thumbs img").nth(1).getAttribute("src")).toMatch(/^data:image\//);
    expect(await page.getByText(t.landings.js.chosen.replace("{n}", "2").split(".")[0] ?? "").isVisible()).toBe(true);
    await page.getByRole("button", { name: t.landings.upload }).click();
    await expect.poll(() => page.getByText(t.landings.uploaded(2)).isVisible()).toBe(true);
    expect(await page.locator(".image-grid .image-tile").count()).toBe(2);
    expect(await page.locator("#landing-preview .lp-slide img").count()).toBe(2);
    await auditWidths(page, "landing-editor-images");
    await page.setViewportSize(PHONE);

    // Deleting asks first: cancel keeps the image, confirm deletes it with a flash.
    await page.getByRole("button", { name: t.landings.deleteImageLabel(2) }).click();
    const dialog = page.locator("dialog.confirm-dialog");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain(t.landings.deleteImageQuestion(2));
    await dialog.getByRole("button", { name: t.confirm.cancel }).click();
    expect(await page.locator(".image-grid .image-tile").count()).toBe(2);
    await page.getByRole("button", { name: t.landings.deleteImageLabel(2) }).click();
    await dialog.getByRole("button", { name: t.landings.deleteImage, exact: true }).click();
    await expect.poll(() => page.getByText(t.landings.imageDeleted).isVisible()).toBe(true);
    expect(await page.locator(".image-grid .image-tile").count()).toBe(1);

    // The list: a card with the cover, the public heading, the address and the figures.
    await page.goto("/landings");
    const card = page.locator(".landing-card").first();
    expect(await card.getByRole("heading", { level: 2 }).textContent()).toBe("Ремонт квартир под ключ");
    expect(await card.textContent()).toContain(address.replace(/^https?:\/\//, ""));
    expect(await card.locator("img.landing-thumb").count()).toBe(1);
    expect(await card.getByRole("link", { name: t.landings.openAsVisitor }).getAttribute("href")).toBe(address);
    await auditWidths(page, "landings-list");

    expect(problems.csp, "CSP violations").toEqual([]);
    expect(problems.console, "console errors").toEqual([]);
    expect(problems.failedRequests, "failed requests").toEqual([]);
    await context.close();
  });
});
