/**
 * What a visitor sees, in Chromium: the branded landing with the form above the fold at 1280 × 800
 * and one scroll away at 375 px; the embed snippet on a shop's site (another origin) whose iframe
 * takes exactly its content's height and shrinks to the thank-you; the dead-link page; the iframe
 * link's short link opened on its own. axe serious/critical 0, no CSP errors, no broken resources.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser, Frame, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedSnippet } from "../../views/public/embed-snippet.js";
import { storeLandingImage } from "../features/landings/image-upload.js";
import { addImages, createLanding } from "../features/landings/landings.js";
import { createLink } from "../features/links/links.js";
import { BRAND_KEYS } from "../features/settings/brand.js";
import { setSetting } from "../features/settings/settings.js";
import { t } from "../i18n/ru.js";
import { givenPartner } from "../testing/fixtures.js";
import { auditWidths, DESKTOP, launchBrowser, noSideScroll, PHONE, PUBLIC_TEST_HOST, type RunningServer, shot, startServer, watchCsp } from "./browser.js";

let server: RunningServer;
let browser: Browser;
let shop: Server;
let shopOrigin: string;
let shopHtml = "";
const codes = { landing: "", iframe: "" };
const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
const LONG = [
  "Делаем ремонт квартир под ключ с 2012 года. Своя бригада, без субподрядчиков.",
  "Что входит: демонтаж, электрика, сантехника, выравнивание стен, плитка, чистовая отделка. Закупаем материалы со скидкой до 20 % и привозим сами.",
  "Гарантия 3 года на все работы по договору. Фиксированная смета: цена не меняется после начала работ. Еженедельные фотоотчёты, прораб на связи с 9 до 21.",
  "Выезд замерщика бесплатно в день обращения. Дизайн-проект в подарок при заказе ремонта от 40 м². Рассрочка без переплаты на 6 месяцев.",
].join("\n\n");

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const now = Date.now();
  // The company's brand, with a logo file as the settings page stores it.
  const logo = `${"ab".repeat(16)}.png`;
  await mkdir(join(server.uploadDir, "brand"), { recursive: true });
  await writeFile(
    join(server.uploadDir, "brand", logo),
    await sharp({ create: { width: 160, height: 40, channels: 3, background: "#e4572e" } })
      .png()
      .toBuffer(),
  );
  await setSetting(server.db, BRAND_KEYS.logo, JSON.stringify({ file: logo, width: 160, height: 40, version: "1" }), now);
  await setSetting(server.db, BRAND_KEYS.companyName, "ООО «Ромашка»", now);
  await setSetting(server.db, BRAND_KEYS.supportContact, "+7 800 555-35-35", now);
  await setSetting(server.db, BRAND_KEYS.privacyPolicyUrl, "https://romashka.example/privacy", now);

  const partner = await givenPartner(server.db);
  const landing = await createLanding(
    server.db,
    partner.id,
    {
      title: "Секретное название",
      headerText: "Ремонт квартир под ключ с гарантией 3 года",
      description: LONG,
      buttonText: "Хочу скидку",
      themeColor: "#1d6b3a",
    },
    now,
  );
  const images = [];
  for (const background of ["#3b82f6", "#10b981"]) {
    const stored = await storeLandingImage(
      server.uploadDir,
      new Uint8Array(
        await sharp({ create: { width: 1200, height: 750, channels: 3, background } })
          .png()
          .toBuffer(),
      ),
    );
    if (stored.ok) images.push(stored.image);
  }
  await addImages(server.db, landing.id, images, now);
  codes.landing = (await createLink(server.db, partner.id, { title: "L", linkType: "landing", targetUrl: null, landingId: landing.id, ...noUtm }, now)).code;
  codes.iframe = (await createLink(server.db, partner.id, { title: "I", linkType: "iframe", targetUrl: null, ...noUtm }, now)).code;

  // A shop's site on another origin (the browser resolves PUBLIC_TEST_HOST to loopback) pasting the snippet.
  shop = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(shopHtml);
  });
  await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
  shopOrigin = `http://${PUBLIC_TEST_HOST}:${(shop.address() as AddressInfo).port}`;
  shopHtml = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Магазин</title></head><body><main><h1>Магазин плитки</h1><p>Оставьте заявку — перезвоним.</p>${embedSnippet(server.origin, codes.iframe)}<p>Подвал сайта</p></main></body></html>`;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((resolve) => shop?.close(resolve));
});

async function open(url: string, viewport = PHONE) {
  const context = await browser.newContext({ viewport, locale: "ru-RU" });
  const page = await context.newPage();
  const problems = await watchCsp(page);
  const response = await page.goto(url);
  await page.waitForLoadState("load");
  return { context, page, problems, response };
}

const submitBox = async (page: Page) => (await page.getByRole("button", { name: "Хочу скидку" }).boundingBox()) ?? { y: Number.POSITIVE_INFINITY, height: 0 };

/** The iframe's height on the host page, and its content's height inside. */
async function heights(page: Page, frame: Frame) {
  const outer = await page.locator("iframe[data-partner-form]").evaluate((el) => el.getBoundingClientRect().height);
  const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
  const content = await frame.evaluate(() => document.documentElement.getBoundingClientRect().height);
  return { outer, inner, content };
}

