/** GET /links: search, sort, paging and per-link figures, with two partners (SECURITY.md T1). */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { type Link, linkDailyStats, links, type User } from "../../db/schema.js";
import { formatCount } from "../../i18n/format.js";
import { givenPartner } from "../../testing/fixtures.js";
import { givenWonClient } from "../../testing/payout-fixtures.js";
import { createTestApp, TEST_ORIGIN, type TestApp } from "../../testing/test-app.js";
import { createLink } from "./links.js";
import { LINK_PAGE_SIZE } from "./list.js";

let t: TestApp;
let a: User;
let b: User;
let cookie: string;

beforeEach(async () => {
  t = await createTestApp();
  a = await givenPartner(t.db, { name: "Alice" });
  b = await givenPartner(t.db, { name: "Bob" });
  cookie = await t.cookieFor(a);
});

const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
let minute = 0;
/** A direct link; each one a minute younger than the previous, so "newest" has a defined order. */
const givenLink = (partnerId: number, title: string, targetUrl = "https://example.ru/") =>
  createLink(t.db, partnerId, { title, linkType: "direct", targetUrl, landingId: null, ...noUtm }, t.clock.now + ++minute * 60_000);
const givenClicks = (link: Link, clicks: number, day = "2026-11-20") =>
  t.db.insert(linkDailyStats).values({ linkId: link.id, day, clicks, uniqueVisitors: Math.ceil(clicks / 2), bots: 0 });

/** The link titles in the order the page lists them. */
async function titlesOf(query: string): Promise<string[]> {
  const html = await (await t.request(`/links${query}`, { cookie })).text();
  return [...html.matchAll(/class="link-row-title" href="\/links\/\d+">([^<]*)</g)].map((m) => m[1] ?? "");
}

/** The figures cells of one row, as shown. */
async function figuresOf(link: Link) {
  const html = await (await t.request("/links", { cookie })).text();
  const row = html.match(new RegExp(`<tr id="link-${link.id}"[\\s\\S]*?</tr>`))?.[0] ?? "";
  const cell = (name: string) => row.match(new RegExp(`link-cell-${name}[^>]*>([^<]*)<`))?.[1];
  return { clicks: cell("clicks"), leads: cell("leads"), won: cell("won"), money: cell("money") };
}

describe("GET /links figures", () => {
  it("shows clicks, leads, won and commission per link, and nothing of another partner's", async () => {
    const own = await givenLink(a.id, "Осенняя акция");
    const quiet = await givenLink(a.id, "Тихая");
    const foreign = await givenLink(b.id, "Чужая ссылка");
    await givenClicks(own, 1200, "2026-11-20");
    await givenClicks(own, 34, "2026-11-21");
    await givenClicks(foreign, 999);
    await givenWonClient(t.db, a.id, { linkId: own.id, commissionKopecks: 150_000 });
    await givenWonClient(t.db, a.id, { linkId: own.id, commissionKopecks: 50_050 });
    await givenWonClient(t.db, a.id, { linkId: own.id, statusGroup: "in_progress", commissionKopecks: 0 });
    await givenWonClient(t.db, a.id, { linkId: own.id, statusGroup: "lost", commissionKopecks: 70_000 });
    // B's clients: on B's link, and one whose link id points at A's link (it must not count for A).
    await givenWonClient(t.db, b.id, { linkId: foreign.id, commissionKopecks: 990_000 });
    await givenWonClient(t.db, b.id, { linkId: own.id, commissionKopecks: 880_000 });

    expect(await figuresOf(own)).toEqual({ clicks: formatCount(1234), leads: "4", won: "2", money: "2\u00a0000,50\u00a0₽" });
    expect(await figuresOf(quiet)).toEqual({ clicks: "0", leads: "0", won: "0", money: "0,00\u00a0₽" });
    const html = await (await t.request("/links", { cookie })).text();
    expect(html).not.toContain("Чужая ссылка");
    expect(html).not.toContain(foreign.code);
    expect(html).toContain(`${TEST_ORIGIN}/r/${own.code}`);
  });

  it("answers 404 for B's link ids and lists none of B's links under any filter", async () => {
    const foreign = await givenLink(b.id, "Чужая ссылка");
    await givenLink(a.id, "Своя");
    for (const suffix of ["", "/edit", "/qr.svg", "/qr.png"]) expect((await t.request(`/links/${foreign.id}${suffix}`, { cookie })).status).toBe(404);
    for (const query of ["?q=Чужая", "?status=active&sort=clicks", "?sort=title", "?status=all&page=2"]) {
      const html = await (await t.request(`/links${query}`, { cookie })).text();
      expect(html, query).not.toContain("Чужая ссылка");
      expect(html, query).not.toContain(foreign.code);
    }
    // Searching for B's code or short URL (the search box echoes it) finds no row.
    expect(await titlesOf(`?q=${foreign.code}`)).toEqual([]);
    expect(await titlesOf(`?q=${encodeURIComponent(`${TEST_ORIGIN}/r/${foreign.code}`)}`)).toEqual([]);
  });
});

