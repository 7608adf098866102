/**
 * Link targets in Chromium (issue 10, findings 2 and 3): the admin allows the company's domains on
 * /admin/settings (an IDN one shown back in Cyrillic) and finds the change in the audit log, with
 * sign-ins behind their own filter; on a phone the partner is refused another site, saves a link to a
 * Cyrillic address and sees it in Cyrillic; a visitor follows it and lands on that exact page.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../i18n/ru.js";
import { givenAdmin, givenPartner } from "../testing/fixtures.js";
import { auditWidths, DESKTOP, IDN_TEST_HOST, launchBrowser, logIn, PHONE, type RunningServer, startServer, watchCsp } from "./browser.js";

let server: RunningServer;
let browser: Browser;
let site: Server;
let sitePort = 0;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The company's shop: echoes the path and query it was opened with, decoded.
  site = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="ru"><title>Магазин</title><p id="url">${decodeURIComponent(req.url ?? "")}</p></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  sitePort = (site.address() as AddressInfo).port;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((resolve) => site?.close(resolve));
});

const audit = (page: Page, name: string) => auditWidths(page, `targets-${name}`);

describe("allowed link targets", () => {
  it("the admin allows an IDN domain, the partner links to a Cyrillic page on it, the visitor lands there", { timeout: 120_000 }, async () => {
    const admin = await givenAdmin(server.db);
    const partner = await givenPartner(server.db, { name: "Анна" });
    const d = t.settings.targetDomains;

    const adminContext = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU" });
    const adminPage = await adminContext.newPage();
    const adminProblems = await watchCsp(adminPage);
    await logIn(adminPage, admin.email);
    await adminPage.goto("/admin/settings");
    await audit(adminPage, "settings");
    await adminPage.getByLabel(d.label).fill("localhost");
    await adminPage.getByRole("button", { name: d.submit }).click();
    await expect.poll(() => adminPage.getByText(d.errors.private(1, "localhost")).isVisible()).toBe(true);
    await adminPage.getByLabel(d.label).fill("пример.рф\nexample.ru");
    await adminPage.getByRole("button", { name: d.submit }).click();
    await expect.poll(() => adminPage.getByText(d.saved).isVisible()).toBe(true);
    // Stored as punycode, shown as typed.
    expect(await adminPage.getByLabel(d.label).inputValue()).toBe("пример.рф\nexample.ru");

    // The audit log shows the change; the admin's own sign-in only under «Входы и выходы».
    await adminPage.goto("/admin/audit");
    await expect
      .poll(() =>
        adminPage
          .locator("tbody")
          .getByText(t.audit.actions["settings.target_domains"] ?? "settings.target_domains")
          .first()
          .isVisible(),
      )
      .toBe(true);
    const signInLabel = t.audit.actions["auth.login"] ?? "auth.login";
    expect(await adminPage.locator("tbody").getByText(signInLabel, { exact: true }).count()).toBe(0);
    await audit(adminPage, "audit");
    await adminPage.getByLabel(t.audit.filters.kind).selectOption("sign_ins");
    await adminPage.getByRole("button", { name: t.audit.filters.apply }).click();
    await expect.poll(() => adminPage.locator("tbody").getByText(signInLabel, { exact: true }).count()).toBeGreaterThan(0);
    await audit(adminPage, "audit-sign-ins");
    expect(adminProblems.csp).toEqual([]);
    await adminContext.close();

    // The partner, on a phone.
    const context = await browser.newContext({ baseURL: server.origin, viewport: PHONE, locale: "ru-RU" });
    const page = await context.newPage();
    const problems = await watchCsp(page);
    await logIn(page, partner.email);
    await page.goto("/links/new");
    await page.getByLabel(t.links.fields.title).fill("Ёлки");
    await page.getByLabel(t.links.fields.targetUrl).fill("https://other-shop.ru/");
    await page.getByRole("button", { name: t.save }).click();
    await expect.poll(() => page.getByText(t.links.urlErrors.not_allowed).first().isVisible()).toBe(true);
    await audit(page, "refused");
    const cyrillicUrl = `http://${IDN_TEST_HOST.unicode}:${sitePort}/каталог/ёлки?q=пушистая ёлка`;
    await page.getByLabel(t.links.fields.targetUrl).fill(cyrillicUrl);
    await page.getByRole("button", { name: t.save }).click();
    await expect.poll(() => page.getByText(t.links.created).isVisible()).toBe(true);
    // Shown as the partner typed it, not as punycode and percent-escapes.
    expect(await page.locator("main").textContent()).toContain(`${IDN_TEST_HOST.unicode}:${sitePort}/каталог/ёлки`);
    expect(await page.locator("main").textContent()).not.toContain("xn--");
    await audit(page, "link");
    const shortUrl = (await page.locator("#short-url").textContent())?.trim() ?? "";

    // The redirect's Location is ASCII; the browser lands on the Cyrillic page with its query.
    const raw = await fetch(shortUrl, { redirect: "manual" });
    expect(raw.status).toBe(302);
    expect(raw.headers.get("location")).toMatch(/^http:\/\/xn--[\x21-\x7e]+$/);
    const visitor = await browser.newContext({ userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/140.0 Mobile Safari/537.36" });
    const visitorPage = await visitor.newPage();
    await visitorPage.goto(shortUrl);
    expect(await visitorPage.locator("#url").textContent()).toBe("/каталог/ёлки?q=пушистая ёлка");
    await visitor.close();
    expect(problems.csp).toEqual([]);
    await context.close();
  });
});
