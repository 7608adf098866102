import { beforeEach, describe, expect, it } from "vitest";
import { clicks, linkDailyStats } from "../../db/schema.js";
import { givenPartner } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { createLink } from "./links.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";

async function givenLink(overrides: Partial<Parameters<typeof createLink>[2]> = {}) {
  const partner = await givenPartner(t.db);
  const link = await createLink(
    t.db,
    partner.id,
    {
      title: "Сайт",
      targetUrl: "https://example.ru/catalog?ref=old&utm_source=x#top",
      utmSource: "partner",
      utmMedium: "cpa",
      utmCampaign: null,
      utmContent: null,
      utmTerm: "code1",
      ...overrides,
    },
    t.clock.now,
  );
  return { partner, link };
}

describe("GET /r/:code", () => {
  it("redirects to the target with the link's UTMs merged in, and records one click", async () => {
    const { link } = await givenLink();
    const res = await t.request(`/r/${link.code}`, { headers: { "user-agent": chrome, referer: "https://vk.com/wall1" }, ip: "203.0.113.77" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://example.ru/catalog?ref=old&utm_source=partner&utm_medium=cpa&utm_term=code1#top");
    expect(res.headers.getSetCookie()).toEqual([]);
    await t.clicks.flush();
    const rows = await t.db.select().from(clicks);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ linkId: link.id, at: t.clock.now, ip: "203.0.113.0", userAgent: chrome, referer: "https://vk.com/wall1", isBot: false });
    expect(rows[0]?.visitorHash).toMatch(/^[0-9a-f]{32}$/);
  });

  it("also answers on the reference system's URL, so printed QR codes keep working", async () => {
    const { link } = await givenLink();
    const res = await t.request(`/api/public/r/${link.code}`, { headers: { "user-agent": chrome } });
    expect(res.status).toBe(302);
  });

  it.each([
    ["TelegramBot (like TwitterBot)"],
    ["WhatsApp/2.23.20.0"],
    ["Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"],
    ["Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)"],
    ["facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"],
    ["Twitterbot/1.0"],
    ["Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)"],
    ["Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0 Safari/537.36"],
    [""],
  ])("redirects the preview fetcher %j but counts it as a bot, not a click", async (ua) => {
    const { link } = await givenLink();
    expect((await t.request(`/r/${link.code}`, { headers: { "user-agent": ua } })).status).toBe(302);
    await t.clicks.flush();
    const [stats] = await t.db.select().from(linkDailyStats);
    expect(stats).toMatchObject({ clicks: 0, uniqueVisitors: 0, bots: 1 });
  });

  it("keeps the daily roll-up: clicks, visitors counted once a day, bots apart", async () => {
    const { link } = await givenLink();
    const hit = (ua: string, ip: string) => t.request(`/r/${link.code}`, { headers: { "user-agent": ua }, ip });
    await hit(chrome, "198.51.100.1");
    await hit(chrome, "198.51.100.1");
    await hit(iphone, "198.51.100.2");
    await t.clicks.flush();
    await hit(chrome, "198.51.100.1"); // the same visitor again, in a later batch
    await hit("TelegramBot (like TwitterBot)", "149.154.1.1");
    await t.clicks.flush();
    t.clock.advance(24 * 3_600_000);
    await hit(chrome, "198.51.100.1"); // a new day: counted as unique again
    await t.clicks.flush();
    const stats = await t.db.select().from(linkDailyStats).orderBy(linkDailyStats.day);
    expect(stats.map((s) => [s.day, s.clicks, s.uniqueVisitors, s.bots])).toEqual([
      ["2026-11-26", 4, 2, 1],
      ["2026-11-27", 1, 1, 0],
    ]);
  });

  it.each(["short", "AAAAAAAAAA", "AAAA%2FAAAAA", "AAAAAAAAAAA", "<script>xx"])("answers the visitor's dead-link page (404) to the code %s", async (code) => {
    const res = await t.request(`/r/${code}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Ссылка больше не работает");
    await t.clicks.flush();
    expect(await t.db.select().from(clicks)).toHaveLength(0);
  });

  it("answers 404 for a deactivated link at once, and redirects again after reactivation", async () => {
    const { partner, link } = await givenLink();
    const cookie = await t.cookieFor(partner);
    expect((await t.request(`/r/${link.code}`)).status).toBe(302);
    await t.request(`/links/${link.id}/deactivation`, { cookie, form: { confirmed: "1" } });
    expect((await t.request(`/r/${link.code}`)).status).toBe(404);
    await t.request(`/links/${link.id}/activation`, { method: "POST", cookie });
    expect((await t.request(`/r/${link.code}`)).status).toBe(302);
  });

  it("follows an edited target at once", async () => {
    const { partner, link } = await givenLink();
    await t.request(`/r/${link.code}`);
    await t.request(`/links/${link.id}`, { cookie: await t.cookieFor(partner), form: { title: "Новый", target_url: "https://new.example.ru/" } });
    expect((await t.request(`/r/${link.code}`)).headers.get("location")).toBe("https://new.example.ru/");
  });

  it("never touches the database for a malformed code", async () => {
    const { link } = await givenLink();
    t.close();
    expect((await t.request("/r/bad!code")).status).toBe(404);
    expect(link.code).toMatch(/^[A-Za-z0-9_-]{10}$/);
  });
});

describe("ClickRecorder", () => {
  it("writes every buffered click on stop (graceful shutdown)", async () => {
    const { link } = await givenLink();
    for (let i = 0; i < 1_234; i++) t.clicks.record({ linkId: link.id, at: t.clock.now, ip: `10.0.${i % 250}.${i % 7}`, userAgent: chrome, referer: null });
    await t.clicks.stop();
    expect(await t.db.$count(clicks)).toBe(1_234);
    const [stats] = await t.db.select().from(linkDailyStats);
    expect(stats?.clicks).toBe(1_234);
  });

  it("drops and counts clicks beyond its buffer instead of blocking", async () => {
    const { link } = await givenLink();
    const { ClickRecorder } = await import("./click-recorder.js");
    const small = new ClickRecorder(t.client, { timeZone: "UTC", saltFor: async () => "s", onError: () => {}, maxBuffer: 10, maxBatch: 1_000 });
    for (let i = 0; i < 15; i++) small.record({ linkId: link.id, at: t.clock.now, ip: "10.0.0.1", userAgent: chrome, referer: null });
    expect(small.dropped).toBe(5);
    await small.stop();
    expect(small.written).toBe(10);
  });
});