describe("GET /links search, filter and sort", () => {
  it("finds by title in any case (ё as е), by code, by a pasted short URL and by the target's host", async () => {
    const autumn = await givenLink(a.id, "Осенняя АКЦИЯ", "https://пример.рф/каталог");
    await givenLink(a.id, "Ёлки к празднику", "https://shop.example.ru/trees");
    await givenLink(a.id, "Визитка", "https://example.ru/card");
    expect(await titlesOf("?q=акция")).toEqual(["Осенняя АКЦИЯ"]);
    expect(await titlesOf("?q=%20елки%20")).toEqual(["Ёлки к празднику"]);
    expect(await titlesOf(`?q=${autumn.code}`)).toEqual(["Осенняя АКЦИЯ"]);
    expect(await titlesOf(`?q=${encodeURIComponent(`${TEST_ORIGIN}/r/${autumn.code}`)}`)).toEqual(["Осенняя АКЦИЯ"]);
    expect(await titlesOf("?q=пример.рф")).toEqual(["Осенняя АКЦИЯ"]);
    expect(await titlesOf("?q=shop.example")).toEqual(["Ёлки к празднику"]);
    // A % or _ is a character to find, not a wildcard.
    expect(await titlesOf("?q=%25")).toEqual([]);
    const none = await (await t.request("/links?q=нет-такой", { cookie })).text();
    expect(none).toContain("Найдено: 0 ссылок");
    expect(none).toContain("Таких ссылок нет");
    expect(none).toContain('value="нет-такой"');
  });

  it("finds a pasted short URL whose code ends in a dash or an underscore", async () => {
    for (const code of ["AbCdEfGhI-", "AbCdEfGhI_"]) {
      const link = await givenLink(a.id, `Код ${code}`);
      await t.db.update(links).set({ code }).where(eq(links.id, link.id));
      expect(await titlesOf(`?q=${encodeURIComponent(`${TEST_ORIGIN}/r/${code}`)}`)).toEqual([`Код ${code}`]);
    }
  });

  it("filters working and switched-off links", async () => {
    await givenLink(a.id, "Работает");
    const off = await givenLink(a.id, "Выключена");
    await t.request(`/links/${off.id}/deactivation`, { cookie, form: { confirmed: "1" } });
    expect(await titlesOf("?status=active")).toEqual(["Работает"]);
    expect(await titlesOf("?status=inactive")).toEqual(["Выключена"]);
    // Newest first, but switched-off links after the working ones.
    expect(await titlesOf("")).toEqual(["Работает", "Выключена"]);
  });

  it("sorts by newest, clicks, leads, commission and title", async () => {
    const first = await givenLink(a.id, "Бета");
    const second = await givenLink(a.id, "Альфа");
    const third = await givenLink(a.id, "Гамма");
    await givenClicks(first, 5);
    await givenClicks(third, 50);
    await givenWonClient(t.db, a.id, { linkId: second.id, statusGroup: "in_progress", commissionKopecks: 0 });
    await givenWonClient(t.db, a.id, { linkId: second.id, statusGroup: "new", commissionKopecks: 0 });
    await givenWonClient(t.db, a.id, { linkId: first.id, commissionKopecks: 10_000 });
    expect(await titlesOf("")).toEqual(["Гамма", "Альфа", "Бета"]);
    expect(await titlesOf("?sort=clicks")).toEqual(["Гамма", "Бета", "Альфа"]);
    expect(await titlesOf("?sort=leads")).toEqual(["Альфа", "Бета", "Гамма"]);
    expect(await titlesOf("?sort=commission")).toEqual(["Бета", "Гамма", "Альфа"]);
    expect(await titlesOf("?sort=title")).toEqual(["Альфа", "Бета", "Гамма"]);
    const html = await (await t.request("/links?sort=leads", { cookie })).text();
    expect(html).toMatch(/<option value="leads" selected="">/);
  });
});

