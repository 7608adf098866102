/**
 * The registration journey in Chromium: a visitor applies, is told to wait, an admin approves, the
 * partner signs in and uses the bell (htmx swap, 30 s polling driven by page.clock). Every page is
 * checked with axe, for CSP violations and for sideways scrolling at 375 px, and photographed.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../i18n/ru.js";
import { givenAdmin } from "../testing/fixtures.js";
import { auditWidths, DESKTOP, launchBrowser, logIn, type PageProblems, type RunningServer, startServer, watchCsp } from "./browser.js";

const POLL_MS = 31_000;

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

/** A fresh browser profile with a fake (but naturally flowing) clock, so polls can be fast-forwarded. */
async function openPage(name: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU" });
  contexts.push(context);
  const page = await context.newPage();
  watched.push({ name, problems: await watchCsp(page) });
  await page.clock.install();
  return page;
}

/** axe at both widths, no sideways scroll on a phone, a screenshot at 375 and 1280 px. */
const audit = (page: Page, name: string) => auditWidths(page, `journey-${name}`);

async function register(page: Page, who: { name: string; email: string }) {
  await page.goto("/register");
  await page.getByLabel(t.auth.fields.name).fill(who.name);
  await page.getByLabel(t.auth.fields.email).fill(who.email);
  await page.getByLabel(t.auth.fields.password, { exact: true }).fill("partner-pass-1");
  await page.getByLabel(t.auth.fields.company).fill("ООО «Ромашка»");
  await page.getByLabel(t.auth.fields.phone).fill("8 (912) 345-67-89");
  await page.getByRole("button", { name: t.auth.registerSubmit }).click();
  await page.waitForURL("**/login");
}

/** Text of a status (flash) message, waiting for it to appear after a redirect. */
async function flashText(page: Page, text: string) {
  const flash = page.locator("#flash").getByText(text);
  await flash.waitFor();
  return flash.textContent();
}

const badgeText = (page: Page, selector: string) => page.locator(selector).first().textContent({ timeout: 1000 });
const badgeCount = (page: Page, selector: string) => page.locator(selector).count();

/** Sets a marker on window; it survives htmx swaps but not a page load. */
const markWindow = (page: Page) => page.evaluate(() => Object.assign(window, { __noReload: "kept" }));
const windowMark = (page: Page) => page.evaluate(() => (window as unknown as { __noReload?: string }).__noReload);

