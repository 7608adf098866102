import { beforeEach, describe, expect, it } from "vitest";
import { clientEvents, clients, deliveryJobs } from "../../db/schema.js";
import { t as text } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { cookiesFrom, createTestApp, type TestApp } from "../../testing/test-app.js";
import { createLink } from "../links/links.js";
import { createClient } from "./clients.js";

let t: TestApp;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  partner = await givenPartner(t.db);
  cookie = await t.cookieFor(partner);
});

const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
const form = {
  name: "Мария Петрова",
  phone: "8 (912) 345-67-89",
  email: "Maria@Example.ru",
  company: "ООО Ромашка",
  comment: "Звонить после 18:00",
  link_id: "",
};

describe("GET /clients/new", () => {
  it("offers only the partner's own links, and no link by default", async () => {
    await createLink(t.db, partner.id, { title: "Моя ссылка", targetUrl: "https://example.ru", ...noUtm }, t.clock.now);
    const other = await givenPartner(t.db);
    await createLink(t.db, other.id, { title: "Чужая ссылка", targetUrl: "https://example.ru", ...noUtm }, t.clock.now);
    const html = await (await t.request("/clients/new", { cookie })).text();
    expect(html).toContain("Моя ссылка");
    expect(html).not.toContain("Чужая ссылка");
    expect(html).toContain('<option value="">— без ссылки —</option>');
  });
});

