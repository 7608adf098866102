import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, links } from "../../db/schema.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { createLink } from "./links.js";

let t: TestApp;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  partner = await givenPartner(t.db);
  cookie = await t.cookieFor(partner);
});
const form = {
  title: "Каталог",
  target_url: "https://example.ru/catalog",
  link_type: "direct",
  utm_source: "partner",
  utm_medium: "",
  utm_campaign: "осень",
  utm_content: "",
  utm_term: "",
};
const linkOf = (partnerId: number) =>
  createLink(
    t.db,
    partnerId,
    { title: "Чужая", targetUrl: "https://example.ru", utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
    t.clock.now,
  );

describe("POST /links", () => {
  it("creates a link with a unique 10-character code and opens its page", async () => {
    const res = await t.request("/links", { cookie, form });
    expect(res.status).toBe(303);
    const [link] = await t.db.select().from(links);
    expect(link).toMatchObject({
      partnerId: partner.id,
      title: "Каталог",
      linkType: "direct",
      utmSource: "partner",
      utmMedium: null,
      utmCampaign: "осень",
      isActive: true,
    });
    expect(link?.code).toMatch(/^[A-Za-z0-9_-]{10}$/);
    expect(res.headers.get("location")).toBe(`/links/${link?.id}`);
  });

  it("ignores a partner_id smuggled into the form", async () => {
    const other = await givenPartner(t.db);
    await t.request("/links", { cookie, form: { ...form, partner_id: String(other.id), partnerId: String(other.id) } });
    expect((await t.db.select().from(links))[0]?.partnerId).toBe(partner.id);
  });

  it.each([
    ["javascript:alert(1)", "Адрес должен начинаться с http:// или https://"],
    ["data:text/html,<b>x</b>", "Адрес должен начинаться с http:// или https://"],
    ["//evil.com", "Адрес должен начинаться с http:// или https://"],
    ["https://bitrix24.ru@evil.com", "Адрес не может содержать логин или пароль"],
    ["https://evil.com\\@bitrix24.ru", "Введите адрес страницы, например https://example.ru/page"],
    ["https://аpple.com", "В адресе смешаны латинские и другие буквы"],
    ["", "Заполните поле"],
  ])("refuses the target %j with a message by the field and stores nothing", async (target, message) => {
    const before = await snapshot(t.client);
    const res = await t.request("/links", { cookie, form: { ...form, target_url: target } });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await snapshot(t.client)).toBe(before);
    expect(await t.db.$count(links)).toBe(0);
  });

  it.each([
    ["title", "Не длиннее 200 символов"],
    ["utm_source", "Не длиннее 200 символов"],
    ["utm_term", "Не длиннее 200 символов"],
  ])("refuses a 5 000-character %s", async (field, message) => {
    const res = await t.request("/links", { cookie, form: { ...form, [field]: "x".repeat(5_000) } });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await t.db.$count(links)).toBe(0);
  });
});

