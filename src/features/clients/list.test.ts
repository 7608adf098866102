import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { clients } from "../../db/schema.js";
import { t as text } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { createLink } from "../links/links.js";
import { type ClientInput, createClient } from "./clients.js";

let t: TestApp;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  partner = await givenPartner(t.db);
  cookie = await t.cookieFor(partner);
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let phoneSeq = 0;
const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
async function givenClient(partnerId: number, over: Partial<ClientInput> = {}, at = t.clock.now) {
  phoneSeq += 1;
  const input: ClientInput = {
    source: "form",
    name: "Клиент",
    phone: `+7900${String(phoneSeq).padStart(7, "0")}`,
    email: null,
    company: null,
    comment: null,
    linkId: null,
    landingId: null,
    utm: noUtm,
    ...over,
  };
  const result = await createClient(t.db, partnerId, input, at);
  if (!result.ok) throw new Error("fixture client refused");
  return result.client;
}
const linkOf = (partnerId: number, title: string) => createLink(t.db, partnerId, { title, targetUrl: "https://example.ru", ...noUtm }, t.clock.now);

/** The client ids of the list page, in the order shown. */
async function listed(query = "", as = cookie): Promise<number[]> {
  const res = await t.request(`/clients${query}`, { cookie: as });
  expect(res.status).toBe(200);
  return [...(await res.text()).matchAll(/id="client-(\d+)"/g)].map((m) => Number(m[1]));
}

