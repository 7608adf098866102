/**
 * The landings editor after the design pass: the public address made with the landing (or one click
 * away for older ones), the colour swatches with a custom hex, confirmations before deleting an image
 * or switching a landing off, and the list's cards with their figures.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { clients, landingImages, landings, linkDailyStats, links } from "../../db/schema.js";
import { t as text } from "../../i18n/ru.js";
import { givenPartner, snapshot } from "../../testing/fixtures.js";
import { cookiesFrom, createTestApp, TEST_ORIGIN, type TestApp } from "../../testing/test-app.js";
import { addImages, createLanding, createLandingWithLink, getLanding } from "./landings.js";

const uploads = mkdtempSync(join(tmpdir(), "cabinet-editor-"));
afterAll(() => rmSync(uploads, { recursive: true, force: true }));

let t: TestApp;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp({ UPLOAD_DIR: uploads });
  partner = await givenPartner(t.db);
  cookie = await t.cookieFor(partner);
});

const form = { title: "Осенняя", header_text: "Скидки до 30 %", description: "Приходите", button_text: "Хочу", theme_color: "#0f766e" };
const input = { title: "Моя", headerText: "Окна под ключ", description: "D", buttonText: "B", themeColor: "#123456" };
const html = async (path: string) => (await t.request(path, { cookie })).text();

describe("the landing's public address", () => {
  it("is made with the landing in the same batch and shown on the editor with «Открыть как посетитель»", async () => {
    const res = await t.request("/landings", { cookie, form });
    expect(res.status).toBe(303);
    const [landing] = await t.db.select().from(landings);
    const made = await t.db.select().from(links);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ partnerId: partner.id, landingId: landing?.id, linkType: "landing", isActive: true, title: "Осенняя", targetUrl: null });
    const page = await html(`/landings/${landing?.id}/edit`);
    // Shown in full (a <wbr> may sit after the origin), with copy, share and the link's QR code.
    expect(page.replaceAll("<wbr/>", "")).toContain(`id="landing-address">${TEST_ORIGIN}/l/${made[0]?.code}<`);
    expect(page).toContain(`data-share-url="${TEST_ORIGIN}/l/${made[0]?.code}"`);
    expect(page).toContain(`/links/${made[0]?.id}/qr.svg`);
    expect(page).toContain(`href="${TEST_ORIGIN}/l/${made[0]?.code}"`);
    expect(page).toContain(text.landings.openAsVisitor);
    expect(page).not.toContain(text.landings.createAddress);
    // And the visitor's page really opens at that address.
    expect((await t.request(`/l/${made[0]?.code}`)).status).toBe(200);
  });

  it("is one click away for a landing without an active link, and the click makes exactly one", async () => {
    const landing = await createLanding(t.db, partner.id, input, t.clock.now);
    const page = await html(`/landings/${landing.id}/edit`);
    expect(page).toContain(text.landings.noAddress);
    expect(page).toContain(`action="/landings/${landing.id}/address"`);
    const res = await t.request(`/landings/${landing.id}/address`, { cookie, form: {} });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/landings/${landing.id}/edit`);
    const flashed = await (await t.request(`/landings/${landing.id}/edit`, { cookie: cookiesFrom(res, cookie) })).text();
    expect(flashed).toContain(text.landings.addressCreated);
    await t.request(`/landings/${landing.id}/address`, { cookie, form: {} });
    const made = await t.db.select().from(links).where(eq(links.landingId, landing.id));
    expect(made.map((l) => [l.linkType, l.isActive])).toEqual([["landing", true]]);
    expect(await html(`/landings/${landing.id}/edit`)).toContain(`${TEST_ORIGIN}/l/${made[0]?.code}`);
  });

  it("answers 404 on another partner's landing and stores nothing", async () => {
    const other = await createLanding(t.db, (await givenPartner(t.db)).id, input, t.clock.now);
    const before = await snapshot(t.client);
    expect((await t.request(`/landings/${other.id}/address`, { cookie, form: {} })).status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("the theme colour", () => {
  it("stores a swatch, or the custom hex (lower-cased) when «own colour» is chosen", async () => {
    await t.request("/landings", { cookie, form });
    await t.request("/landings", { cookie, form: { ...form, theme_color: "custom", theme_color_custom: " #AbCdEf " } });
    expect((await t.db.select().from(landings)).map((l) => l.themeColor)).toEqual(["#0f766e", "#abcdef"]);
  });

  it.each([
    ["a custom value that is not a colour", { theme_color: "custom", theme_color_custom: "red" }, "red"],
    ["«own colour» with the hex left empty", { theme_color: "custom", theme_color_custom: "" }, ""],
    ["a swatch value that is not a colour", { theme_color: "url(x)" }, null],
  ])("refuses %s in Russian, keeps the typed values and stores nothing", async (_label, colour, kept) => {
    const before = await snapshot(t.client);
    const res = await t.request("/landings", { cookie, form: { ...form, ...colour } });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain(text.landings.colorInvalid);
    expect(page).toContain('value="Скидки до 30 %"');
    if (kept !== null) {
      expect(page).toMatch(new RegExp(`name="theme_color_custom"[^>]*value="${kept}"`));
      expect(page).toMatch(/value="custom" checked/);
    }
    expect(await snapshot(t.client)).toBe(before);
  });

  it("renders the swatches as radios with the saved one checked, and «own colour» for any other hex", async () => {
    const { landing } = await createLandingWithLink(t.db, partner.id, { ...input, themeColor: "#db2777" }, t.clock.now);
    const page = await html(`/landings/${landing.id}/edit`);
    expect(page.match(/type="radio" name="theme_color"/g)?.length).toBeGreaterThanOrEqual(9);
    expect(page).toMatch(/value="#db2777" checked/);
    const { landing: odd } = await createLandingWithLink(t.db, partner.id, { ...input, themeColor: "#123456" }, t.clock.now);
    const oddPage = await html(`/landings/${odd.id}/edit`);
    expect(oddPage).toMatch(/value="custom" checked/);
    expect(oddPage).toMatch(/name="theme_color_custom"[^>]*value="#123456"/);
  });

  it("previews a custom colour without storing it", async () => {
    const { landing } = await createLandingWithLink(t.db, partner.id, input, t.clock.now);
    const before = await snapshot(t.client);
    const res = await t.request(`/landings/${landing.id}/preview`, { cookie, form: { ...form, theme_color: "custom", theme_color_custom: "#ffcc00" } });
    expect(await res.text()).toContain('fill="#ffcc00"');
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("the live preview", () => {
  it("on the create page shows sample text until the partner types, and stores nothing", async () => {
    const before = await snapshot(t.client);
    const empty = await (await t.request("/landings/preview", { cookie, form: {} })).text();
    expect(empty).toContain(text.landings.sample.headerText);
    expect(empty).toContain(`fill="${text.landings.defaults.themeColor}"`);
    const typed = await (await t.request("/landings/preview", { cookie, form: { header_text: "<i>Окна</i>", theme_color: "#7c3aed" } })).text();
    expect(typed).toContain("&lt;i&gt;Окна&lt;/i&gt;");
    expect(typed).toContain(text.landings.sample.description);
    expect(typed).toContain('fill="#7c3aed"');
    expect(await snapshot(t.client)).toBe(before);
    expect(await html("/landings/new")).toContain('hx-post="/landings/preview"');
  });

  it("on the editor keeps the saved text of a field left empty while typing in another", async () => {
    const { landing } = await createLandingWithLink(t.db, partner.id, input, t.clock.now);
    const res = await t.request(`/landings/${landing.id}/preview`, { cookie, form: { ...form, header_text: "", description: "Новое описание" } });
    const page = await res.text();
    expect(page).toContain("Окна под ключ");
    expect(page).toContain("Новое описание");
  });
});

describe("confirmations", () => {
  async function givenImages(landingId: number) {
    const image = (name: string) => ({ fileName: name, mime: "image/webp", width: 40, height: 30, bytes: 100 });
    await addImages(t.db, landingId, [image(`${"a".repeat(32)}.webp`), image(`${"b".repeat(32)}.webp`)], t.clock.now);
    return t.db.select().from(landingImages).orderBy(landingImages.sortOrder);
  }

  it("deleting an image without confirmed=1 answers the confirmation page and deletes nothing", async () => {
    const { landing } = await createLandingWithLink(t.db, partner.id, input, t.clock.now);
    const [, second] = await givenImages(landing.id);
    const before = await snapshot(t.client);
    const res = await t.request(`/landings/${landing.id}/images/${second?.id}/deletion`, { cookie, form: {} });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(text.landings.deleteImageQuestion(2));
    expect(page).toContain('name="confirmed" value="1"');
    expect(page).toContain(`href="/landings/${landing.id}/edit#images"`);
    expect(await snapshot(t.client)).toBe(before);

    const done = await t.request(`/landings/${landing.id}/images/${second?.id}/deletion`, { cookie, form: { confirmed: "1" } });
    expect(done.status).toBe(303);
    expect(await t.db.$count(landingImages)).toBe(1);
    expect(await (await t.request(`/landings/${landing.id}/edit`, { cookie: cookiesFrom(done, cookie) })).text()).toContain(text.landings.imageDeleted);
  });

  it("the editor's delete buttons ask first (data-confirm) and name their image", async () => {
    const { landing } = await createLandingWithLink(t.db, partner.id, input, t.clock.now);
    await givenImages(landing.id);
    const page = await html(`/landings/${landing.id}/edit`);
    expect(page).toContain(`data-confirm="${text.landings.deleteImageQuestion(1)}"`);
    expect(page).toContain(`aria-label="${text.landings.deleteImageLabel(2)}"`);
    expect(page).toContain(text.landings.cover);
  });

  it("a missing or foreign image answers 404, not a confirmation page", async () => {
    const { landing } = await createLandingWithLink(t.db, partner.id, input, t.clock.now);
    const { landing: foreign } = await createLandingWithLink(t.db, (await givenPartner(t.db)).id, input, t.clock.now);
    const [image] = await givenImages(foreign.id);
    expect((await t.request(`/landings/${landing.id}/images/${image?.id}/deletion`, { cookie, form: {} })).status).toBe(404);
    expect((await t.request(`/landings/${foreign.id}/images/${image?.id}/deletion`, { cookie, form: { confirmed: "1" } })).status).toBe(404);
    expect(await t.db.$count(landingImages)).toBe(2);
  });

  it("switching a landing off asks first; confirmed, it is off", async () => {
    const { landing } = await createLandingWithLink(t.db, partner.id, input, t.clock.now);
    const asked = await t.request(`/landings/${landing.id}/deactivation`, { cookie, form: {} });
    expect(await asked.text()).toContain(text.landings.deactivateQuestion);
    expect((await getLanding(t.db, partner.id, landing.id))?.isActive).toBe(true);
    await t.request(`/landings/${landing.id}/deactivation`, { cookie, form: { confirmed: "1" } });
    expect((await getLanding(t.db, partner.id, landing.id))?.isActive).toBe(false);
    expect(await html(`/landings/${landing.id}/edit`)).toContain(text.landings.addressInactive);
  });
});

describe("GET /landings", () => {
  it("shows an empty state with one sentence and «Создать лендинг»", async () => {
    const page = await html("/landings");
    expect(page).toContain(text.landings.empty);
    expect(page).toContain(`href="/landings/new">${text.landings.newLanding}`);
  });

  it("shows each landing's heading, address, grouped visits and requests", async () => {
    const { landing, link } = await createLandingWithLink(t.db, partner.id, input, t.clock.now);
    await t.db.insert(linkDailyStats).values([
      { linkId: link.id, day: "2026-11-20", clicks: 12_000, uniqueVisitors: 10 },
      { linkId: link.id, day: "2026-11-21", clicks: 345, uniqueVisitors: 5 },
    ]);
    const now = t.clock.now;
    await t.db.insert(clients).values(
      [1, 2, 3].map((n) => ({
        partnerId: partner.id,
        landingId: landing.id,
        linkId: link.id,
        source: "form" as const,
        name: `К${n}`,
        searchName: `к${n}`,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const page = await html("/landings");
    expect(page).toContain("Окна под ключ");
    expect(page).toContain(text.landings.privateTitle("Моя"));
    expect(page).toContain(`href="${TEST_ORIGIN}/l/${link.code}"`);
    expect(page).toContain("<dd>12\u202f345</dd>");
    expect(page).toContain("<dd>3</dd>");
  });
});
