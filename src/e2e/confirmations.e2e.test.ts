/**
 * Dangerous actions ask first (views/components/confirm.tsx): with JavaScript a native <dialog>
 * repeats what will happen and «Отмена» changes nothing; without JavaScript the post answers a
 * confirmation page whose button does it. A flash follows either way.
 */
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, users } from "../db/schema.js";
import { t } from "../i18n/ru.js";
import { givenAdmin, givenPartner } from "../testing/fixtures.js";
import { checkA11y, DESKTOP, describeViolations, launchBrowser, logIn, PHONE, type RunningServer, shot, startServer, watchCsp } from "./browser.js";

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

const isActive = async (id: number) => (await server.db.select({ active: users.isActive }).from(users).where(eq(users.id, id)).get())?.active;
const flash = (page: Page) => page.locator("#flash").textContent();

describe("confirmations of dangerous actions", () => {
  it("with JavaScript: a dialog asks, «Отмена» keeps the partner, confirming deactivates with a flash", { timeout: 90_000 }, async () => {
    const admin = await givenAdmin(server.db, { email: "confirm-admin@example.ru" });
    const partner = await givenPartner(server.db, { name: "Ирина Диалогова" });
    const context = await browser.newContext({ baseURL: server.origin, viewport: PHONE, locale: "ru-RU" });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = await watchCsp(page);
    await logIn(page, admin.email);
    await page.waitForURL("**/admin");
    await page.goto(`/admin/partners?q=${encodeURIComponent("Диалогова")}`);

    const question = t.partners.admin.deactivateQuestion(partner.name);
    const dialog = page.getByRole("dialog");
    await page.getByRole("button", { name: t.partners.admin.deactivate }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain(question);
    const violations = await checkA11y(page);
    expect.soft(violations, describeViolations(violations)).toEqual([]);
    await shot(page, "confirm-dialog-375");
    await dialog.getByRole("button", { name: t.confirm.cancel }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await isActive(partner.id)).toBe(true);

    await page.setViewportSize(DESKTOP);
    await page.getByRole("button", { name: t.partners.admin.deactivate }).click();
    await dialog.getByRole("button", { name: t.partners.admin.deactivate }).click();
    await page.waitForURL("**/admin/partners");
    expect(await flash(page)).toContain(t.partners.admin.deactivated(partner.name));
    expect(await isActive(partner.id)).toBe(false);
    expect(problems.csp).toEqual([]);
    expect(problems.console).toEqual([]);
    await context.close();
  });

  it("without JavaScript: a broadcast answers a page that repeats it; its button sends, with a flash", { timeout: 90_000 }, async () => {
    const admin = await givenAdmin(server.db, { email: "confirm-nojs@example.ru" });
    await givenPartner(server.db, { name: "Получатель Рассылки" });
    const context = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU", javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await logIn(page, admin.email);
    await page.waitForURL("**/admin");
    await page.goto("/admin/notifications");
    await page.getByLabel(t.notifications.admin.titleField).fill("Новые условия");
    await page.getByLabel(t.notifications.admin.messageField).fill("С января ставка выше");
    const before = (await server.db.select().from(notifications)).length;
    await page.getByRole("button", { name: t.notifications.admin.send }).click();
    await page.waitForLoadState("load");
    const active = (await server.db.select().from(users).where(eq(users.role, "partner"))).filter((u) => u.isActive && u.approvalStatus === "approved").length;
    expect(await page.getByText(t.notifications.admin.broadcastQuestion("Новые условия", active)).count()).toBe(1);
    expect((await server.db.select().from(notifications)).length).toBe(before);
    await shot(page, "confirm-page-1280");
    await page.getByRole("button", { name: t.notifications.admin.send }).click();
    await page.waitForURL("**/admin/notifications");
    expect(await flash(page)).toContain(t.notifications.admin.sentToAll);
    expect((await server.db.select().from(notifications)).length).toBe(before + 1);
    await context.close();
  });
});