describe("GET /clients", () => {
  it("shows only the signed-in partner's clients", async () => {
    const mine = await givenClient(partner.id, { name: "Мой клиент" });
    const other = await givenPartner(t.db);
    await givenClient(other.id, { name: "Чужой клиент" });
    const html = await (await t.request("/clients", { cookie })).text();
    expect(html).toContain("Мой клиент");
    expect(html).not.toContain("Чужой клиент");
    expect(await listed()).toEqual([mine.id]);
  });

  it("shows an empty state that says what the page is for, with a way to get a link and to add a client", async () => {
    const html = await (await t.request("/clients", { cookie })).text();
    expect(html).toContain(text.clients.emptyState.text);
    expect(html).toContain(`<a class="button" href="/links">${text.clients.emptyState.getLink}</a>`);
    expect(html).toContain('href="/clients/new"');
    // No filters or CSV over nothing.
    expect(html).not.toContain('action="/clients" class="card clients-filters"');
    expect(html).not.toContain("/clients/export.csv");
  });

  it("on a phone shows who, the status and the money, the rest behind «Подробнее»", async () => {
    await givenClient(partner.id, { name: "Константинопольский Александр", phone: "+79123456789" });
    const html = await (await t.request("/clients", { cookie })).text();
    expect(html).toMatch(/<td class="cell-more"><details class="row-more"><summary>Подробнее<\/summary>/);
    expect(html).toContain('<a href="/clients/');
    expect(html).toContain("Найдено: 1 клиент");
  });

  it("shows the columns in Russian: source, link, delivery state, status group", async () => {
    const link = await linkOf(partner.id, "Канал в Telegram");
    const c = await givenClient(partner.id, { name: "Анна", linkId: link.id });
    await t.db.update(clients).set({ statusGroup: "won" }).where(eq(clients.id, c.id));
    const html = await (await t.request("/clients", { cookie })).text();
    expect(html).toContain("26.11.2026");
    expect(html).toContain("Форма");
    expect(html).toContain("Канал в Telegram");
    expect(html).toContain("ожидает отправки");
    expect(html).toMatch(/class="pill pill-won status-pill">успешно</);
  });

  it("finds a Cyrillic name whatever its case, and treats % and _ literally", async () => {
    const maria = await givenClient(partner.id, { name: "Мария Петрова" });
    await givenClient(partner.id, { name: "Иван" });
    const percent = await givenClient(partner.id, { name: "Скидка 100% Ок" });
    expect(await listed("?q=МАРИЯ")).toEqual([maria.id]);
    expect(await listed(`?q=${encodeURIComponent("петр")}`)).toEqual([maria.id]);
    expect(await listed("?q=%25")).toEqual([percent.id]);
    expect(await listed("?q=_")).toEqual([]);
    expect(await (await t.request("/clients?q=zzz", { cookie })).text()).toContain("По этим условиям клиентов не нашлось.");
  });

  it("filters by period in Moscow time: presets and custom days", async () => {
    // FIXED_NOW is 26.11.2026 12:00 in Moscow; 00:30 Moscow is still the previous day in UTC.
    const today = await givenClient(partner.id, {}, t.clock.now - 11.5 * HOUR);
    const yesterdayLate = await givenClient(partner.id, {}, t.clock.now - 12.5 * HOUR);
    const days3 = await givenClient(partner.id, {}, t.clock.now - 3 * DAY);
    const days20 = await givenClient(partner.id, {}, t.clock.now - 20 * DAY);
    const days60 = await givenClient(partner.id, {}, t.clock.now - 60 * DAY);
    const days200 = await givenClient(partner.id, {}, t.clock.now - 200 * DAY);
    const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
    expect(sorted(await listed("?period=today"))).toEqual([today.id]);
    expect(sorted(await listed("?period=7d"))).toEqual([today.id, yesterdayLate.id, days3.id]);
    expect(sorted(await listed("?period=30d"))).toEqual([today.id, yesterdayLate.id, days3.id, days20.id]);
    expect(sorted(await listed("?period=90d"))).toEqual([today.id, yesterdayLate.id, days3.id, days20.id, days60.id]);
    expect(await listed("?period=all")).toHaveLength(6);
    expect(await listed("?from=2026-11-25&to=2026-11-25")).toEqual([yesterdayLate.id]);
    expect(sorted(await listed("?from=2026-11-23"))).toEqual([today.id, yesterdayLate.id, days3.id]);
    expect(await listed("?to=2026-05-10")).toEqual([days200.id]);
    expect(await listed("?from=2026-02-31&period=bogus")).toHaveLength(6);
  });

  it("filters by source, own link, delivery state and status group", async () => {
    const link = await linkOf(partner.id, "Моя");
    const other = await givenPartner(t.db);
    const foreignLink = await linkOf(other.id, "Чужая");
    const form = await givenClient(partner.id, { linkId: link.id });
    const manual = await givenClient(partner.id, { source: "manual" });
    await givenClient(other.id, { linkId: foreignLink.id });
    await t.db.update(clients).set({ deliveryState: "sent", statusGroup: "in_progress" }).where(eq(clients.id, manual.id));
    expect(await listed("?source=manual")).toEqual([manual.id]);
    expect(await listed("?source=form")).toEqual([form.id]);
    expect(await listed("?source=b24_sync")).toEqual([]);
    expect(await listed(`?link=${link.id}`)).toEqual([form.id]);
    expect(await listed(`?link=${foreignLink.id}`)).toEqual([]);
    expect(await listed("?delivery=sent")).toEqual([manual.id]);
    expect(await listed("?delivery=pending")).toEqual([form.id]);
    expect(await listed("?delivery=failed")).toEqual([]);
    expect(await listed("?status=in_progress")).toEqual([manual.id]);
    expect(await listed("?status=new")).toEqual([form.id]);
    expect(await listed("?status=won")).toEqual([]);
    expect(await listed("?source=nonsense&delivery=1&status=<x>")).toHaveLength(2);
  });

  it("sorts by date either way and by name", async () => {
    const b = await givenClient(partner.id, { name: "Борис" }, t.clock.now - 2 * HOUR);
    const a = await givenClient(partner.id, { name: "анна" }, t.clock.now - HOUR);
    const v = await givenClient(partner.id, { name: "Вера" }, t.clock.now - 3 * HOUR);
    expect(await listed()).toEqual([a.id, b.id, v.id]);
    expect(await listed("?sort=created_asc")).toEqual([v.id, b.id, a.id]);
    expect(await listed("?sort=name_asc")).toEqual([a.id, b.id, v.id]);
  });

  it("pages by 50 and keeps the filters in the page links and the CSV link", async () => {
    for (let i = 0; i < 51; i++) await givenClient(partner.id, { source: "manual", name: `Клиент ${i}` }, t.clock.now - i * 1000);
    await givenClient(partner.id, { source: "form" });
    const first = await t.request("/clients?source=manual", { cookie });
    const html = await first.text();
    expect([...html.matchAll(/id="client-\d+"/g)]).toHaveLength(50);
    expect(html).toContain("Найдено: 51 клиент");
    expect(html).toContain("Страница 1 из 2");
    expect(html).toContain('href="/clients?source=manual&amp;page=2"');
    expect(html).toContain('href="/clients/export.csv?source=manual"');
    expect(await listed("?source=manual&page=2")).toHaveLength(1);
    expect(await listed("?page=abc")).toHaveLength(50);
  });
});

