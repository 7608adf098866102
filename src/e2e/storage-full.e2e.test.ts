/**
 * Storage that cannot be written (issue 10, finding 8) in Chromium: a partner on a phone submits a new
 * landing while the database refuses writes; the 503 page says nothing was saved and keeps what was
 * typed; once storage is back, one press of «Отправить ещё раз» saves it. Pages stay readable meanwhile.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { landings } from "../db/schema.js";
import { t } from "../i18n/ru.js";
import { givenPartner } from "../testing/fixtures.js";
import { auditWidths, launchBrowser, logIn, PHONE, type RunningServer, startServer, watchCsp } from "./browser.js";

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

const audit = (page: Page, name: string) => auditWidths(page, `storage-${name}`);

describe("storage that cannot be written", () => {
  it("answers 503 with the typed fields kept, serves reads, and saves on the retry once storage is back", { timeout: 90_000 }, async () => {
    const partner = await givenPartner(server.db, { name: "Анна" });
    const context = await browser.newContext({ baseURL: server.origin, viewport: PHONE, locale: "ru-RU" });
    const page = await context.newPage();
    const problems = await watchCsp(page);
    await logIn(page, partner.email);
    await page.goto("/landings/new");
    const f = t.landings.fields;
    await page.getByLabel(f.title).fill("Зимняя акция");
    await page.getByLabel(f.headerText).fill("Скидки до 30 %");
    await page.getByLabel(f.description).fill("Первая строка\nВторая");
    await page.getByLabel(f.buttonText).fill("Хочу");

    // The database turns read-only (a full disk or a read-only mount answers the same way).
    await server.client.execute("PRAGMA query_only = 1");
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/landings"));
    await page.getByRole("button", { name: t.save }).click();
    const response = await answered;
    expect(response.status()).toBe(503);
    expect(response.headers()["retry-after"]).toBe("60");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(t.errors.storageDownTitle);
    expect(await page.getByText(t.errors.storageKept).isVisible()).toBe(true);
    await audit(page, "503");
    expect(await server.db.select().from(landings)).toHaveLength(0);

    // Reads still work while writes cannot.
    const other = await context.newPage();
    expect((await other.goto("/landings"))?.status()).toBe(200);
    await other.close();

    await server.client.execute("PRAGMA query_only = 0");
    await page.getByRole("button", { name: t.errors.storageRetry }).click();
    await expect.poll(() => page.getByText(t.landings.created).isVisible()).toBe(true);
    const saved = await server.db.select().from(landings);
    expect(saved.map((l) => [l.title, l.headerText, l.description])).toEqual([["Зимняя акция", "Скидки до 30 %", "Первая строка\r\nВторая"]]);
    expect(problems.csp).toEqual([]);
    await context.close();
  });
});
