/**
 * htmx swaps under the strict CSP (issue 10a): the landing editor's live preview and the public lead
 * form answered with errors are swapped in place, and the browser logs no CSP violation and no
 * console error while doing it (htmx must not copy or set inline `style` attributes).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLanding } from "../features/landings/landings.js";
import { createLink } from "../features/links/links.js";
import { t } from "../i18n/ru.js";
import { givenPartner } from "../testing/fixtures.js";
import { launchBrowser, logIn, PHONE, type RunningServer, startServer, watchCsp } from "./browser.js";

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

/**
 * Gives every field of the page an inline style through the CSSOM, which CSP allows: what Chromium
 * does to a textarea the user resizes, and what autofill and password-manager extensions do to
 * inputs. htmx's settle step used to copy such attributes onto the new content with setAttribute,
 * which `style-src 'self'` refuses (one violation per field, six per lead-form swap).
 */
function styleFieldsLikeTheBrowser(page: import("playwright-core").Page) {
  return page.evaluate(() => {
    for (const el of document.querySelectorAll<HTMLElement>("input[id], textarea[id]")) el.style.setProperty("min-height", "1px");
  });
}

/** Waits for the next htmx swap on the page to settle. */
function nextSettle(page: import("playwright-core").Page) {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        document.addEventListener("htmx:after:settle", () => setTimeout(resolve, 50), { once: true });
      }),
  );
}

describe("htmx swaps under the strict CSP", () => {
  it("updates the editor preview and the lead form with a clean console", { timeout: 90_000 }, async () => {
    const partner = await givenPartner(server.db, { name: "Вера" });
    const landing = await createLanding(
      server.db,
      partner.id,
      { title: "Весна", headerText: "Окна", description: "Тёплые окна.", buttonText: "Жду звонка", themeColor: "#1a73e8" },
      Date.now(),
    );
    const link = await createLink(
      server.db,
      partner.id,
      {
        title: "Окна",
        linkType: "landing",
        targetUrl: null,
        landingId: landing.id,
        utmSource: null,
        utmMedium: null,
        utmCampaign: null,
        utmContent: null,
        utmTerm: null,
      },
      Date.now(),
    );

    // The editor: two live-preview swaps (the text, then the colour).
    const context = await browser.newContext({ baseURL: server.origin, viewport: PHONE, locale: "ru-RU" });
    const page = await context.newPage();
    const problems = await watchCsp(page);
    await logIn(page, partner.email);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`/landings/${landing.id}/edit`);
    await page.waitForFunction(() => "htmx" in window);
    const preview = page.locator("#landing-preview");
    await styleFieldsLikeTheBrowser(page);
    let settled = nextSettle(page);
    await page.getByLabel(t.landings.fields.headerText).fill("Окна под ключ");
    await settled;
    await expect.poll(() => preview.getByText("Окна под ключ").isVisible()).toBe(true);
    await styleFieldsLikeTheBrowser(page);
    settled = nextSettle(page);
    await page.getByLabel(t.landings.fields.customColorField).fill("#e11d48");
    await settled;
    await expect.poll(() => preview.locator("rect").getAttribute("fill")).toBe("#e11d48");
    await page.waitForTimeout(200);
    expect(problems.csp, "CSP violations on the editor").toEqual([]);
    expect(problems.console, "console errors on the editor").toEqual([]);
    await context.close();

    // The public lead form: sent empty (errors, swapped in place), then sent right (the thank-you).
    const visitor = await browser.newContext({ viewport: PHONE, locale: "ru-RU" });
    const lp = await visitor.newPage();
    const lpProblems = await watchCsp(lp);
    await lp.goto(`${server.origin}/l/${link.code}`);
    await lp.waitForFunction(() => "htmx" in window);
    await lp.waitForTimeout(2_100); // the form refuses posts made faster than a person could type
    await styleFieldsLikeTheBrowser(lp);
    settled = nextSettle(lp);
    await lp.getByRole("button", { name: "Жду звонка" }).click();
    await settled;
    await expect.poll(() => lp.getByText(t.validation.formErrors).isVisible()).toBe(true);
    expect(lp.url()).toBe(`${server.origin}/l/${link.code}`);
    await lp.waitForTimeout(2_100); // the new form's token starts the clock again
    await styleFieldsLikeTheBrowser(lp);
    settled = nextSettle(lp);
    await lp.getByLabel(t.publicForm.name).fill("Пётр");
    await lp.getByLabel(t.publicForm.phone).fill("8 (912) 345-67-11");
    await lp.getByRole("button", { name: "Жду звонка" }).click();
    await settled;
    await expect.poll(() => lp.getByText(t.publicForm.thanksTitle).isVisible()).toBe(true);
    await lp.waitForTimeout(200);
    expect(lpProblems.csp, "CSP violations on the lead form").toEqual([]);
    expect(lpProblems.console, "console errors on the lead form").toEqual([]);
    await visitor.close();
  });
});