describe("public pages", () => {
  it("shows the landing's form above the fold at 1280 × 800 and one scroll down at 375 px", { timeout: 90_000 }, async () => {
    const { context, page, problems, response } = await open(`${server.origin}/l/${codes.landing}`, DESKTOP);
    expect(response?.status()).toBe(200);
    const desktop = await submitBox(page);
    expect(desktop.y + desktop.height, "submit button bottom at 1280 × 800").toBeLessThanOrEqual(DESKTOP.height);
    expect(await page.locator(".lp-topbar img.lp-logo").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
    expect(await page.locator(".lp-topbar").textContent()).toContain("ООО «Ромашка»");
    expect(await page.content()).not.toContain("Секретное название");
    await page.setViewportSize(PHONE);
    const phone = await submitBox(page);
    expect(phone.y + phone.height, "submit button within two screens at 375 px").toBeLessThanOrEqual(2 * PHONE.height);
    expect(await noSideScroll(page)).toBe(true);
    await auditWidths(page, "public-landing");
    expect(problems.csp).toEqual([]);
    expect(problems.console).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await context.close();
  });

  it("sizes the embedded form's iframe on a shop's site to its content, and shrinks it to the thank-you", { timeout: 90_000 }, async () => {
    const { context, page, problems } = await open(shopOrigin);
    const frame = await (await page.locator("iframe[data-partner-form]").elementHandle())?.contentFrame();
    if (!frame) throw new Error("no iframe on the shop's page");
    await frame.waitForLoadState("load");
    // The snippet's fixed height is replaced by the content's.
    await expect.poll(async () => Math.abs((await heights(page, frame)).outer - (await heights(page, frame)).content)).toBeLessThanOrEqual(2);
    const before = await heights(page, frame);
    expect(Math.abs(before.outer - before.inner), JSON.stringify(before)).toBeLessThanOrEqual(2);
    expect(before.outer).not.toBe(720);
    await shot(page, "public-embed-form-on-shop-375");

    await page.waitForTimeout(1_100); // the form refuses posts made faster than autofill could
    const form = page.frameLocator("iframe[data-partner-form]");
    await form.getByLabel(t.publicForm.name).fill("Покупатель");
    await form.getByLabel(t.publicForm.phone).fill("8 (912) 345-67-89");
    await form.getByRole("button", { name: t.landings.defaults.buttonText }).click();
    await expect.poll(() => form.getByText(t.publicForm.thanksTitle).isVisible()).toBe(true);
    await expect.poll(async () => (await heights(page, frame)).outer).toBeLessThan(before.outer - 200);
    const after = await heights(page, frame);
    expect(Math.abs(after.outer - after.content), JSON.stringify(after)).toBeLessThanOrEqual(2);
    expect(Math.abs(after.outer - after.inner), JSON.stringify(after)).toBeLessThanOrEqual(2);
    await auditWidths(page, "public-embed-thanks-on-shop");
    expect(problems.csp).toEqual([]);
    expect(problems.console).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await context.close();
  });

  it("opens an iframe link's short link as a page of its own, with the company around the form", { timeout: 60_000 }, async () => {
    const { context, page, problems } = await open(`${server.origin}/r/${codes.iframe}`);
    expect(page.url()).toBe(`${server.origin}/embed/${codes.iframe}?view=page`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(t.publicForm.formHeading);
    expect(await page.locator(".lp-footer").textContent()).toContain("+7 800 555-35-35");
    await auditWidths(page, "public-embed-page");
    expect(problems.csp).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await context.close();
  });

  it("answers a dead code with the visitor's page: the company, what happened, whom to ask, no sign-in link", { timeout: 60_000 }, async () => {
    const { context, page, problems, response } = await open(`${server.origin}/r/AAAAAAAAAA`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(t.publicForm.dead.title);
    expect(await page.locator("a[href*='/login']").count()).toBe(0);
    expect(await page.locator("main").textContent()).toContain("+7 800 555-35-35");
    await auditWidths(page, "public-dead-link");
    expect(problems.csp).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await context.close();
  });
});
