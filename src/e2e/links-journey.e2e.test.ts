/**
 * The links journey in Chromium: a partner creates a link with UTMs, a visitor opens /r/:code and
 * lands on the target (a page on loopback) with the right query; the click appears on the dashboard
 * chart; a Telegram link preview does not count; the QR downloads are real images.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../i18n/ru.js";
import { givenPartner } from "../testing/fixtures.js";
import { auditWidths, DESKTOP, launchBrowser, logIn, PUBLIC_TEST_HOST, type RunningServer, startServer, watchCsp } from "./browser.js";

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

describe("links journey", () => {
  it("creates a link, follows it, counts the click, ignores a preview bot and downloads the QR code", { timeout: 120_000 }, async () => {
    const partner = await givenPartner(server.db, { name: "Анна" });
    const context = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU", acceptDownloads: true });
    const page = await context.newPage();
    const problems = await watchCsp(page);

    await logIn(page, partner.email);
    await page.getByRole("link", { name: t.nav.links }).click();
    await audit(page, "empty-list");
    await page.getByRole("link", { name: t.links.newLink }).click();
    await audit(page, "form");
    await page.getByLabel(t.links.fields.title).fill("Осенняя акция <b>");
    await page.getByLabel(t.links.fields.targetUrl).fill("javascript:alert(1)");
    await page.getByRole("button", { name: t.save }).click();
    await expect.poll(() => page.getByText(t.links.urlErrors.scheme).isVisible()).toBe(true);
    await page.getByLabel(t.links.fields.targetUrl).fill(`${targetOrigin}/promo?ref=site&utm_source=old#offer`);
    await page.getByLabel("utm_source").fill("partner");
    await page.getByLabel("utm_campaign").fill("осень");
    await page.getByRole("button", { name: t.save }).click();
    await expect.poll(() => page.getByText(t.links.created).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Осенняя акция <b>");
    const shortUrl = await page.locator("#short-url").inputValue();
    expect(shortUrl).toMatch(new RegExp(`^${server.origin}/r/[A-Za-z0-9_-]{10}$`));

    // A visitor in another browser follows the link and lands on the company page with the UTMs.
    // (Headless Chromium announces itself as HeadlessChrome, which counts as a bot: look like a phone.)
    const visitor = await browser.newContext({
      userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36",
    });
    const visitorPage = await visitor.newPage();
    await visitorPage.goto(shortUrl);
    expect(visitorPage.url()).toBe(`${targetOrigin}/promo?ref=site&utm_source=partner&utm_campaign=%D0%BE%D1%81%D0%B5%D0%BD%D1%8C#offer`);
    await visitor.close();

    // Telegram fetches a preview: redirected, but not a click.
    const preview = await fetch(shortUrl, { redirect: "manual", headers: { "user-agent": "TelegramBot (like TwitterBot)" } });
    expect(preview.status).toBe(302);

    // The flush runs every 200 ms; the dashboard then shows one click, one visitor, and the chart.
    await expect
      .poll(async () => {
        await page.goto("/dashboard");
        return page.locator(".stat").first().locator(".stat-value").textContent();
      })
      .toBe("1");
    await expect.poll(() => page.locator("#dashboard-chart canvas").count()).toBeGreaterThan(0);
    const series = JSON.parse((await page.locator("#dashboard-chart-data").textContent()) ?? "{}");
    expect(series.series[0].values.at(-1)).toBe(1);
    await audit(page, "dashboard");

    await page.goto("/links");
    await audit(page, "list");
    await page.getByRole("link", { name: "Осенняя акция <b>" }).click();
    await expect.poll(() => page.locator(".stat-value").nth(3).textContent()).toBe("1"); // the bot, counted apart
    await audit(page, "detail");

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

    // Deactivated: the short link now answers the Russian 404 page.
    await page.getByRole("button", { name: t.links.deactivate }).click();
    await expect.poll(() => page.getByText(t.links.deactivated).isVisible()).toBe(true);
    const gone = await fetch(shortUrl, { redirect: "manual" });
    expect(gone.status).toBe(404);

    expect(problems.csp, "CSP violations").toEqual([]);
    expect(problems.console, "console errors").toEqual([]);
    await context.close();
  });
});
