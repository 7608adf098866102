/**
 * The Bitrix24 journey in Chromium, against the emulator on loopback: the admin connects the portal on
 * /admin/crm (webhook, token, connection check, funnel and stage picked from the portal's lists,
 * tracking field) and sets the global rate; a visitor leaves a request on a partner's landing; the
 * delivery worker creates the deal with its contact; the portal wins the deal with an amount and posts
 * the event; the partner sees the status, the commission and a notification. Every page: axe, CSP, and
 * at 375 px no sideways scroll; screenshots go to data/screenshots/crm-*.png.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config.js";
import { clients } from "../db/schema.js";
import { percentToBp } from "../features/commissions/commissions.js";
import { loadCrmSettings } from "../features/crm/settings/crm-settings.js";
import { toDeliverySettings } from "../features/crm/settings/delivery-settings.js";
import { createLanding } from "../features/landings/landings.js";
import { createLink } from "../features/links/links.js";
import { t } from "../i18n/ru.js";
import { bitrix24Clients } from "../integrations/bitrix24/clients.js";
import { type Bitrix24Emulator, startBitrix24Emulator } from "../integrations/bitrix24/emulator/index.js";
import { startCrmSync } from "../jobs/crm-sync.js";
import { startDeliveryWorker } from "../jobs/delivery-worker.js";
import { EVENTS } from "../testing/crm-sync.js";
import { givenAdmin, givenPartner } from "../testing/fixtures.js";
import { auditWidths, DESKTOP, launchBrowser, logIn, type PageProblems, PHONE, type RunningServer, shot, startServer, watchCsp } from "./browser.js";

let server: RunningServer;
let emu: Bitrix24Emulator;
let browser: Browser;
let jobs: Array<{ stop(): Promise<void> }> = [];
const contexts: BrowserContext[] = [];
const watched: { name: string; problems: PageProblems }[] = [];

beforeAll(async () => {
  emu = await startBitrix24Emulator({
    seed: {
      funnels: [
        {
          id: 1,
          name: "Партнёрская воронка",
          stages: [
            { id: "NEW", name: "Заявка от партнёра", sort: 10 },
            { id: "UC_TALK", name: "Переговоры", sort: 20 },
            { id: "WON", name: "Договор подписан", sort: 60 },
            { id: "LOSE", name: "Отказ", sort: 70 },
          ],
        },
      ],
      userFields: [
        { entity: "lead", code: "UF_CRM_PARTNER_CODE", type: "string", label: "Код партнёра" },
        { entity: "deal", code: "UF_CRM_PARTNER_CODE", type: "string", label: "Код партнёра" },
      ],
    },
  });
  server = await startServer();
  browser = await launchBrowser();
  // The worker and the sync as src/server.ts runs them: they read the settings saved on /admin/crm on every pass.
  const config = parseConfig({ PUBLIC_ORIGIN: server.origin, LOG_LEVEL: "silent", DATABASE_URL: "file::memory:", NODE_ENV: "test" });
  const db = server.db;
  const bitrix24 = bitrix24Clients();
  const now = () => Date.now();
  const onError = (error: unknown) => console.error("crm job failed", error);
  jobs = [
    startDeliveryWorker({
      db,
      resolve: async () => {
        const crm = await loadCrmSettings(db, config);
        if (!crm.webhookUrl) return null;
        return { b24: bitrix24(crm.webhookUrl), settings: toDeliverySettings(crm, (c, partnerName) => t.crm.leadTitle(c.name, partnerName)) };
      },
      now,
      onError,
    }),
    startCrmSync({
      db,
      resolve: async () => {
        const crm = await loadCrmSettings(db, config);
        if (!crm.webhookUrl) return null;
        const settings = {
          portalKey: new URL(crm.webhookUrl).host,
          defaultRewardBp: percentToBp(config.DEFAULT_REWARD_PERCENTAGE),
          texts: t.commissions.notices,
        };
        return { b24: bitrix24(crm.webhookUrl), settings };
      },
      now,
      onError,
    }),
  ];
});

afterAll(async () => {
  for (const job of jobs) await job.stop();
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
  await emu?.close();
});

async function openPage(name: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.origin, viewport, locale: "ru-RU" });
  contexts.push(context);
  const page = await context.newPage();
  watched.push({ name, problems: await watchCsp(page) });
  return page;
}

/** axe at both widths, no sideways scroll on a phone, a screenshot at 375 and 1280 px. */
const audit = (page: Page, name: string) => auditWidths(page, `crm-${name}`);

async function logInAndWait(page: Page, email: string) {
  await logIn(page, email);
  await page.waitForURL((url) => url.pathname !== "/login");
}

const flash = (page: Page) => page.locator(".flash").first().textContent();
const secret = () => emu.webhookUrl.split("/rest/")[1]?.split("/")[1] ?? "";

