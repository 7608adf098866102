import { beforeEach, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { cookiesFrom, createTestApp, type TestApp } from "../../testing/test-app.js";
import { createLink } from "../links/links.js";
import { type ClientInput, createClient } from "./clients.js";
import { getMaskContacts } from "./masking.js";

let t: TestApp;
let admin: Awaited<ReturnType<typeof givenAdmin>>;
let adminCookie: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await givenAdmin(t.db);
  adminCookie = await t.cookieFor(admin);
});

const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
const input = (over: Partial<ClientInput>): ClientInput => ({
  source: "form",
  name: "Клиент",
  phone: null,
  email: null,
  company: null,
  comment: null,
  linkId: null,
  landingId: null,
  utm: noUtm,
  ...over,
});

describe("GET /admin/partners/:id", () => {
  it("shows the profile, the link count and all the partner's clients with full contacts", async () => {
    const p = await givenPartner(t.db, { name: "Пётр Иванов", company: "ИП Иванов", phone: "+79001112233", partnerCode: "PETR2026" });
    await createLink(t.db, p.id, { title: "Сайт", targetUrl: "https://example.ru", ...noUtm }, t.clock.now);
    const first = await createClient(t.db, p.id, input({ name: "Мария", phone: "+79123456789", email: "maria@example.ru" }), t.clock.now);
    await createClient(t.db, p.id, input({ name: "Мария ещё раз", phone: "+79123456789" }), t.clock.now);
    const other = await givenPartner(t.db);
    await createClient(t.db, other.id, input({ name: "Чужой клиент", phone: "+79000000000" }), t.clock.now);
    const res = await t.request(`/admin/partners/${p.id}`, { cookie: adminCookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const text of [
      "Пётр Иванов",
      "ИП Иванов",
      "+7 900 111-22-33",
      "PETR2026",
      "Активен",
      "25.11.2026",
      "+7 912 345-67-89",
      "maria@example.ru",
      "Мария ещё раз",
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toMatch(/<dt>Ссылок<\/dt><dd>1<\/dd>/);
    expect(html).toContain(`возможный дубль клиента №${first.ok ? first.client.id : 0}`);
    expect(html).not.toContain("***");
    expect(html).not.toContain("Чужой клиент");
  });

  it("filters and pages the partner's clients like the partner's own list", async () => {
    const p = await givenPartner(t.db);
    for (let i = 0; i < 52; i++)
      await createClient(t.db, p.id, input({ name: `Ручной ${i}`, source: "manual", phone: `+7900000${String(i).padStart(4, "0")}` }), t.clock.now);
    await createClient(t.db, p.id, input({ name: "Единственный с формы", phone: "+79990000000" }), t.clock.now);
    const html = await (await t.request(`/admin/partners/${p.id}?source=manual`, { cookie: adminCookie })).text();
    expect([...html.matchAll(/id="client-\d+"/g)]).toHaveLength(50);
    expect(html).toContain(`href="/admin/partners/${p.id}?source=manual&amp;page=2"`);
    const search = await (await t.request(`/admin/partners/${p.id}?q=${encodeURIComponent("ЕДИНСТВЕННЫЙ")}`, { cookie: adminCookie })).text();
    expect([...search.matchAll(/id="client-\d+"/g)]).toHaveLength(1);
  });

  it("answers 404 for an unknown id and for an admin's id", async () => {
    expect((await t.request("/admin/partners/999999", { cookie: adminCookie })).status).toBe(404);
    expect((await t.request(`/admin/partners/${admin.id}`, { cookie: adminCookie })).status).toBe(404);
  });

  it("leaves /admin/partners/new to the partners feature", async () => {
    const res = await t.request("/admin/partners/new", { cookie: adminCookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Добавить партнёра");
  });
});

describe("POST /admin/settings/contact-masking", () => {
  it("switches masking off and on, each change audited once", async () => {
    expect(await getMaskContacts(t.db)).toBe(true);
    const off = await t.request("/admin/settings/contact-masking", { cookie: adminCookie, form: {} });
    expect(off.status).toBe(303);
    expect(off.headers.get("location")).toBe("/admin/settings");
    expect(await getMaskContacts(t.db)).toBe(false);
    const page = await (await t.request("/admin/settings", { cookie: cookiesFrom(off, adminCookie) })).text();
    expect(page).toContain("Партнёры видят контакты клиентов полностью");

    const before = await snapshot(t.client);
    await t.request("/admin/settings/contact-masking", { cookie: adminCookie, form: {} });
    expect(await snapshot(t.client)).toBe(before);

    await t.request("/admin/settings/contact-masking", { cookie: adminCookie, form: { mask_contacts: "on" } });
    expect(await getMaskContacts(t.db)).toBe(true);
    const audit = await t.db.select().from(auditLog);
    expect(audit).toMatchObject([
      { action: "settings.contact_masking", actorId: admin.id, entity: "settings", before: '{"maskContacts":true}', after: '{"maskContacts":false}' },
      { action: "settings.contact_masking", actorId: admin.id, entity: "settings", before: '{"maskContacts":false}', after: '{"maskContacts":true}' },
    ]);
  });

  it("writes nothing when masking, on by default, is switched on again", async () => {
    const before = await snapshot(t.client);
    const res = await t.request("/admin/settings/contact-masking", { cookie: adminCookie, form: { mask_contacts: "on" } });
    expect(res.status).toBe(303);
    expect(await getMaskContacts(t.db)).toBe(true);
    expect(await snapshot(t.client)).toBe(before);
  });
});