describe("registration journey (Chromium)", { shuffle: false }, () => {
  it("register → wait → approve → sign in → bell → poll", { timeout: 120_000 }, async () => {
    const partner = { name: "Анна Петрова", email: "anna@example.ru" };
    const visitor = await openPage("partner");

    await visitor.goto("/register");
    await audit(visitor, "register");
    await register(visitor, partner);
    expect(await flashText(visitor, "Заявка на регистрацию отправлена")).toBe(t.auth.registered);
    await audit(visitor, "login-registered");

    // Not approved yet: the login form says so.
    await logIn(visitor, partner.email, "partner-pass-1");
    const alert = visitor.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Ваша заявка на рассмотрении");
    expect(new URL(visitor.url()).pathname).toBe("/login");
    await audit(visitor, "login-pending");

    // The admin, in a second browser profile.
    const admin = await givenAdmin(server.db);
    const adminPage = await openPage("admin");
    await logIn(adminPage, admin.email);
    await adminPage.waitForURL("**/admin");
    expect(await badgeText(adminPage, "#pending-badge")).toContain("1");
    await audit(adminPage, "admin-overview");

    await adminPage.getByRole("navigation").getByRole("link", { name: t.nav.registrations }).click();
    await adminPage.waitForURL("**/admin/registrations");
    const card = adminPage.getByRole("listitem").filter({ hasText: partner.email });
    expect(await card.textContent()).toContain("+7 912 345-67-89");
    await audit(adminPage, "admin-registrations");
    await card.getByRole("button", { name: t.partners.admin.approve }).click();
    expect(await flashText(adminPage, t.partners.admin.approved(partner.name))).toBeTruthy();
    expect(await badgeCount(adminPage, "#pending-badge.badge-empty")).toBe(1);
    expect(await adminPage.getByText(t.partners.admin.registrationsEmpty).count()).toBe(1);

    await adminPage.goto("/admin/partners");
    expect(await adminPage.getByRole("table").textContent()).toContain(partner.email);
    await audit(adminPage, "admin-partners");

    // Approved: the partner signs in and finds the welcome notification in the bell.
    await logIn(visitor, partner.email, "partner-pass-1");
    await visitor.waitForURL("**/dashboard");
    expect(await badgeText(visitor, "#bell-count .badge")).toBe("1");
    await audit(visitor, "dashboard");

    await visitor.locator("#bell summary").click();
    const panel = visitor.locator("#bell .bell-panel");
    await panel.waitFor();
    expect(await panel.getByText(t.partners.admin.welcomeTitle).isVisible()).toBe(true);
    await audit(visitor, "dashboard-bell-open");

    await markWindow(visitor);
    await panel.getByRole("button", { name: t.notifications.markRead }).click();
    await expect.poll(() => badgeCount(visitor, "#bell-count .badge")).toBe(0);
    expect(await panel.getByRole("button", { name: t.notifications.markRead }).count()).toBe(0);
    expect(await visitor.locator("#bell").getAttribute("open"), "the dropdown stays open after the swap").not.toBeNull();
    expect(await windowMark(visitor), "marked read without a page load").toBe("kept");

    // The admin broadcasts; the partner's bell picks it up on the next 30 s poll, without a reload.
    await adminPage.goto("/admin/notifications");
    await audit(adminPage, "admin-notifications");
    await adminPage.getByLabel(t.notifications.admin.recipient).selectOption("all");
    await adminPage.getByLabel(t.notifications.admin.titleField).fill("Новые условия программы");
    await adminPage.getByLabel(t.notifications.admin.messageField).fill("С декабря вознаграждение выплачивается дважды в месяц.");
    await adminPage.getByRole("button", { name: t.notifications.admin.send, exact: true }).click();
    // A broadcast asks first (views/components/confirm.tsx): the dialog's own button sends it.
    await adminPage.getByRole("dialog").getByRole("button", { name: t.notifications.admin.send, exact: true }).click();
    expect(await flashText(adminPage, t.notifications.admin.sentToAll)).toBeTruthy();

    expect(await badgeCount(visitor, "#bell-count .badge")).toBe(0);
    await visitor.clock.fastForward(POLL_MS);
    await expect.poll(() => badgeCount(visitor, "#bell-count .badge"), { timeout: 5000 }).toBe(1);
    expect(await badgeText(visitor, "#bell-count .badge")).toBe("1");
    expect(await visitor.locator("#bell-list").textContent(), "the open list is refreshed out of band").toContain("Новые условия программы");
    expect(await windowMark(visitor), "polled without a page load").toBe("kept");

    // The partner's other pages, and a 404.
    await visitor.getByRole("navigation").getByRole("link", { name: t.nav.notifications }).click();
    await visitor.waitForURL("**/notifications");
    expect(await visitor.locator("main").textContent()).toContain("Новые условия программы");
    await audit(visitor, "notifications");
    await visitor.goto("/profile");
    await audit(visitor, "profile");
    const missing = await visitor.goto("/no-such-page");
    expect(missing?.status()).toBe(404);
    expect(await visitor.getByRole("heading", { level: 1 }).textContent()).toBe(t.errors.notFoundTitle);
    await audit(visitor, "not-found");
  });

  it("the admin's pending badge updates by polling when someone registers", { timeout: 60_000 }, async () => {
    const admin = await givenAdmin(server.db);
    const adminPage = await openPage("admin-poll");
    await logIn(adminPage, admin.email);
    await adminPage.waitForURL("**/admin");
    const before = Number((await badgeText(adminPage, "#pending-badge [aria-hidden]").catch(() => "0")) || 0);
    await markWindow(adminPage);

    const visitor = await openPage("visitor-poll");
    await register(visitor, { name: "Борис Сидоров", email: "boris@example.ru" });

    expect(await badgeText(adminPage, "#pending-badge")).not.toContain(String(before + 1));
    await adminPage.clock.fastForward(POLL_MS);
    await expect.poll(() => badgeText(adminPage, "#pending-badge"), { timeout: 5000 }).toContain(String(before + 1));
    expect(await badgeCount(adminPage, "#pending-badge.badge-empty")).toBe(0);
    expect(await windowMark(adminPage), "polled without a page load").toBe("kept");
  });

  it("no page broke the CSP, logged a console error or failed to load a resource", () => {
    expect(watched.length, "runs after the journey (shuffle: false)").toBeGreaterThan(0);
    for (const { name, problems } of watched) {
      expect.soft(problems.csp, `${name}: CSP violations`).toEqual([]);
      expect.soft(problems.console, `${name}: console errors`).toEqual([]);
      expect.soft(problems.failedRequests, `${name}: failed requests`).toEqual([]);
    }
  });
});
