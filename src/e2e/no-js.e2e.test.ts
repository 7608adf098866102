/**
 * The same register → approve → sign-in path with JavaScript switched off: every form is a plain
 * POST answered by 303, the bell is a native <details>, and marking a notification read goes back
 * to /notifications.
 */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../i18n/ru.js";
import { givenAdmin, TEST_PASSWORD } from "../testing/fixtures.js";
import { DESKTOP, launchBrowser, noSideScroll, type PageProblems, PHONE, type RunningServer, shot, startServer, watchCsp } from "./browser.js";

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
  const context = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU", javaScriptEnabled: false });
  contexts.push(context);
  const page = await context.newPage();
  watched.push({ name, problems: await watchCsp(page) });
  return page;
}

/** Clicks a submit button and returns the POST's own response (the 303, before the redirect is followed). */
async function submit(page: Page, button: Locator) {
  const response = page.waitForResponse((r) => r.request().method() === "POST" && r.request().resourceType() === "document");
  await button.click();
  const res = await response;
  await page.waitForLoadState("load");
  return { status: res.status(), location: res.headers().location ?? null };
}

async function logIn(page: Page, email: string, password = TEST_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel(t.auth.fields.email).fill(email);
  await page.getByLabel(t.auth.fields.password, { exact: true }).fill(password);
  return submit(page, page.getByRole("button", { name: t.auth.loginSubmit }));
}

/** No sideways scroll at 375 px, screenshots at 375 and 1280 px. */
async function photograph(page: Page, name: string) {
  await page.setViewportSize(PHONE);
  expect.soft(await noSideScroll(page), `${name}: sideways scroll at 375 px`).toBe(true);
  await shot(page, `nojs-${name}-375`);
  await page.setViewportSize(DESKTOP);
  await shot(page, `nojs-${name}-1280`);
}

const path = (page: Page) => new URL(page.url()).pathname;
const flash = (page: Page) => page.locator("#flash").textContent();

describe("without JavaScript", { shuffle: false }, () => {
  it("register → approve → sign in → bell → mark read, all by plain forms", { timeout: 120_000 }, async () => {
    const partner = { name: "Виктор Орлов", email: "viktor@example.ru", password: "partner-pass-2" };
    const visitor = await openPage("partner");
    expect(await visitor.evaluate(() => "htmx" in window).catch(() => false), "scripts do not run").toBe(false);

    await visitor.goto("/register");
    await visitor.getByLabel(t.auth.fields.name).fill(partner.name);
    await visitor.getByLabel(t.auth.fields.email).fill(partner.email);
    await visitor.getByLabel(t.auth.fields.password, { exact: true }).fill(partner.password);
    await visitor.getByLabel(t.auth.fields.company).fill("ИП Орлов");
    await visitor.getByLabel(t.auth.fields.phone).fill("8 (912) 345-67-89");
    const registered = await submit(visitor, visitor.getByRole("button", { name: t.auth.registerSubmit }));
    expect(registered).toEqual({ status: 303, location: "/login" });
    expect(path(visitor)).toBe("/login");
    expect(await flash(visitor)).toBe(t.auth.registered);
    await photograph(visitor, "login-registered");

    const pending = await logIn(visitor, partner.email, partner.password);
    expect(pending.status).toBe(403);
    expect(await visitor.getByRole("alert").textContent()).toBe(t.auth.errors.pending);

    const admin = await givenAdmin(server.db);
    const adminPage = await openPage("admin");
    expect(await logIn(adminPage, admin.email)).toEqual({ status: 303, location: "/admin" });
    expect(await adminPage.locator("#pending-badge").textContent()).toContain("1");
    await adminPage.goto("/admin/registrations");
    const card = adminPage.getByRole("listitem").filter({ hasText: partner.email });
    const approved = await submit(adminPage, card.getByRole("button", { name: t.partners.admin.approve }));
    expect(approved).toEqual({ status: 303, location: "/admin/registrations" });
    expect(await flash(adminPage)).toBe(t.partners.admin.approved(partner.name));
    await photograph(adminPage, "admin-registrations-done");

    expect(await logIn(visitor, partner.email, partner.password)).toEqual({ status: 303, location: "/dashboard" });
    expect(path(visitor)).toBe("/dashboard");
    expect(await visitor.locator("#bell-count .badge").textContent()).toBe("1");

    // The bell is a <details>: it opens natively and lists the welcome notification.
    const bell = visitor.locator("#bell");
    expect(await bell.getAttribute("open")).toBeNull();
    await bell.locator("summary").click();
    expect(await bell.getAttribute("open")).not.toBeNull();
    const panel = bell.locator(".bell-panel");
    expect(await panel.isVisible()).toBe(true);
    expect(await panel.getByText(t.partners.admin.welcomeTitle).isVisible()).toBe(true);
    await photograph(visitor, "dashboard-bell-open");

    const read = await submit(visitor, panel.getByRole("button", { name: t.notifications.markRead }));
    expect(read).toEqual({ status: 303, location: "/notifications" });
    expect(path(visitor)).toBe("/notifications");
    const notice = visitor.getByRole("listitem").filter({ hasText: t.partners.admin.welcomeTitle });
    expect(await notice.count()).toBe(1);
    expect(await notice.getByText(t.notifications.unreadMark, { exact: true }).count(), "no «Новое» mark any more").toBe(0);
    expect(await notice.getByRole("button", { name: t.notifications.markRead }).count()).toBe(0);
    expect(await visitor.locator("#bell-count .badge").count(), "the bell has no unread badge").toBe(0);
    await photograph(visitor, "notifications");

    // Logging out is a form too.
    const out = await submit(visitor, visitor.getByRole("button", { name: t.nav.logout }));
    expect(out).toEqual({ status: 303, location: "/login" });
    expect(await flash(visitor)).toBe(t.auth.loggedOut);
  });

  it("no page broke the CSP or logged a console error", () => {
    expect(watched.length, "runs after the journey (shuffle: false)").toBeGreaterThan(0);
    for (const { name, problems } of watched) {
      expect.soft(problems.csp, `${name}: CSP violations`).toEqual([]);
      expect.soft(problems.console, `${name}: console errors`).toEqual([]);
      expect.soft(problems.failedRequests, `${name}: failed requests`).toEqual([]);
    }
  });
});