describe("GET /links and /links/:id", () => {
  it("lists only the partner's links, escaping HTML in titles, with the short URL", async () => {
    await createLink(
      t.db,
      partner.id,
      {
        title: "<img src=x onerror=alert(1)>",
        targetUrl: "https://example.ru",
        utmSource: null,
        utmMedium: null,
        utmCampaign: null,
        utmContent: null,
        utmTerm: null,
      },
      t.clock.now,
    );
    const other = await givenPartner(t.db);
    await linkOf(other.id);
    const html = await (await t.request("/links", { cookie })).text();
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("Чужая");
    expect(html).toMatch(/http:\/\/cabinet\.test\/r\/[A-Za-z0-9_-]{10}/);
  });

  it("shows a link's page with totals, the chart data for 30 days and the QR code", async () => {
    const link = await linkOf(partner.id);
    await t.request(`/r/${link.code}`, { headers: { "user-agent": "Mozilla/5.0 Chrome/140.0" } });
    await t.clicks.flush();
    const html = await (await t.request(`/links/${link.id}`, { cookie })).text();
    expect(html).toContain(`src="/links/${link.id}/qr.svg"`);
    const json = JSON.parse(html.match(/<script type="application\/json" id="link-chart-data">(.*?)<\/script>/)?.[1] ?? "{}");
    expect(json.labels).toHaveLength(30);
    expect(json.labels.at(-1)).toBe("26.11");
    expect(json.series[0].values.at(-1)).toBe(1);
    expect(json.series[0].values.slice(0, 29)).toEqual(Array(29).fill(0));
  });

  it.each(["", "/edit", "/qr.svg", "/qr.png"])("answers 404 for another partner's link (GET /links/:id%s)", async (suffix) => {
    const other = await givenPartner(t.db);
    const link = await linkOf(other.id);
    const res = await t.request(`/links/${link.id}${suffix}`, { cookie });
    expect(res.status).toBe(404);
  });

  it.each(["", "/activation", "/deactivation"])("refuses to change another partner's link (POST /links/:id%s)", async (suffix) => {
    const other = await givenPartner(t.db);
    const link = await linkOf(other.id);
    const before = await snapshot(t.client);
    const res = await t.request(`/links/${link.id}${suffix}`, { cookie, form });
    expect(res.status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("POST /links/:id", () => {
  it("edits title, target and UTMs", async () => {
    const link = await linkOf(partner.id);
    const res = await t.request(`/links/${link.id}`, { cookie, form: { ...form, title: "Новое", utm_term: "term" } });
    expect(res.status).toBe(303);
    expect(await t.db.select().from(links).where(eq(links.id, link.id)).get()).toMatchObject({ title: "Новое", utmTerm: "term", code: link.code });
  });

  it("keeps the old values when the edit is invalid", async () => {
    const link = await linkOf(partner.id);
    const res = await t.request(`/links/${link.id}`, { cookie, form: { ...form, target_url: "ftp://x.ru" } });
    expect(res.status).toBe(422);
    expect(await t.db.select().from(links).where(eq(links.id, link.id)).get()).toMatchObject({ title: "Чужая" });
  });
});

describe("QR codes", () => {
  it("serves SVG and PNG of the absolute short URL, as downloads on request", async () => {
    const link = await linkOf(partner.id);
    const svg = await t.request(`/links/${link.id}/qr.svg`, { cookie });
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    expect(await svg.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const png = await t.request(`/links/${link.id}/qr.png?download=1`, { cookie });
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("content-disposition")).toBe(`attachment; filename="qr-${link.code}.png"`);
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});

describe("GET /dashboard", () => {
  it("shows real click totals, the 30-day chart and top links", async () => {
    const link = await linkOf(partner.id);
    for (let i = 0; i < 3; i++) await t.request(`/r/${link.code}`, { headers: { "user-agent": "Mozilla/5.0 Chrome/140.0" }, ip: `198.51.100.${i}` });
    await t.request(`/r/${link.code}`, { headers: { "user-agent": "TelegramBot (like TwitterBot)" } });
    await t.clicks.flush();
    const html = await (await t.request("/dashboard", { cookie })).text();
    expect(html).toMatch(
      /id="activity-clicks"><span class="stat-label">[^<]*<\/span><span class="stat-value">3<\/span><span class="hint">уникальных посетителей: 3</,
    );
    expect(html).toMatch(/id="activity-leads"><span class="stat-label">[^<]*<\/span><span class="stat-value">0</);
    expect(html).toContain('id="dashboard-chart"');
    expect(html).toContain(`<a href="/links/${link.id}">Чужая</a>`);
  });
});

describe("default links", () => {
  it("are given to a partner on approval with utm_term = partner code, exactly once", async () => {
    const admin = await givenAdmin(t.db);
    const adminCookie = await t.cookieFor(admin);
    const res = await t.request("/admin/settings/default-links", {
      cookie: adminCookie,
      form: { title: "Главная", target_url: "https://example.ru/", utm_source: "partners" },
    });
    expect(res.status).toBe(303);
    const pending = await givenPartner(t.db, { approvalStatus: "pending", isActive: false, partnerCode: "pend2345" });
    await t.request(`/admin/registrations/${pending.id}/approval`, { method: "POST", cookie: adminCookie });
    await t.request(`/admin/registrations/${pending.id}/approval`, { method: "POST", cookie: adminCookie });
    const given = await t.db.select().from(links).where(eq(links.partnerId, pending.id));
    expect(given).toHaveLength(1);
    expect(given[0]).toMatchObject({ title: "Главная", utmSource: "partners", utmTerm: "pend2345", isActive: true });
    const redirect = await t.request(`/r/${given[0]?.code}`);
    expect(redirect.headers.get("location")).toBe("https://example.ru/?utm_source=partners&utm_term=pend2345");
    expect((await t.db.select().from(auditLog)).map((a) => a.action)).toEqual(["default_link.create", "registration.approve"]);
  });

  it("are refused with a message for a hostile URL, and deleted without touching given links", async () => {
    const admin = await givenAdmin(t.db);
    const adminCookie = await t.cookieFor(admin);
    const bad = await t.request("/admin/settings/default-links", { cookie: adminCookie, form: { title: "x", target_url: "javascript:alert(1)" } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Адрес должен начинаться с http:// или https://");
    await t.request("/admin/settings/default-links", { cookie: adminCookie, form: { title: "Главная", target_url: "https://example.ru/" } });
    const created = await t.request("/admin/partners", { cookie: adminCookie, form: { name: "Новый", email: "new@example.ru", password: "long-password" } });
    expect(created.status).toBe(303);
    const page = await (await t.request("/admin/settings", { cookie: adminCookie })).text();
    const id = page.match(/default-links\/(\d+)\/deletion/)?.[1];
    expect((await t.request(`/admin/settings/default-links/${id}/deletion`, { cookie: adminCookie, form: { confirmed: "1" } })).status).toBe(303);
    expect((await t.request("/admin/settings/default-links/999/deletion", { method: "POST", cookie: adminCookie })).status).toBe(404);
    expect(await t.db.$count(links)).toBe(1);
  });
});

describe("GET /dashboard leads", () => {
  it("counts the partner's clients of the last 30 days and the conversion", async () => {
    const { createClient } = await import("../clients/clients.js");
    const link = await linkOf(partner.id);
    for (let i = 0; i < 4; i++) await t.request(`/r/${link.code}`, { headers: { "user-agent": "Mozilla/5.0 Chrome/140.0" }, ip: `198.51.100.${i}` });
    await t.clicks.flush();
    const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
    await createClient(
      t.db,
      partner.id,
      { source: "manual", name: "К", phone: "+79123456780", email: null, company: null, comment: null, linkId: null, landingId: null, utm: noUtm },
      t.clock.now,
    );
    const html = await (await t.request("/dashboard", { cookie })).text();
    expect(html).toMatch(
      /id="activity-leads"><span class="stat-label">[^<]*<\/span><span class="stat-value">1<\/span><span class="hint">конверсия 25,0\u00a0%</,
    );
  });
});
