/**
 * The page chrome in Chromium, as a partner and as an admin, at 375 and 1280 px: a full-height
 * sidebar on a desktop, a bottom tab bar on a phone (with «Ещё» listing the other sections and
 * «Выйти»), the current page marked, no word broken inside a table cell, axe clean, no CSP errors.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyPartner } from "../features/notifications/notifications.js";
import { t } from "../i18n/ru.js";
import { givenAdmin, givenPartner } from "../testing/fixtures.js";
import { givenMoneyClient } from "../testing/money.js";
import { auditWidths, DESKTOP, launchBrowser, logIn, PHONE, type RunningServer, startServer, watchCsp } from "./browser.js";

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

// Long Russian names and companies: the words that the old `overflow-wrap: anywhere` split mid-letter.
const CLIENT_NAMES = ["Александра Владимировна Новикова", "Индивидуальный предприниматель Николаев", "Пётр Константинопольский", "Иванов Иван"];
const PARTNER_NAMES = ["Мария Длиннофамильная-Двойная", "Евгений Преображенский", "Зинаида Кооперативная"];
const COMPANY = "Общество с ограниченной ответственностью «Новый горизонт»";

async function openAs(email: string): Promise<{ page: Page; csp: string[] }> {
  const context = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU" });
  const page = await context.newPage();
  const problems = await watchCsp(page);
  await logIn(page, email);
  await page.waitForLoadState("load");
  return { page, csp: problems.csp };
}

const nav = (page: Page) => page.locator("nav.sidebar");
const more = (page: Page) => nav(page).locator("summary", { hasText: t.shell.more });

/** Words (runs of letters and digits) inside the elements (table cells, menu labels) whose text spans more than one line box. */
function brokenWords(page: Page, elements: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const broken: string[] = [];
    for (const cell of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of (node.textContent ?? "").matchAll(/[\p{L}\p{N}]+/gu)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(word[0]);
        }
      }
    }
    return broken;
  }, elements);
}

const CELLS = "table th, table td";
const MENU = "nav.sidebar .nav-label";

/** Top and bottom of an element in viewport coordinates. */
const edges = (l: Locator) =>
  l.evaluate((el) => ({ top: el.getBoundingClientRect().top, bottom: el.getBoundingClientRect().bottom, viewport: window.innerHeight }));

/** 1280 px: the sidebar runs from under the top bar to the viewport's bottom, every item is in it, «Ещё» is not. */
async function expectSidebar(page: Page, labels: string[], current: string) {
  await page.setViewportSize(DESKTOP);
  const box = await edges(nav(page));
  expect(box.bottom, "the sidebar reaches the bottom of the viewport").toBeGreaterThanOrEqual(box.viewport - 1);
  for (const label of labels) expect(await nav(page).getByRole("link", { name: label }).first().isVisible(), label).toBe(true);
  expect(await more(page).isVisible(), "no «Ещё» on a desktop").toBe(false);
  expect(await nav(page).locator('[aria-current="page"]:visible').textContent()).toContain(current);
}

/** 375 px: the same <nav> is a bar stuck to the viewport's bottom, even scrolled; «Ещё» opens with the rest. */
async function expectTabBar(page: Page, tabs: string[], rest: string[]) {
  await page.setViewportSize(PHONE);
  for (const y of [0, 400]) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    const box = await edges(nav(page));
    expect(Math.abs(box.bottom - box.viewport), `tab bar at the bottom (scrolled ${y} px)`).toBeLessThanOrEqual(1);
    expect(box.bottom - box.top, "one row").toBeLessThan(80);
  }
  expect(await nav(page).locator("a.nav-link:visible .nav-label").allTextContents()).toEqual(tabs);
  expect(await more(page).isVisible()).toBe(true);
  for (const label of rest) expect(await nav(page).getByRole("link", { name: label }).count(), `${label} folded away`).toBe(0);
  await more(page).click();
  const panel = nav(page).locator(".more-panel");
  expect(await panel.isVisible()).toBe(true);
  for (const label of rest) expect(await panel.getByRole("link", { name: label }).isVisible(), label).toBe(true);
  expect(await panel.getByRole("button", { name: t.nav.logout }).isVisible()).toBe(true);
  const panelBox = await edges(panel);
  expect(panelBox.bottom, "the menu opens upward, above the bar").toBeLessThanOrEqual((await edges(nav(page))).top);
  // static/shell.js: Escape or a tap outside closes it (the summary toggles it without JavaScript).
  await page.keyboard.press("Escape");
  expect(await panel.isVisible(), "Escape closes «Ещё»").toBe(false);
  await more(page).click();
  await page.locator("main h1").click();
  expect(await panel.isVisible(), "a tap outside closes «Ещё»").toBe(false);
}