describe("POST /clients", () => {
  it("stores a manual client with its delivery job and 'created' entry, then opens its page", async () => {
    const link = await createLink(
      t.db,
      partner.id,
      { title: "Сайт", targetUrl: "https://example.ru", ...noUtm, utmSource: "partner", utmCampaign: "осень" },
      t.clock.now,
    );
    const res = await t.request("/clients", { cookie, form: { ...form, link_id: String(link.id) } });
    expect(res.status).toBe(303);
    const [client] = await t.db.select().from(clients);
    expect(client).toMatchObject({
      partnerId: partner.id,
      source: "manual",
      name: "Мария Петрова",
      phone: "+79123456789",
      email: "maria@example.ru",
      company: "ООО Ромашка",
      comment: "Звонить после 18:00",
      linkId: link.id,
      utmSource: "partner",
      utmCampaign: "осень",
      utmTerm: null,
      deliveryState: "pending",
      duplicateOfId: null,
    });
    expect(res.headers.get("location")).toBe(`/clients/${client?.id}`);
    expect(await t.db.select().from(deliveryJobs)).toMatchObject([{ clientId: client?.id, state: "pending" }]);
    expect(await t.db.select().from(clientEvents)).toMatchObject([{ clientId: client?.id, kind: "created", data: '{"source":"manual"}' }]);
    const page = await (await t.request(`/clients/${client?.id}`, { cookie: cookiesFrom(res, cookie) })).text();
    expect(page).toContain("Клиент добавлен");
    expect(page).toContain("Клиент создан (вручную)");
  });

  it("accepts an email without a phone, and ignores a partner_id smuggled into the form", async () => {
    const other = await givenPartner(t.db);
    const res = await t.request("/clients", { cookie, form: { name: "Иван", email: "ivan@example.ru", partner_id: String(other.id) } });
    expect(res.status).toBe(303);
    expect(await t.db.select().from(clients)).toMatchObject([{ partnerId: partner.id, phone: null, email: "ivan@example.ru", linkId: null }]);
  });

  it("keeps a possible duplicate, flags it and tells the partner", async () => {
    const other = await givenPartner(t.db);
    await createClient(
      t.db,
      other.id,
      { source: "form", name: "Мария", phone: "+79123456789", email: null, company: null, comment: null, linkId: null, landingId: null, utm: noUtm },
      t.clock.now,
    );
    const res = await t.request("/clients", { cookie, form });
    expect(res.status).toBe(303);
    expect(await t.db.$count(clients)).toBe(2);
    const id = Number(res.headers.get("location")?.split("/").pop());
    const page = await (await t.request(`/clients/${id}`, { cookie: cookiesFrom(res, cookie) })).text();
    expect(page).toContain("Клиент добавлен. Похоже, этот телефон или email уже есть в программе — менеджер проверит.");
    expect(page).toContain("возможный дубль");
    expect(page).toContain("Отмечен как возможный дубль");
    const list = await (await t.request("/clients", { cookie })).text();
    expect(list).toContain("возможный дубль");
  });

  it("answers an htmx post with HX-Redirect", async () => {
    const res = await t.request("/clients", { cookie, form, headers: { "hx-request": "true" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("hx-redirect")).toMatch(/^\/clients\/\d+$/);
  });

  it.each([
    ["an empty form", {}, ["Заполните поле", "Укажите телефон или email"]],
    ["only a name", { name: "Мария" }, ["Укажите телефон или email"]],
    ["a 2 001-character comment", { ...form, comment: "я".repeat(2001) }, [text.validation.tooLong(2000)]],
    ["a 101-character name", { ...form, name: "я".repeat(101) }, ["Не длиннее 100 символов"]],
    ["an invalid email", { ...form, email: "maria@" }, ["Введите email в формате name@example.ru"]],
    ["an email only, but invalid", { name: "Мария", email: "not an email" }, ["Введите email в формате name@example.ru"]],
    ["a phone of letters", { ...form, phone: "позвоните мне" }, ["Введите телефон, например +7 912 345-67-89"]],
    ["a link id that is not a number", { ...form, link_id: "1 OR 1=1" }, ["Выберите ссылку из списка"]],
    ["a control character in the name", { ...form, name: "Мария\u202e" }, ["Уберите служебные символы"]],
  ])("refuses %s with the message by the field and stores nothing", async (_label, body, messages) => {
    const before = await snapshot(t.client);
    const res = await t.request("/clients", { cookie, form: body as Record<string, string> });
    expect(res.status).toBe(422);
    const html = await res.text();
    for (const message of messages) expect(html).toContain(message);
    expect(html).toContain("Исправьте ошибки в форме");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("refuses another partner's link id by the field and stores nothing", async () => {
    const other = await givenPartner(t.db);
    const theirs = await createLink(t.db, other.id, { title: "Чужая", targetUrl: "https://example.ru", ...noUtm }, t.clock.now);
    const before = await snapshot(t.client);
    const res = await t.request("/clients", { cookie, form: { ...form, link_id: String(theirs.id) } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Выберите ссылку из списка");
    expect(html).not.toContain("Чужая");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("answers a 1 MB comment with 413 before the handler and stores nothing", async () => {
    const before = await snapshot(t.client);
    const res = await t.request("/clients", { cookie, form: { ...form, comment: "x".repeat(1024 * 1024) } });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Слишком большой запрос");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("keeps the entered values when the form is refused, escaped", async () => {
    const res = await t.request("/clients", { cookie, form: { name: '"><script>alert(1)</script>', email: "<script>alert(2)</script>" } });
    const html = await res.text();
    expect(res.status).toBe(422);
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(");
  });
});

describe("script tags in every field", () => {
  const payloads = { name: '<script>alert("n")</script>', company: '"><img src=x onerror=alert("c")>', comment: "<script>alert('m')</script>{{7*7}}" };

  it("are stored literally and shown escaped to the partner and the admin", async () => {
    const res = await t.request("/clients", { cookie, form: { ...payloads, phone: "+79123456789", email: "x@example.ru" } });
    expect(res.status).toBe(303);
    const [client] = await t.db.select().from(clients);
    expect(client).toMatchObject(payloads);
    const admin = await givenAdmin(t.db);
    const pages = [
      ["/clients", cookie],
      [`/clients/${client?.id}`, cookie],
      [`/admin/partners/${partner.id}`, await t.cookieFor(admin)],
    ] as const;
    for (const [path, as] of pages) {
      const html = await (await t.request(path, { cookie: as })).text();
      expect(html).toContain("&lt;script&gt;alert(&quot;n&quot;)&lt;/script&gt;");
      expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(&quot;c&quot;)&gt;");
      expect(html).not.toMatch(/<script>alert|<img src=x/);
      if (path.startsWith("/clients/")) expect(html).toContain("&lt;script&gt;alert(&#39;m&#39;)&lt;/script&gt;{{7*7}}");
    }
  });
});