describe("Bitrix24 journey", () => {
  it("takes a landing request to a won deal in the emulator and back to the partner's commission", { timeout: 180_000 }, async () => {
    const m = t.crmAdmin;
    // 1. The admin connects the portal and chooses where leads go.
    const admin = await givenAdmin(server.db);
    const adminPage = await openPage("admin");
    await logInAndWait(adminPage, admin.email);
    await adminPage.goto("/admin/crm");
    await audit(adminPage, "admin-empty");
    await adminPage.getByLabel(m.webhookUrl).fill(emu.webhookUrl);
    await adminPage.getByLabel(m.applicationToken).fill(emu.applicationToken);
    await adminPage.getByLabel(m.entityTypes.deal).check();
    await adminPage.getByLabel(m.trackingField).fill("UF_CRM_PARTNER_CODE");
    await adminPage.getByRole("button", { name: m.save, exact: true }).click();
    expect(await flash(adminPage)).toContain(m.saved);
    await adminPage.getByRole("button", { name: m.check }).click();
    expect(await flash(adminPage)).toContain("Соединение работает");
    await adminPage.getByLabel(m.category).selectOption({ label: "Партнёрская воронка" });
    await adminPage.getByRole("button", { name: m.save, exact: true }).click();
    // The stage list follows the saved funnel (no JavaScript needed).
    await adminPage.getByLabel(m.stage).selectOption({ label: "Заявка от партнёра" });
    await adminPage.getByRole("button", { name: m.save, exact: true }).click();
    expect(await flash(adminPage)).toContain(m.saved);
    expect(await adminPage.getByLabel(m.stage).inputValue()).toBe("C1:NEW");
    expect(await adminPage.content()).not.toContain(secret());
    await audit(adminPage, "admin-configured");
    // The portal's outgoing webhook points at the handler URL shown on the page, with the token entered above.
    const handlerUrl = await adminPage.locator("#handler-url").inputValue();
    expect(handlerUrl).toBe(`${server.origin}/webhooks/bitrix24`);
    emu.control.addEventHandler({ handlerUrl, events: EVENTS, applicationToken: emu.applicationToken });

    // The global rate, typed the Russian way; the deal below is won after this, so it accrues at 12,5 %.
    await adminPage.goto("/admin/settings");
    await adminPage.getByLabel(t.commissions.globalRate.label).fill("12,5");
    await adminPage.getByRole("button", { name: t.commissions.globalRate.submit }).click();
    expect(await flash(adminPage)).toContain("12,5\u00a0%");
    await audit(adminPage, "admin-settings");

    // 2. A partner with a landing link; a visitor on a phone leaves a request.
    const partner = await givenPartner(server.db, { name: "Анна Партнёр" });
    const landing = await createLanding(
      server.db,
      partner.id,
      { title: "Кухни", headerText: "Кухни на заказ", description: "Замер бесплатно.", buttonText: "Оставить заявку", themeColor: "#1a73e8" },
      Date.now(),
    );
    const link = await createLink(
      server.db,
      partner.id,
      {
        title: "Лендинг кухни",
        linkType: "landing",
        targetUrl: null,
        landingId: landing.id,
        utmSource: "vk",
        utmMedium: "social",
        utmCampaign: "kitchens",
        utmContent: null,
        utmTerm: null,
      },
      Date.now(),
    );
    const visitor = await openPage("visitor", PHONE);
    await visitor.goto(`/l/${link.code}`);
    await visitor.waitForTimeout(2_100); // the form refuses posts made faster than a person could type
    await visitor.getByLabel(t.publicForm.name).fill("Мария Кухнина");
    await visitor.getByLabel(t.publicForm.phone).fill("8 (912) 345-67-89");
    await visitor.getByLabel(t.publicForm.email).fill("maria@example.ru");
    await visitor.getByRole("button", { name: "Оставить заявку" }).click();
    await expect.poll(() => visitor.getByText(t.publicForm.thanksTitle).isVisible()).toBe(true);

    // 3. The worker delivers it: a deal in the chosen funnel and stage, with UTMs and the tracking code, and its contact.
    const [client] = await server.db.select().from(clients);
    if (!client) throw new Error("no client stored");
    const originId = `client-${client.id}`;
    await expect.poll(() => emu.control.listDeals().find((d) => d.ORIGIN_ID === originId), { timeout: 20_000 }).toBeTruthy();
    const deal = emu.control.listDeals().find((d) => d.ORIGIN_ID === originId) ?? {};
    expect(deal).toMatchObject({
      CATEGORY_ID: "1",
      STAGE_ID: "C1:NEW",
      UTM_SOURCE: "vk",
      UTM_MEDIUM: "social",
      UTM_CAMPAIGN: "kitchens",
      UF_CRM_PARTNER_CODE: `partner-${partner.partnerCode}`,
    });
    const contact = emu.control.getContact(Number(deal.CONTACT_ID)) ?? {};
    expect(contact.PHONE).toEqual([expect.objectContaining({ VALUE: "+79123456789", VALUE_TYPE: "WORK" })]);
    expect(contact.EMAIL).toEqual([expect.objectContaining({ VALUE: "maria@example.ru", VALUE_TYPE: "WORK" })]);

    // 4. The manager wins the deal with an amount; the portal posts the events to the cabinet.
    const dealId = Number(deal.ID);
    emu.control.setDealAmount(dealId, 250_000, "RUB");
    emu.control.moveDeal(dealId, "C1:WON");
    await emu.control.waitForEvents();
    expect(
      emu.control
        .deliveries()
        .filter((d) => d.entityId === dealId)
        .every((d) => d.outcome === "delivered" && d.status === 200),
    ).toBe(true);
    const row = async () => (await server.db.select().from(clients))[0];
    await expect.poll(async () => (await row())?.commissionKopecks, { timeout: 20_000 }).toBe(3_125_000);
    expect(await row()).toMatchObject({ statusGroup: "won", statusName: "Договор подписан", amountKopecks: 25_000_000, deliveryState: "sent" });

    // 5. The partner sees the status, the amount, the commission and the notification.
    const partnerPage = await openPage("partner", PHONE);
    await logInAndWait(partnerPage, partner.email);
    await expect.poll(() => partnerPage.locator("#bell-count .badge").textContent()).toBe("1");
    await partnerPage.goto("/clients");
    const listed = partnerPage.locator(`#client-${client.id}`);
    expect(await listed.textContent()).toContain("Договор подписан");
    expect(await listed.textContent()).toContain("250\u00a0000,00\u00a0₽");
    expect(await listed.textContent()).toContain("31\u00a0250,00\u00a0₽");
    await audit(partnerPage, "partner-clients");
    await listed.getByRole("link", { name: "Мария Кухнина" }).click();
    const money = partnerPage.locator("#money");
    expect(await money.textContent()).toContain("31\u00a0250,00\u00a0₽");
    expect(await money.textContent()).toContain("12,5\u00a0%");
    expect(await money.textContent()).toContain(t.commissions.reasons.won);
    const timeline = await partnerPage.locator("#timeline").textContent();
    expect(timeline).toContain("Отправлен в Bitrix24 как сделка");
    expect(timeline).toContain("Статус: Договор подписан");
    await audit(partnerPage, "partner-client");
    await partnerPage.setViewportSize(PHONE);
    await partnerPage.locator("#bell summary").click();
    const bell = partnerPage.locator("#bell-list");
    await expect.poll(() => bell.isVisible()).toBe(true);
    expect(await bell.textContent()).toContain(
      t.commissions.notices.won({ clientName: "", amountKopecks: 0, currencyId: null, oldKopecks: 0, newKopecks: 0 }).title,
    );
    expect(await bell.textContent()).toContain("ваше вознаграждение 31\u00a0250,00\u00a0₽");
    await shot(partnerPage, "crm-partner-bell-375");
    // What the partner /crm page used to show that matters to partners is on the dashboard now:
    // the clients by status group and the won total (the company's funnel set-up is not shown).
    await partnerPage.goto("/dashboard");
    const home = await partnerPage.content();
    expect(home).not.toContain(secret());
    expect(home).not.toContain(emu.applicationToken);
    expect(home).not.toContain("/rest/");
    expect(await partnerPage.locator("#clients-won .client-group-count").textContent()).toBe("1");
    expect(await partnerPage.locator("#won-RUB").textContent()).toContain("31\u00a0250,00\u00a0₽");
    await audit(partnerPage, "partner-dashboard");

    // 6. The client gets paid; then the manager changes the amount: money stays, the admin sees the flag,
    // the partner only a neutral line.
    await server.db.update(clients).set({ isPaid: true, paidAt: Date.now() });
    emu.control.setDealAmount(dealId, 300_000, "RUB");
    await emu.control.waitForEvents();
    await expect.poll(async () => (await row())?.commissionFlagged, { timeout: 20_000 }).toBe(true);
    expect((await row())?.commissionKopecks).toBe(3_125_000);
    await adminPage.goto("/admin/crm");
    const flagged = adminPage.locator(`#flagged-${client.id}`);
    expect(await flagged.textContent()).toContain("Анна Партнёр");
    expect(await flagged.textContent()).toContain("31\u00a0250,00\u00a0₽");
    expect(await flagged.textContent()).toContain("37\u00a0500,00\u00a0₽");
    expect(await flagged.getByRole("link", { name: "Анна Партнёр" }).getAttribute("href")).toBe(`/admin/partners/${partner.id}`);
    await audit(adminPage, "admin-flagged");
    await partnerPage.goto(`/clients/${client.id}`);
    expect(await partnerPage.locator("#timeline").textContent()).toContain(t.clients.timeline.flagged);
    expect(await partnerPage.content()).not.toContain("37\u00a0500,00");
    await audit(partnerPage, "partner-client-flagged");

    for (const { name, problems } of watched) {
      expect(problems.csp, `${name}: CSP`).toEqual([]);
      expect(problems.console, `${name}: console`).toEqual([]);
    }
  });
});