describe("page chrome", () => {
  it("partner: sidebar at 1280, tab bar and «Ещё» at 375, no CRM item, whole words in the clients table", { timeout: 90_000 }, async () => {
    const partner = await givenPartner(server.db, { name: "Константин Иванов" });
    for (const name of CLIENT_NAMES) await givenMoneyClient(server.db, partner.id, { name });
    await notifyPartner(server.db, partner.id, { title: "Новые материалы", message: "Условия обновлены.", kind: "admin", createdBy: null }, Date.now());
    const { page, csp } = await openAs(partner.email);
    await page.waitForURL("**/dashboard");

    // The current item is bold and carries the unread count: its label still fits on one line.
    await page.goto("/notifications");
    await expectSidebar(page, [t.nav.notifications], t.nav.notifications);
    expect(await nav(page).getByRole("link", { name: t.nav.notifications }).locator(".badge").first().textContent()).toBe("1");
    expect(await brokenWords(page, MENU)).toEqual([]);

    await page.goto("/landings");
    await expectSidebar(
      page,
      [t.nav.dashboard, t.nav.links, t.nav.landings, t.nav.clients, t.chat.nav, t.payouts.nav, t.nav.notifications, t.nav.profile],
      t.nav.landings,
    );
    expect(await nav(page).locator('a[href="/crm"]').count(), "partners have no CRM item").toBe(0);

    await page.goto("/clients");
    await expectSidebar(page, [t.nav.clients], t.nav.clients);
    expect(await brokenWords(page, CELLS)).toEqual([]);
    expect(await page.locator("table td").count()).toBeGreaterThan(0);
    await expectTabBar(page, [t.nav.dashboard, t.nav.links, t.nav.clients, t.chat.nav], [t.nav.landings, t.payouts.nav, t.nav.notifications, t.nav.profile]);
    expect(await nav(page).locator('[aria-current="page"]:visible').textContent()).toContain(t.nav.clients);
    await auditWidths(page, "shell-partner-clients");

    // On a section inside «Ещё», the «Ещё» tab is the marked one; the bell keeps its single polled id.
    await page.goto("/profile");
    await page.setViewportSize(PHONE);
    expect(await more(page).getAttribute("class")).toContain("is-current");
    expect(await page.locator("#bell-count").count()).toBe(1);
    await more(page).click();
    await auditWidths(page, "shell-partner-more");

    // «Выйти» from «Ещё» on a phone is the same CSRF-checked POST.
    await page.setViewportSize(PHONE);
    if (!(await nav(page).locator(".more-panel").isVisible())) await more(page).click();
    await nav(page).getByRole("button", { name: t.nav.logout }).click();
    await page.waitForURL("**/login");
    expect(await page.locator(".flash").textContent()).toBe(t.auth.loggedOut);
    expect(csp).toEqual([]);
  });

  it("admin: the queues are tabs with their polled badges (one id each), whole words in the partners table", { timeout: 90_000 }, async () => {
    for (const name of PARTNER_NAMES) await givenPartner(server.db, { name, company: COMPANY });
    await givenPartner(server.db, { name: "Ожидающий Одобрения", approvalStatus: "pending", isActive: false });
    const admin = await givenAdmin(server.db, { name: "Администратор Программы" });
    const { page, csp } = await openAs(admin.email);
    await page.waitForURL("**/admin");

    await page.goto("/admin/partners");
    const all = [
      t.nav.adminOverview,
      t.nav.registrations,
      t.nav.partners,
      t.payoutsAdmin.nav,
      t.chatAdmin.nav,
      t.nav.adminNotifications,
      t.nav.crm,
      t.audit.nav,
      t.nav.settings,
      t.nav.profile,
    ];
    await expectSidebar(page, all, t.nav.partners);
    expect(await brokenWords(page, CELLS)).toEqual([]);
    expect(await page.locator("table td").count()).toBeGreaterThan(0);
    for (const id of ["#pending-badge", "#payouts-badge", "#chat-badge"]) {
      expect(await page.locator(id).count(), `${id} once`).toBe(1);
      expect(await page.locator(id).getAttribute("hx-trigger")).toBe("every 30s");
    }
    expect(await brokenWords(page, MENU)).toEqual([]);
    await expectTabBar(page, [t.nav.registrations, t.nav.partners, t.payoutsAdmin.nav, t.chatAdmin.nav], [all[0] ?? "", ...all.slice(5)]);
    // Phone cards: the label column fits the row's longest label, so names keep whole words there too.
    expect(await brokenWords(page, "table td[data-label] a")).toEqual([]);
    expect(await nav(page).getByRole("link", { name: t.nav.registrations }).locator("#pending-badge").textContent()).toContain("1");
    await auditWidths(page, "shell-admin-partners");
    expect(csp).toEqual([]);
  });
});