describe("GET /links paging", () => {
  it(`shows ${LINK_PAGE_SIZE} links a page, with page links that keep the search and sort`, async () => {
    for (let i = 1; i <= LINK_PAGE_SIZE + 5; i++) await givenLink(a.id, `Ссылка ${String(i).padStart(2, "0")}`);
    await givenLink(b.id, "Чужая");
    const first = await titlesOf("?sort=title&q=ссылка");
    expect(first).toHaveLength(LINK_PAGE_SIZE);
    expect(first[0]).toBe("Ссылка 01");
    const html = await (await t.request("/links?sort=title&q=ссылка", { cookie })).text();
    expect(html).toContain("Найдено: 30 ссылок");
    expect(html).toContain('href="/links?q=%D1%81%D1%81%D1%8B%D0%BB%D0%BA%D0%B0&amp;sort=title&amp;page=2"');
    expect(await titlesOf("?sort=title&q=ссылка&page=2")).toEqual(["Ссылка 26", "Ссылка 27", "Ссылка 28", "Ссылка 29", "Ссылка 30"]);
    // Past the end: the last page, not an empty list.
    expect(await titlesOf("?sort=title&page=99")).toHaveLength(5);
  });

  it.each([
    ["page=-1"],
    ["page=0"],
    ["page=abc"],
    ["page=1e400"],
    ["page=99999999999999999999"],
    ["sort=garbage"],
    ["sort=title;drop table links"],
    ["status=deleted"],
    ["q=%FF%FE"],
    ["q=%00"],
    ["q=(5 000 letters)"],
    ["q=a&q=b&sort=clicks&sort=title"],
    ["q[]=x&page[]=2"],
  ])("answers a sensible default to the bad query %s", async (query) => {
    await givenLink(a.id, "Одна");
    const res = await t.request(`/links?${query.replace("(5 000 letters)", "я".repeat(5_000))}`, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<table class="links-table">|Таких ссылок нет/);
    expect(html).toMatch(/<option value="(newest|clicks|title)" selected="">/);
    expect(html).not.toContain("\u0000");
  });

  it("keeps a huge search to its first 100 characters", async () => {
    await givenLink(a.id, `Акция ${"я".repeat(150)}`);
    const html = await (await t.request(`/links?q=${encodeURIComponent(`акция ${"я".repeat(5_000)}`)}`, { cookie })).text();
    expect(html).toContain(`value="акция ${"я".repeat(94)}"`);
    expect(html).toContain("Найдено: 1 ссылка");
  });
});

describe("GET /links empty", () => {
  it("says what the page is for and offers to create the first link", async () => {
    await givenLink(b.id, "Чужая");
    const html = await (await t.request("/links", { cookie })).text();
    expect(html).toContain("Создайте ссылку и отправьте её клиентам");
    expect(html).toMatch(/<a class="button" href="\/links\/new">Создать ссылку<\/a>/);
    expect(html).not.toContain('class="links-filters"');
  });
});
