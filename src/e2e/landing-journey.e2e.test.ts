/**
 * The landing journey in Chromium at 375 px: a visitor opens a partner's link, sees the landing with
 * its slider, submits the form and sees the thank-you (with JavaScript, then without); the partner
 * finds the client in the list with its source and link; the iframe snippet from the link page
 * renders the form inside another site's page.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeLandingImage } from "../features/landings/image-upload.js";
import { addImages, createLanding } from "../features/landings/landings.js";
import { createLink } from "../features/links/links.js";
import { t } from "../i18n/ru.js";
import { givenPartner } from "../testing/fixtures.js";
import { checkA11y, describeViolations, launchBrowser, logIn, noSideScroll, PHONE, type RunningServer, shot, startServer, watchCsp } from "./browser.js";

const PHONE_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36";
let server: RunningServer;
let browser: Browser;
let partnerSite: Server;
let partnerSiteOrigin: string;
let iframeSnippet = "";

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Another site, on another origin, that pastes the partner's iframe snippet.
  partnerSite = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="ru"><title>Сайт партнёра</title><h1>Мой блог</h1>${iframeSnippet}</html>`);
  });
  await new Promise<void>((resolve) => partnerSite.listen(0, "127.0.0.1", resolve));
  partnerSiteOrigin = `http://127.0.0.1:${(partnerSite.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((resolve) => partnerSite?.close(resolve));
});

async function audit(page: Page, name: string) {
  const violations = await checkA11y(page);
  expect.soft(violations, `${name}:\n${describeViolations(violations)}`).toEqual([]);
  expect.soft(await noSideScroll(page), `${name}: sideways scroll at 375 px`).toBe(true);
  await shot(page, `landing-${name}-375`);
}

async function visit(javaScriptEnabled: boolean, url: string, name: string) {
  const context = await browser.newContext({ viewport: PHONE, userAgent: PHONE_UA, javaScriptEnabled, locale: "ru-RU" });
  const page = await context.newPage();
  const problems = await watchCsp(page);
  await page.goto(url);
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Ремонт под ключ");
  expect(await page.locator(".lp-slide img").count()).toBe(2);
  expect(await page.locator(".lp-dots a").count()).toBe(2);
  if (javaScriptEnabled) await audit(page, name);
  await page.waitForTimeout(2_100); // the form refuses posts made faster than a person could type
  await page.getByLabel(t.publicForm.name).fill(`Мария ${name}`);
  await page.getByLabel(t.publicForm.phone).fill(javaScriptEnabled ? "8 (912) 345-67-89" : "8 (912) 345-67-80");
  await page.getByRole("button", { name: "Хочу скидку" }).click();
  await expect.poll(() => page.getByText(t.publicForm.thanksTitle).isVisible()).toBe(true);
  if (javaScriptEnabled) {
    expect(page.url()).toBe(url); // swapped in place by htmx
    await audit(page, `${name}-thanks`);
  } else expect(page.url()).toBe(`${url}?sent=1`);
  expect(problems.csp).toEqual([]);
  await context.close();
}

describe("landing journey", () => {
  it("turns a visitor on a phone into a client the partner sees, with and without JavaScript", { timeout: 120_000 }, async () => {
    const partner = await givenPartner(server.db, { name: "Анна" });
    const landing = await createLanding(
      server.db,
      partner.id,
      { title: "Осень", headerText: "Ремонт под ключ", description: "Гарантия 3 года.\nВыезд бесплатно.", buttonText: "Хочу скидку", themeColor: "#1a73e8" },
      Date.now(),
    );
    const uploads = server.uploadDir;
    const images = [];
    for (const color of ["#3b82f6", "#10b981"]) {
      const stored = await storeLandingImage(
        uploads,
        new Uint8Array(
          await sharp({ create: { width: 800, height: 500, channels: 3, background: color } })
            .png()
            .toBuffer(),
        ),
      );
      if (stored.ok) images.push(stored.image);
    }
    await addImages(server.db, landing.id, images, Date.now());
    const link = await createLink(
      server.db,
      partner.id,
      {
        title: "Лендинг осень",
        linkType: "landing",
        targetUrl: null,
        landingId: landing.id,
        utmSource: "vk",
        utmMedium: null,
        utmCampaign: null,
        utmContent: null,
        utmTerm: null,
      },
      Date.now(),
    );

    await visit(true, `${server.origin}/r/${link.code}`.replace(`/r/${link.code}`, `/l/${link.code}`), "js");
    await visit(false, `${server.origin}/l/${link.code}`, "nojs");

    const context = await browser.newContext({ baseURL: server.origin, viewport: PHONE, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, partner.email);
    await page.goto("/clients");
    const list = page.locator("main");
    await expect.poll(() => list.getByText("Мария js").isVisible()).toBe(true);
    await expect.poll(() => list.getByText("Мария nojs").isVisible()).toBe(true);
    expect(await list.getByText("Лендинг осень").count()).toBeGreaterThanOrEqual(2);
    expect(await list.getByText("Форма", { exact: true }).count()).toBeGreaterThanOrEqual(2);
    await audit(page, "clients");

    // The iframe link's snippet, pasted into another site, shows a working form.
    const iframeLink = await createLink(
      server.db,
      partner.id,
      { title: "Форма на сайте", linkType: "iframe", targetUrl: null, utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
      Date.now(),
    );
    await page.goto(`/links/${iframeLink.id}`);
    iframeSnippet = await page.locator("#iframe-code").inputValue();
    expect(iframeSnippet).toContain(`${server.origin}/embed/${iframeLink.code}`);
    const site = await context.newPage();
    await site.goto(partnerSiteOrigin);
    const frame = site.frameLocator("iframe");
    await expect.poll(() => frame.getByLabel(t.publicForm.name).isVisible()).toBe(true);
    await site.waitForTimeout(2_100);
    await frame.getByLabel(t.publicForm.name).fill("Из блога");
    await frame.getByLabel(t.publicForm.email).fill("blog@example.ru");
    await frame.getByRole("button", { name: t.landings.defaults.buttonText }).click();
    await expect.poll(() => frame.getByText(t.publicForm.thanksTitle).isVisible()).toBe(true);
    await shot(site, "landing-iframe-on-partner-site-375");
    await context.close();
  });
});
