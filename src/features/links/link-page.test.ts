/** The link form (types, analytics presets), the link page (share block, figures) and deactivation's confirmation. */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { linkDailyStats, links, type User } from "../../db/schema.js";
import { t as ru } from "../../i18n/ru.js";
import { givenPartner, snapshot } from "../../testing/fixtures.js";
import { givenWonClient } from "../../testing/payout-fixtures.js";
import { cookiesFrom, createTestApp, TEST_ORIGIN, type TestApp } from "../../testing/test-app.js";
import { createLink } from "./links.js";

let t: TestApp;
let partner: User;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  partner = await givenPartner(t.db);
  cookie = await t.cookieFor(partner);
});

const noUtm = { utm_source: "", utm_medium: "", utm_campaign: "", utm_content: "", utm_term: "" };
const form = { title: "Пост", link_type: "direct", target_url: "https://example.ru/", ...noUtm };
const givenLink = (partnerId = partner.id, title = "Каталог") =>
  createLink(
    t.db,
    partnerId,
    { title, targetUrl: "https://example.ru/", utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
    t.clock.now,
  );
const stored = async () => (await t.db.select().from(links))[0];

describe("POST /links analytics presets", () => {
  it.each([
    ["telegram", "telegram", "messenger"],
    ["vk", "vk", "social"],
    ["whatsapp", "whatsapp", "messenger"],
    ["email", "email", "email"],
    ["offline", "offline", "qr"],
  ])("fills empty source and medium from the %s preset", async (preset, source, medium) => {
    expect((await t.request("/links", { cookie, form: { ...form, utm_preset: preset } })).status).toBe(303);
    expect(await stored()).toMatchObject({ utmSource: source, utmMedium: medium, utmCampaign: null });
  });

  it("keeps what the partner typed over the preset", async () => {
    await t.request("/links", { cookie, form: { ...form, utm_preset: "telegram", utm_source: "my_channel", utm_campaign: "autumn" } });
    expect(await stored()).toMatchObject({ utmSource: "my_channel", utmMedium: "messenger", utmCampaign: "autumn" });
  });

  it("refuses an unknown preset with a message by the field, storing nothing, and keeps the tags section open", async () => {
    const before = await snapshot(t.client);
    const res = await t.request("/links", { cookie, form: { ...form, utm_preset: "facebook" } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(ru.links.fields.utmPresetInvalid);
    expect(html).toMatch(/<details class="utm" open="">/);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("POST /links errors", () => {
  it("shows every error at once, the type's own field included, in a summary linking to the fields", async () => {
    const res = await t.request("/links", { cookie, form: { ...form, title: "", target_url: "javascript:alert(1)", utm_source: "x".repeat(300) } });
    expect(res.status).toBe(422);
    const html = await res.text();
    const start = html.indexOf('class="error-summary"');
    const summary = html.slice(start, html.indexOf("</ul>", start));
    expect([...summary.matchAll(/href="#(f-\w+)"/g)].map((m) => m[1])).toEqual(["f-target_url", "f-title", "f-utm_source"]);
    expect(html).toContain(ru.links.urlErrors.scheme);
    expect(html).toMatch(/<details class="utm" open="">/);
    expect(await t.db.$count(links)).toBe(0);
  });
});

describe("GET /links/new", () => {
  it("groups each type's fields under a heading, folds the empty tags and marks required fields", async () => {
    const html = await (await t.request("/links/new", { cookie })).text();
    for (const type of ["direct", "landing", "iframe"] as const) {
      expect(html).toContain(`<fieldset class="link-type-group link-type-${type}"><legend>${ru.links.fields.groups[type]}</legend>`);
    }
    expect(html).toMatch(/<details class="utm">/);
    expect(html).toContain(`${ru.links.fields.targetUrl} (${ru.links.fields.required})`);
    expect(html).toContain('name="utm_preset"');
    expect(html).toContain('<script src="/static/link-form.js" defer="">');
    expect(html).toMatch(/<input type="radio" name="link_type" value="direct" checked=""/);
  });

  it("opens the tags section when a link has tags, and preselects a type from the query", async () => {
    const link = await createLink(
      t.db,
      partner.id,
      { title: "С метками", targetUrl: "https://example.ru/", utmSource: "vk", utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
      t.clock.now,
    );
    expect(await (await t.request(`/links/${link.id}/edit`, { cookie })).text()).toMatch(/<details class="utm" open="">/);
    const html = await (await t.request("/links/new?link_type=iframe&landing_id=<x>", { cookie })).text();
    expect(html).toMatch(/<input type="radio" name="link_type" value="iframe" checked=""/);
    expect(html).not.toContain("<x>");
  });
});

describe("POST /links/:id/deactivation", () => {
  it("asks first without confirmed=1 and changes nothing", async () => {
    const link = await givenLink();
    const before = await snapshot(t.client);
    const res = await t.request(`/links/${link.id}/deactivation`, { cookie, form: {} });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(ru.confirm.title);
    expect(html).toContain(ru.links.deactivateQuestion("Каталог"));
    expect(html).toContain('name="confirmed" value="1"');
    expect(html).toContain(`href="/links/${link.id}"`);
    expect(await snapshot(t.client)).toBe(before);
    expect((await t.request(`/r/${link.code}`)).status).toBe(302);
  });

  it("switches the link off when confirmed, with a flash, and switches it on again without asking", async () => {
    const link = await givenLink();
    const res = await t.request(`/links/${link.id}/deactivation`, { cookie, form: { confirmed: "1" } });
    expect(res.status).toBe(303);
    expect((await t.db.select().from(links).where(eq(links.id, link.id)).get())?.isActive).toBe(false);
    expect((await t.request(`/r/${link.code}`)).status).toBe(404);
    const page = await (await t.request(`/links/${link.id}`, { cookie: cookiesFrom(res, cookie) })).text();
    expect(page).toContain(ru.links.deactivated);
    expect(page).toContain(`action="/links/${link.id}/activation"`);
    expect((await t.request(`/links/${link.id}/activation`, { cookie, form: {} })).status).toBe(303);
    expect((await t.db.select().from(links).where(eq(links.id, link.id)).get())?.isActive).toBe(true);
  });

  it("answers 404 for another partner's link before asking anything", async () => {
    const other = await givenPartner(t.db);
    const link = await givenLink(other.id);
    const res = await t.request(`/links/${link.id}/deactivation`, { cookie, form: {} });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(ru.confirm.title);
  });
});

describe("GET /links/:id", () => {
  it("puts the share block first: the short URL in full, copy, share and the QR downloads", async () => {
    const link = await givenLink();
    const html = await (await t.request(`/links/${link.id}`, { cookie })).text();
    const main = html.slice(html.indexOf('id="main"'));
    expect(main.indexOf('class="share-block"')).toBeGreaterThan(0);
    expect(main.indexOf('class="share-block"')).toBeLessThan(main.indexOf('id="figures-heading"'));
    expect(main.indexOf('id="figures-heading"')).toBeLessThan(main.indexOf('id="settings-heading"'));
    expect(html).toContain(`<p class="share-url" id="short-url">${TEST_ORIGIN}<wbr/>/r/${link.code}</p>`);
    expect(html).toMatch(/data-copy="short-url"/);
    expect(html).toMatch(new RegExp(`data-share-url="${TEST_ORIGIN}/r/${link.code}" data-share-title="Каталог" hidden=""`));
    expect(html).toContain(`href="/links/${link.id}/qr.png?download=1"`);
    expect(html).toContain(`href="/links/${link.id}/qr.svg?download=1"`);
    expect(html).toContain('<span class="url">https://example.ru/</span>');
    expect(html).toContain("data-confirm=");
  });

  it("shows the link's own figures: clicks, leads, won and commission, never another partner's", async () => {
    const link = await givenLink();
    const other = await givenPartner(t.db);
    await t.db.insert(linkDailyStats).values({ linkId: link.id, day: "2026-11-25", clicks: 12_345, uniqueVisitors: 9_000, bots: 7 });
    await givenWonClient(t.db, partner.id, { linkId: link.id, commissionKopecks: 123_456 });
    await givenWonClient(t.db, partner.id, { linkId: link.id, statusGroup: "new", commissionKopecks: 0 });
    await givenWonClient(t.db, other.id, { linkId: link.id, commissionKopecks: 999_999 });
    const html = await (await t.request(`/links/${link.id}`, { cookie })).text();
    const figures = [...html.matchAll(/<span class="stat-value[^"]*">([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(figures).toEqual(["12\u202f345", "2", "1", "1\u00a0234,56\u00a0₽"]);
    expect(html).toContain(ru.links.last30Clicks("12\u202f345"));
    expect(html).toContain(ru.links.botsNote("7"));
  });

  it("shows the embed code of an iframe link and where a landing link leads", async () => {
    const iframe = await createLink(
      t.db,
      partner.id,
      { title: "Форма", linkType: "iframe", targetUrl: null, utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
      t.clock.now,
    );
    const html = await (await t.request(`/links/${iframe.id}`, { cookie })).text();
    expect(html).toMatch(new RegExp(`<textarea id="iframe-code" readonly="" rows="3">&lt;iframe src=&quot;${TEST_ORIGIN}/embed/${iframe.code}&quot;`));
    expect(html).toContain(ru.links.targetIframe);
    expect(html).toContain(`href="${TEST_ORIGIN}/embed/${iframe.code}"`);
  });
});
