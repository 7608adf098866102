/**
 * The links journey in Chromium: a partner creates a link (the form shows only the chosen type's
 * fields; a preset fills the analytics tags), a visitor opens /r/:code and lands on the target (a page
 * on loopback) with the right query; the click is counted; a Telegram link preview is not; on a phone
 * the share block comes first, «Копировать» says «Скопировано», «Поделиться» uses the Web Share API;
 * the QR downloads are real images; deactivating asks first.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../i18n/ru.js";
import { givenPartner } from "../testing/fixtures.js";
import { auditWidths, DESKTOP, launchBrowser, logIn, PHONE, PUBLIC_TEST_HOST, type RunningServer, startServer, watchCsp } from "./browser.js";

let server: RunningServer;
let browser: Browser;
let target: Server;
let targetOrigin: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The company site: echoes the URL it was opened with.
  target = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="ru"><title>Компания</title><p id="url">${req.url}</p></html>`);
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  targetOrigin = `http://${PUBLIC_TEST_HOST}:${(target.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((resolve) => target?.close(resolve));
});

const audit = (page: Page, name: string) => auditWidths(page, `links-${name}`);
const f = t.links.fields;

describe("links journey", () => {
  it("creates a link, follows it, counts the click, ignores a preview bot, shares and copies it, and switches it off", { timeout: 150_000 }, async () => {
    const partner = await givenPartner(server.db, { name: "Анна" });
    const context = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU", acceptDownloads: true });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
    const page = await context.newPage();
    const problems = await watchCsp(page);

    await logIn(page, partner.email);
    await page.getByRole("link", { name: t.nav.links }).first().click();
    await expect.poll(() => page.getByText(t.links.empty).isVisible()).toBe(true);
    await audit(page, "empty-list");
    await page.getByRole("link", { name: t.links.createLink }).click();
    await audit(page, "form");

    // Only the chosen type's fields are shown.
    const targetField = page.getByLabel(f.targetUrl);
    const landingField = page.locator("#f-landing_id");
    expect(await targetField.isVisible()).toBe(true);
    expect(await landingField.isVisible()).toBe(false);
    await page.getByLabel(f.types.landing).check();
    await expect.poll(() => landingField.isVisible()).toBe(true);
    expect(await targetField.isVisible()).toBe(false);
    await page.getByLabel(f.types.iframe).check();
    await expect.poll(() => page.getByText(f.iframeNote).isVisible()).toBe(true);
    expect(await landingField.isVisible()).toBe(false);
    await page.getByLabel(f.types.direct).check();
    await expect.poll(() => targetField.isVisible()).toBe(true);

    await page.getByLabel(f.title).fill("Осенняя акция <b>");
    await targetField.fill("javascript:alert(1)");
    await page.getByRole("button", { name: t.save }).click();
    await expect.poll(() => page.getByText(t.links.urlErrors.scheme).first().isVisible()).toBe(true);
    await targetField.fill(`${targetOrigin}/promo?ref=site&utm_source=old#offer`);

    // The analytics tags are folded; a preset fills source and medium (no preset select with JS).
    const source = page.getByLabel(f.utm.utm_source.label);
    expect(await source.isVisible()).toBe(false);
    await page.getByText(f.utmSection).click();
    expect(await page.locator("#f-utm_preset").isVisible()).toBe(false);
    await page.getByRole("button", { name: f.presets.telegram }).click();
    expect(await source.inputValue()).toBe("telegram");
    expect(await page.getByLabel(f.utm.utm_medium.label).inputValue()).toBe("messenger");
    await source.fill("partner");
    await page.getByLabel(f.utm.utm_campaign.label).fill("осень");
    await page.getByRole("button", { name: t.save }).click();
    await expect.poll(() => page.getByText(t.links.created).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Осенняя акция <b>");
    const shortUrl = (await page.locator("#short-url").textContent())?.trim() ?? "";
    expect(shortUrl).toMatch(new RegExp(`^${server.origin}/r/[A-Za-z0-9_-]{10}$`));
    // The full target, with the tags, is on the page.
    expect(await page.locator(".link-dest .url").textContent()).toContain(`${targetOrigin}/promo?ref=site&utm_source=partner&utm_medium=messenger`);

    // «Копировать» puts the URL in the clipboard and says so.
    const copy = page.locator(".share-block .copy-button");
    expect(await copy.textContent()).toBe(t.links.copy);
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe(t.links.copied);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shortUrl);

    // A visitor in another browser follows the link and lands on the company page with the UTMs.
    // (Headless Chromium announces itself as HeadlessChrome, which counts as a bot: look like a phone.)
    const visitor = await browser.newContext({
      userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36",
    });
    const visitorPage = await visitor.newPage();
    await visitorPage.goto(shortUrl);
    expect(visitorPage.url()).toBe(`${targetOrigin}/promo?ref=site&utm_source=partner&utm_medium=messenger&utm_campaign=%D0%BE%D1%81%D0%B5%D0%BD%D1%8C#offer`);
    await visitor.close();

    // Telegram fetches a preview: redirected, but not a click.
    const preview = await fetch(shortUrl, { redirect: "manual", headers: { "user-agent": "TelegramBot (like TwitterBot)" } });
    expect(preview.status).toBe(302);

    // The flush runs every 200 ms; the list then shows one click on the link's row.
    await expect
      .poll(async () => {
        await page.goto("/links");
        return page.locator(".link-cell-clicks").first().textContent();
      })
      .toBe("1");
    await audit(page, "list");
    await page.getByRole("link", { name: "Осенняя акция <b>" }).click();
    await expect.poll(() => page.locator(".link-stats .stat-value").first().textContent()).toBe("1");
    expect(await page.locator(".link-bots").textContent()).toBe(t.links.botsNote("1")); // the bot, counted apart
    await audit(page, "detail");

    // On a phone the share block is the first thing under the title, within the first screen.
    await page.setViewportSize(PHONE);
    const share = await page.locator(".share-block").boundingBox();
    const figures = await page.locator(".link-figures").boundingBox();
    expect(share && figures && share.y < figures.y).toBe(true);
    expect((share?.y ?? 999) + (share?.height ?? 0)).toBeLessThan(PHONE.height);
    // No Web Share API in this browser: the button stays hidden.
    expect(await page.getByRole("button", { name: t.links.share }).count()).toBe(0);
    await page.setViewportSize(DESKTOP);

    // QR codes: the image on the page renders, and both downloads are images with proper names.
    const qr = page.getByRole("img", { name: t.links.qrAlt("Осенняя акция <b>") });
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    for (const label of [t.links.downloadPng, t.links.downloadSvg]) {
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: label }).click()]);
      expect(download.suggestedFilename()).toMatch(/^qr-[A-Za-z0-9_-]{10}\.(png|svg)$/);
      const stream = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      if (label === t.links.downloadPng) expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      else expect(bytes.toString("utf8", 0, 4)).toBe("<svg");
    }

    // Deactivating asks first; «Отмена» keeps the link, confirming switches it off with a flash.
    await page.getByRole("button", { name: t.links.deactivate }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain(t.links.deactivateQuestion("Осенняя акция <b>"));
    await dialog.getByRole("button", { name: t.confirm.cancel }).click();
    expect((await fetch(shortUrl, { redirect: "manual" })).status).toBe(302);
    await page.getByRole("button", { name: t.links.deactivate }).click();
    await dialog.getByRole("button", { name: t.links.deactivate }).click();
    await expect.poll(() => page.getByText(t.links.deactivated).isVisible()).toBe(true);
    const gone = await fetch(shortUrl, { redirect: "manual" });
    expect(gone.status).toBe(404);

    expect(problems.csp, "CSP violations").toEqual([]);
    expect(problems.console, "console errors").toEqual([]);
    await context.close();
  });

  it("«Поделиться» opens the Web Share sheet with the short URL where the browser has one", { timeout: 60_000 }, async () => {
    const partner = await givenPartner(server.db, { name: "Борис" });
    const { createLink } = await import("../features/links/links.js");
    const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
    const link = await createLink(server.db, partner.id, { title: "Визитка", targetUrl: "https://example.ru/", ...noUtm }, Date.now());
    const context = await browser.newContext({ baseURL: server.origin, viewport: PHONE, locale: "ru-RU", hasTouch: true, isMobile: true });
    // A phone browser's share sheet, recorded instead of shown.
    await context.addInitScript(() => {
      const w = window as unknown as { __shared: unknown[] };
      w.__shared = [];
      Object.defineProperty(navigator, "share", { value: async (data: unknown) => void w.__shared.push(data), configurable: true });
    });
    const page = await context.newPage();
    const problems = await watchCsp(page);
    await logIn(page, partner.email);
    await page.waitForURL(/dashboard/);
    await page.goto(`/links/${link.id}`);
    const shareButton = page.locator(".link-share").getByRole("button", { name: t.links.share });
    await expect.poll(() => shareButton.isVisible()).toBe(true);
    await shareButton.click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __shared: unknown[] }).__shared))
      .toEqual([{ title: "Визитка", url: `${server.origin}/r/${link.code}` }]);
    expect(problems.csp).toEqual([]);
    expect(problems.console).toEqual([]);
    await context.close();
  });
});
