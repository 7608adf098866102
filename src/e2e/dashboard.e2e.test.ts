/**
 * The dashboard in Chromium, for a busy partner (up to 14 000 clicks a day, clients in every status,
 * money in every state) and a brand-new one: the y axis of the chart has room for its widest label
 * (uPlot's fixed gutter cut «14 000» to «4 000»), the empty chart is a sentence, the main link is the
 * first thing in main on a phone, axe finds nothing serious, no CSP errors. Screenshots:
 * data/screenshots/dashboard-{busy,empty}-{375,1280}.png.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../db/schema.js";
import { savePayoutSettings } from "../features/payouts/payout-settings.js";
import { t } from "../i18n/ru.js";
import { givenDailyClicks, givenLink } from "../testing/dashboard-fixtures.js";
import { givenAdmin, givenPartner } from "../testing/fixtures.js";
import { givenWonClient } from "../testing/payout-fixtures.js";
import { auditWidths, DESKTOP, launchBrowser, logIn, type PageProblems, PHONE, type RunningServer, startServer, watchCsp } from "./browser.js";

const DAY = 86_400_000;
const TZ = "Europe/Moscow"; // the server's APP_TIMEZONE default
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

async function signedIn(partner: User): Promise<{ page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ baseURL: server.origin, viewport: DESKTOP, locale: "ru-RU" });
  contexts.push(context);
  const page = await context.newPage();
  const problems = await watchCsp(page);
  await logIn(page, partner.email);
  await page.waitForURL("**/dashboard");
  return { page, problems };
}

type AxisCheck = { labels: string[]; gutter: number; widest: number; overflowLeft: number };

/** The y labels uPlot drew, the gutter it gave them, and their real width in the axis font. */
function yAxis(page: Page): Promise<AxisCheck> {
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement>("#dashboard-chart");
    const axes = el?.querySelectorAll<HTMLElement>(".u-axis");
    const y = axes?.[1];
    if (!el || !y || !el.dataset.yLabels || !el.dataset.yFont) return { labels: [], gutter: 0, widest: 0, overflowLeft: 0 };
    const labels = JSON.parse(el.dataset.yLabels) as string[];
    const ctx = document.createElement("canvas").getContext("2d") as CanvasRenderingContext2D;
    ctx.font = el.dataset.yFont;
    const widest = Math.max(...labels.map((l) => ctx.measureText(l).width));
    // The axis box must start inside the chart: a box pushed left of it would be cut off.
    const overflowLeft = el.getBoundingClientRect().left - y.getBoundingClientRect().left;
    return { labels, gutter: y.getBoundingClientRect().width, widest, overflowLeft };
  });
}