describe("GET /clients/:id", () => {
  it("answers 404 for another partner's client and changes nothing", async () => {
    const other = await givenPartner(t.db);
    const theirs = await givenClient(other.id, { name: "Чужой" });
    const before = await snapshot(t.client);
    const res = await t.request(`/clients/${theirs.id}`, { cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("Чужой");
    expect(await snapshot(t.client)).toBe(before);
  });

  it.each(["abc", "0", "-1", "1.5", "9007199254740993", "1%20OR%201=1"])("answers 404 for the id %s", async (id) => {
    await givenClient(partner.id);
    expect((await t.request(`/clients/${id}`, { cookie })).status).toBe(404);
  });

  it("shows details, link, UTMs, states and the timeline newest first", async () => {
    const link = await createLink(t.db, partner.id, { title: "Сайт", targetUrl: "https://example.ru", ...noUtm, utmSource: "partner" }, t.clock.now);
    const c = await givenClient(partner.id, {
      name: "Ольга",
      company: "ООО Ромашка",
      comment: "Перезвонить\nвечером",
      linkId: link.id,
      utm: { ...noUtm, utmSource: "partner" },
    });
    await t.client.execute({
      sql: "insert into client_events (client_id, at, kind, data) values (?, ?, 'delivered', null), (?, ?, 'status', ?), (?, ?, 'payout_made', null)",
      args: [c.id, t.clock.now + 1000, c.id, t.clock.now + 2000, JSON.stringify({ name: "Договор подписан" }), c.id, t.clock.now + 3000],
    });
    const html = await (await t.request(`/clients/${c.id}`, { cookie })).text();
    expect(html).toContain("ООО Ромашка");
    expect(html).toContain("Перезвонить\nвечером");
    expect(html).toContain("Сайт");
    expect(html).toContain("<code>utm_source</code>: partner");
    const order = ["Событие: payout_made", "Статус: Договор подписан", "Отправлен в Bitrix24", "Клиент создан (форма)"].map((s) => html.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe("contact masking on the partner's pages", () => {
  it("masks phone and email by default and shows them in full when the admin switches masking off", async () => {
    const c = await givenClient(partner.id, { phone: "+79123456789", email: "maria@example.ru" });
    // An e-mail may break at <wbr> after "@" and before dots; the text is read without them.
    const page = async (path: string) => (await (await t.request(path, { cookie })).text()).replaceAll("<wbr/>", "");
    for (const path of ["/clients", `/clients/${c.id}`]) {
      const html = await page(path);
      expect(html).toContain("+7 912 ***-**-89");
      expect(html).toContain("m***@example.ru");
      expect(html).not.toContain("+79123456789");
      expect(html).not.toContain("maria@example.ru");
    }
    const admin = await givenAdmin(t.db);
    const res = await t.request("/admin/settings/contact-masking", { cookie: await t.cookieFor(admin), form: {} });
    expect(res.status).toBe(303);
    for (const path of ["/clients", `/clients/${c.id}`]) {
      const html = await page(path);
      // In full, and written the one way the cabinet writes phones.
      expect(html).toContain("+7 912 345-67-89");
      expect(html).toContain("maria@example.ru");
    }
  });
});
