/**
 * Sudo mode in Chromium: a partner signed in 20 minutes ago ticks two won clients and submits the payout
 * request, gets «Подтвердите пароль» (checked with axe, for CSP and for sideways scroll at 375 px,
 * photographed at 375 and 1280 px), types a wrong password, then the right one, and the request is
 * created with exactly the clients ticked before. A second run sends the form through htmx (as a
 * fragment request) and checks the confirmation replaces the page's main content and finishes the same way.
 */
import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payoutRequestClients, payoutRequests, sessions, type User } from "../db/schema.js";
import { t } from "../i18n/ru.js";
import { givenPartner, TEST_PASSWORD } from "../testing/fixtures.js";
import { givenCardMethod, givenWonClient } from "../testing/payout-fixtures.js";
import { auditWidths, DESKTOP, launchBrowser, logIn, type PageProblems, type RunningServer, startServer, watchCsp } from "./browser.js";

const DAY = 86_400_000;
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

/** A partner with a card and three won clients (two get ticked), signed in through the login form 20 minutes "ago". */
async function stalePartnerPage(name: string) {
  const now = Date.now();
  const partner = await givenPartner(server.db, { name: "Анна Петрова" });
  await givenCardMethod(server.db, partner.id);
  const clients = [];
  for (const client of ["Сергей Кузнецов", "ООО «Ромашка»", "Не выбранный клиент"]) {
    clients.push(await givenWonClient(server.db, partner.id, { name: client, wonAt: now - 3 * DAY }));
  }
  const context = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU" });
  contexts.push(context);
  const page = await context.newPage();
  watched.push({ name, problems: await watchCsp(page) });
  await logIn(page, partner.email);
  await page.waitForURL("**/dashboard");
  await page.waitForLoadState("load");
  await server.db
    .update(sessions)
    .set({ authenticatedAt: now - 20 * 60_000 })
    .where(eq(sessions.userId, partner.id));
  return { page, partner, ticked: [clients[0]?.id, clients[1]?.id] };
}

const audit = (page: Page, name: string) => auditWidths(page, `sudo-${name}`);

async function tickAndComment(page: Page) {
  // The clients' own boxes (the form also has «Выбрать все»).
  const boxes = page.locator('input[name="client_id"]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByLabel(t.payouts.form.comment).fill("Прошу до пятницы");
}

async function requestOf(partner: User) {
  const [request] = await server.db.select().from(payoutRequests).where(eq(payoutRequests.partnerId, partner.id));
  if (!request) return null;
  const clients = await server.db.select().from(payoutRequestClients).where(eq(payoutRequestClients.requestId, request.id));
  return { comment: request.comment, clientIds: clients.map((c) => c.clientId).sort((a, b) => a - b) };
}

describe("sudo mode (Chromium)", { shuffle: false }, () => {
  it("a stale session confirms the password and the payout request keeps the ticked clients", { timeout: 120_000 }, async () => {
    const { page, partner, ticked } = await stalePartnerPage("plain");
    await page.goto("/payouts");
    await tickAndComment(page);
    // Leaving the comment is a change: let its running-total request finish before the form is sent.
    const total = page.waitForResponse((r) => r.url().endsWith("/payouts/total"));
    await page.getByLabel(t.payouts.form.comment).blur();
    await total;
    const asked = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/payouts"));
    await page.getByRole("button", { name: t.payouts.form.submit }).click();
    expect((await asked).status()).toBe(403);
    await page.getByRole("heading", { name: t.auth.reauth.title }).waitFor();
    expect(await page.title()).toContain(t.auth.reauth.title);
    expect(await page.getByText(t.auth.reauth.explanation(15)).isVisible()).toBe(true);
    expect(await requestOf(partner)).toBeNull();
    await audit(page, "confirm");

    await page.getByLabel(t.auth.fields.password, { exact: true }).fill("not-my-password");
    await page.getByRole("button", { name: t.auth.reauth.submit }).click();
    await page.getByRole("alert").getByText(t.auth.reauth.wrongPassword).waitFor();
    expect(await page.getByLabel(t.auth.fields.password, { exact: true }).inputValue()).toBe("");
    expect(await page.content()).not.toContain("not-my-password");
    expect(await requestOf(partner)).toBeNull();
    await audit(page, "wrong-password");

    await page.getByLabel(t.auth.fields.password, { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole("button", { name: t.auth.reauth.submit }).click();
    await page.waitForURL(/\/payouts\/\d+$/);
    await page.locator("#flash").getByText("отправлен").waitFor();
    expect(await requestOf(partner)).toEqual({ comment: "Прошу до пятницы", clientIds: ticked });
    await audit(page, "done");
  });

  it("an htmx submit shows the confirmation in place of the main content and finishes the same way", { timeout: 120_000 }, async () => {
    const { page, partner, ticked } = await stalePartnerPage("htmx");
    await page.goto("/payouts");
    // The form made into an htmx fragment form, as a future enhancement might do.
    await page.evaluate(() => {
      const form = document.querySelector<HTMLFormElement>("form[action='/payouts']");
      if (!form) throw new Error("no payout form");
      const copy = form.cloneNode(true) as HTMLFormElement;
      copy.removeAttribute("hx-trigger");
      copy.setAttribute("hx-post", "/payouts");
      copy.setAttribute("hx-target", "#payout-total");
      form.replaceWith(copy);
      (window as unknown as { htmx: { process: (e: Element) => void } }).htmx.process(copy);
    });
    await tickAndComment(page);
    const asked = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/payouts"));
    await page.getByRole("button", { name: t.payouts.form.submit }).click();
    const response = await asked;
    expect(response.status()).toBe(403);
    expect(response.request().resourceType()).not.toBe("document");
    await page.getByRole("heading", { name: t.auth.reauth.title }).waitFor();
    expect(await page.locator("main#main").count()).toBe(1);
    expect(await page.locator("main .auth-card").count()).toBe(1);
    expect(await page.getByRole("checkbox").count()).toBe(0);
    await audit(page, "htmx-confirm");

    await page.getByLabel(t.auth.fields.password, { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole("button", { name: t.auth.reauth.submit }).click();
    await page.waitForURL(/\/payouts\/\d+$/);
    expect(await requestOf(partner)).toEqual({ comment: "Прошу до пятницы", clientIds: ticked });

    for (const { name, problems } of watched) {
      expect.soft(problems.csp, `${name}: CSP`).toEqual([]);
      expect.soft(problems.console, `${name}: console`).toEqual([]);
      // The htmx request's own 403 is the confirmation itself, not a failure; a favicon fetch cut short
      // by the next navigation (these steps follow each other within milliseconds) is no page problem.
      const failed = problems.failedRequests.filter((line) => !/^403 .*\/payouts$/.test(line));
      expect.soft(failed, `${name}: failed requests`).toEqual([]);
    }
  });
});