describe("dashboard", () => {
  it("a busy partner: chart labels fully visible at 375 and 1280 px, counts grouped, share block first on a phone", { timeout: 120_000 }, async () => {
    const partner = await givenPartner(server.db, { name: "Мария", company: "ИП Мария", phone: "+79001112233", decidedAt: Date.now() - 90 * DAY });
    const main = await givenLink(server.db, partner.id, { title: "Весенняя акция" });
    const other = await givenLink(server.db, partner.id, { title: "Каталог для оптовиков" });
    // Clicks ramp up to 14 000 + 1 556 on the last day: five-digit y labels.
    const ramp = Array.from({ length: 30 }, (_, i) => Math.round(14_000 * ((i + 1) / 30) ** 2));
    await givenDailyClicks(server.db, main.id, ramp, TZ, Date.now());
    await givenDailyClicks(
      server.db,
      other.id,
      ramp.map((n) => Math.round(n / 9)),
      TZ,
      Date.now(),
    );
    const now = Date.now();
    await savePayoutSettings(server.db, { holdDays: 14, minKopecks: 0 }, (await givenAdmin(server.db)).id, now);
    for (const [group, n] of [
      ["new", 3],
      ["in_progress", 5],
      ["lost", 2],
    ] as const) {
      for (let i = 0; i < n; i++)
        await givenWonClient(server.db, partner.id, { statusGroup: group, wonAt: null, commissionKopecks: 0, createdAt: now - (i + 1) * DAY });
    }
    await givenWonClient(server.db, partner.id, { amountKopecks: 25_000_000, commissionKopecks: 2_500_000, wonAt: now - 20 * DAY });
    await givenWonClient(server.db, partner.id, { amountKopecks: 8_000_000, commissionKopecks: 800_000, wonAt: now - 2 * DAY });
    await givenWonClient(server.db, partner.id, {
      amountKopecks: 40_000_000,
      commissionKopecks: 4_000_000,
      wonAt: now - 50 * DAY,
      isPaid: true,
      paidAt: now - 10 * DAY,
    });

    const { page, problems } = await signedIn(partner);
    await expect.poll(() => page.locator("#dashboard-chart canvas").count()).toBeGreaterThan(0);
    expect(await page.locator("#activity-clicks .stat-value").textContent()).toMatch(/^\d{1,3}(\u202f\d{3})+$/);
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      await expect.poll(async () => (await yAxis(page)).labels.length, { message: `y labels at ${size.width} px` }).toBeGreaterThan(1);
      const axis = await yAxis(page);
      // From 0 up to a round number at or above the 14 000 peak, grouped with a narrow no-break space.
      expect(axis.labels[0]).toBe("0");
      expect(axis.labels.at(-1)).toMatch(/^\d{2}\u202f000$/);
      expect(Number(axis.labels.at(-1)?.replace("\u202f", ""))).toBeGreaterThanOrEqual(14_000);
      // uPlot draws a label right-aligned, ticks (10 px) and gap (5 px) away from the plot: it fits when
      // the gutter holds the widest label plus those 15 px, and the gutter starts inside the chart.
      expect(axis.gutter, `gutter at ${size.width} px for ${axis.labels.join(", ")}`).toBeGreaterThanOrEqual(axis.widest + 15);
      expect(axis.overflowLeft).toBeLessThanOrEqual(0);
    }
    // No uPlot legend (its «Переходы:» with an empty value); the HTML legend has no colons.
    expect(await page.locator(".u-legend").count()).toBe(0);
    expect(await page.locator(".chart-legend").textContent()).not.toContain(":");
    expect(await page.locator("figcaption.chart-caption").textContent()).toContain(t.dashboard.activity.chartCaption(0, 0).split(".")[0]);
    // Pointing at the plot names the day and its values, grouped.
    const plot = page.locator("#dashboard-chart .u-over");
    const box = await plot.boundingBox();
    if (!box) throw new Error("no plot area");
    await plot.hover({ position: { x: box.width - 2, y: box.height / 2 } });
    await expect.poll(() => page.locator("#dashboard-chart-readout").textContent()).toMatch(/^\d\d\.\d\d: .*15\u202f556/); // 14 000 + 1 556 of the other link

    await page.setViewportSize(PHONE);
    await expectShareFirst(page, main.title);
    await auditWidths(page, "dashboard-busy");
    expect(problems.csp).toEqual([]);
    expect(problems.console).toEqual([]);
  });

  it("a new partner: the empty chart is a sentence, no link means «Создать ссылку», the checklist and welcome card show", { timeout: 120_000 }, async () => {
    const partner = await givenPartner(server.db, { name: "Олег", decidedAt: Date.now() - DAY });
    const { page, problems } = await signedIn(partner);
    await page.setViewportSize(PHONE);
    expect(await page.locator("p.chart-empty").textContent()).toBe(t.dashboard.activity.chartEmpty);
    expect(await page.locator("#dashboard-chart canvas").count()).toBe(0);
    const first = page.locator("main > section").first();
    expect(await first.getAttribute("class")).toContain("dash-share");
    expect(await first.getByRole("link", { name: t.dashboard.share.create }).isVisible()).toBe(true);
    expect(await page.getByRole("heading", { name: t.dashboard.welcome.heading }).isVisible()).toBe(true);
    expect(await page.getByRole("heading", { name: t.dashboard.steps.heading }).isVisible()).toBe(true);
    await auditWidths(page, "dashboard-empty");
    expect(problems.csp).toEqual([]);
    expect(problems.console).toEqual([]);
  });
});

/** On a phone the share block opens main and its URL is on the first screen. */
async function expectShareFirst(page: Page, title: string) {
  const firstChild = await page.evaluate(() => {
    const kids = [...(document.querySelector("main")?.children ?? [])].filter((el) => el.id !== "flash" || el.childElementCount > 0);
    return kids[0]?.className ?? "";
  });
  expect(firstChild).toContain("dash-share");
  expect(await page.locator(".dash-share").textContent()).toContain(title);
  const url = await page.locator("#main-link").boundingBox();
  expect(url && url.y + url.height).toBeLessThanOrEqual(PHONE.height);
}
