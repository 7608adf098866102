import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../config.js";
import { auditLog, deliveryJobs } from "../../db/schema.js";
import { type Bitrix24Emulator, startBitrix24Emulator } from "../../integrations/bitrix24/emulator/index.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { cookiesFrom, createTestApp, type TestApp } from "../../testing/test-app.js";
import { createClient } from "../clients/clients.js";
import { setSetting } from "../settings/settings.js";
import { envCrmSettings, loadCrmSettings } from "./settings/crm-settings.js";

let t: TestApp;
let emu: Bitrix24Emulator;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  emu = await startBitrix24Emulator({
    rateLimit: false,
    seed: {
      funnels: [{ id: 1, name: "Партнёрская воронка" }],
      userFields: [
        { entity: "lead", code: "UF_CRM_NOTE", type: "string", label: "Заметка партнёра" },
        { entity: "deal", code: "UF_CRM_NOTE", type: "string", label: "Заметка партнёра" },
        { entity: "deal", code: "UF_CRM_COMPANY", type: "string", label: "Компания клиента" },
        { entity: "deal", code: "UF_CRM_TAGS", type: "string", multiple: true, label: "Метки" },
        { entity: "lead", code: "UF_CRM_SUM", type: "integer", label: "Сумма" },
      ],
    },
  });
  cookie = await t.cookieFor(await givenAdmin(t.db));
});
afterEach(() => emu.close());

const secretOf = (url: string) => url.split("/rest/")[1]?.split("/")[1] ?? "";
const save = (form: Record<string, string>) => t.request("/admin/crm", { cookie, form: { entity_type: "lead", ...form } });

describe("/admin/crm", () => {
  it("stores the webhook and shows it back only masked, with the portal's funnels and stages to choose from", async () => {
    expect((await save({ webhook_url: emu.webhookUrl, application_token: "tok-123" })).status).toBe(303);
    const settings = await loadCrmSettings(t.db, t.config);
    expect(settings).toMatchObject({ webhookUrl: emu.webhookUrl, applicationToken: "tok-123" });
    const html = await (await t.request("/admin/crm", { cookie })).text();
    expect(html).not.toContain(secretOf(emu.webhookUrl));
    expect(html).not.toContain("tok-123");
    expect(html).toContain("/rest/1/••••••");
    expect(html).toContain("Партнёрская воронка");
    expect(html).toContain("http://cabinet.test/webhooks/bitrix24");
    const audit = JSON.stringify(await t.db.select().from(auditLog));
    expect(audit).not.toContain(secretOf(emu.webhookUrl));
    expect(audit).not.toContain("tok-123");
  });

  it("keeps the stored secrets when the fields are left empty, and saves the routing", async () => {
    await save({ webhook_url: emu.webhookUrl, application_token: "tok-123" });
    await save({ entity_type: "deal", category_id: "1", stage_id: "C1:NEW", assigned_by_id: "7", tracking_field: "UF_CRM_PARTNER" });
    expect(await loadCrmSettings(t.db, t.config)).toMatchObject({
      webhookUrl: emu.webhookUrl,
      applicationToken: "tok-123",
      entityType: "deal",
      categoryId: 1,
      stageId: "C1:NEW",
      assignedById: 7,
      trackingField: "UF_CRM_PARTNER",
    });
  });

  it.each([
    [{ webhook_url: "https://evil.example/not-a-webhook" }, "Укажите адрес вебхука"],
    [{ assigned_by_id: "abc" }, "Укажите номер пользователя"],
    [{ tracking_field: "TITLE" }, "Поле должно называться UF_CRM_"],
    [{ attribution_import: "on" }, "Чтобы импортировать сделки, укажите поле для кода партнёра"],
    [{ attribution_import: "on", tracking_field: "UF_CRM_PARTNER", tracking_template: "partner" }, "В шаблоне должно быть {code}"],
    [{ comment_field: "TITLE" }, "Укажите COMMENTS или поле вида UF_CRM_…"],
    [{ company_field: "ORIGIN_ID" }, "Укажите COMPANY_TITLE, поле вида UF_CRM_… или none"],
    [{ company_field: "COMMENTS" }, "Укажите COMPANY_TITLE, поле вида UF_CRM_… или none"],
    [{ tracking_field: "UF_CRM_PARTNER", comment_field: "uf_crm_partner" }, "В это поле уже записывается код партнёра"],
    [{ tracking_field: "UF_CRM_PARTNER", company_field: "UF_CRM_PARTNER" }, "В это поле уже записывается код партнёра"],
    [{ comment_field: "UF_CRM_NOTE", company_field: "UF_CRM_NOTE" }, "В это поле уже записывается комментарий"],
  ])("refuses bad input (%#) by the field and stores nothing", async (form, message) => {
    const before = await snapshot(t.client);
    const res = await save(form);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("maps the comment and the company to fields chosen from the portal's string UF fields, audited", async () => {
    await save({ webhook_url: emu.webhookUrl });
    const html = await (await t.request("/admin/crm", { cookie })).text();
    expect(html).toContain('<select id="f-comment_field" name="comment_field"');
    expect(html).toContain("Заметка партнёра · UF_CRM_NOTE (лиды и сделки)");
    expect(html).toContain("Компания клиента · UF_CRM_COMPANY (только сделки)");
    expect(html).toContain("Название компании (COMPANY_TITLE, только лиды)");
    expect(html).toContain("в сделку компания попадёт, только если выбрано ваше поле UF_CRM_…");
    // Multiple and non-string fields cannot hold one line of text.
    expect(html).not.toContain("UF_CRM_TAGS");
    expect(html).not.toContain("UF_CRM_SUM");

    expect((await save({ comment_field: "UF_CRM_NOTE", company_field: "uf_crm_company" })).status).toBe(303);
    expect(await loadCrmSettings(t.db, t.config)).toMatchObject({ commentField: "UF_CRM_NOTE", companyField: "UF_CRM_COMPANY" });
    const shown = await (await t.request("/admin/crm", { cookie })).text();
    expect(shown).toMatch(/<option value="UF_CRM_NOTE" selected="">/);
    expect(shown).toMatch(/<option value="UF_CRM_COMPANY" selected="">/);

    expect((await save({ company_field: "none" })).status).toBe(303);
    expect(await loadCrmSettings(t.db, t.config)).toMatchObject({ commentField: "COMMENTS", companyField: null });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "crm.settings")).orderBy(auditLog.id);
    expect(audit.map((r) => [JSON.parse(r.after ?? "{}").commentField, JSON.parse(r.after ?? "{}").companyField])).toEqual([
      ["COMMENTS", "COMPANY_TITLE"],
      ["UF_CRM_NOTE", "UF_CRM_COMPANY"],
      ["COMMENTS", null],
    ]);
  });

  it("offers text inputs for the mapping when Bitrix24 cannot be asked, and keeps a typed UF field", async () => {
    const html = await (await t.request("/admin/crm", { cookie })).text();
    expect(html).toContain('<input id="f-comment_field" name="comment_field" type="text" value="COMMENTS"');
    expect(html).toContain('<input id="f-company_field" name="company_field" type="text" value="COMPANY_TITLE"');
    expect(html).toContain("или none — не передавать");
    expect((await save({ comment_field: "UF_CRM_1721244482250", company_field: "COMPANY_TITLE" })).status).toBe(303);
    expect(await loadCrmSettings(t.db, t.config)).toMatchObject({ commentField: "UF_CRM_1721244482250", companyField: "COMPANY_TITLE" });
  });

  it("reads settings saved before the mapping existed with the defaults, and takes the defaults from B24_FIELD_MAPPINGS", async () => {
    await setSetting(t.db, "crm", JSON.stringify({ entityType: "deal", trackingField: "UF_CRM_PARTNER", trackingTemplate: "p-{code}" }), t.clock.now);
    expect(await loadCrmSettings(t.db, t.config)).toMatchObject({ entityType: "deal", commentField: "COMMENTS", companyField: "COMPANY_TITLE" });

    const env = (mappings: object) => envCrmSettings(parseConfig({ NODE_ENV: "test", B24_FIELD_MAPPINGS: JSON.stringify(mappings) }));
    expect(env({ comment_field: "uf_crm_note", company_field: "UF_CRM_COMPANY" })).toMatchObject({
      commentField: "UF_CRM_NOTE",
      companyField: "UF_CRM_COMPANY",
    });
    expect(env({ company_field: "none" })).toMatchObject({ commentField: "COMMENTS", companyField: null });
    // Native fields other than the two meant for them, and clashes with the tracking field, fall back to the defaults.
    expect(env({ comment_field: "TITLE", company_field: "PHONE" })).toMatchObject({ commentField: "COMMENTS", companyField: "COMPANY_TITLE" });
    expect(env({ tracking_field: "UF_CRM_P", comment_field: "UF_CRM_P", company_field: "UF_CRM_P" })).toMatchObject({
      trackingField: "UF_CRM_P",
      commentField: "COMMENTS",
      companyField: "COMPANY_TITLE",
    });
  });

  it("turns the attribution import on and off with the other settings, audited each time", async () => {
    const checkbox = /<input type="checkbox" id="f-attribution_import" name="attribution_import" value="on"( checked="")?/;
    const page = async () => (await t.request("/admin/crm", { cookie })).text();
    const first = await page();
    expect(first).toContain("Импортировать сделки с меткой партнёра, созданные в Bitrix24");
    expect(first).toContain("Работает, только когда заданы поле для кода партнёра и шаблон с {code}");
    expect(first.match(checkbox)?.[1]).toBeUndefined();
    expect((await loadCrmSettings(t.db, t.config)).attributionImport).toBe(false);

    const form = { tracking_field: "UF_CRM_PARTNER_CODE", tracking_template: "partner-{code}" };
    expect((await save({ ...form, attribution_import: "on" })).status).toBe(303);
    expect(await loadCrmSettings(t.db, t.config)).toMatchObject({ attributionImport: true, trackingField: "UF_CRM_PARTNER_CODE" });
    expect((await page()).match(checkbox)?.[1]).toBe(' checked=""');
    expect((await save(form)).status).toBe(303);
    expect((await loadCrmSettings(t.db, t.config)).attributionImport).toBe(false);

    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "crm.settings")).orderBy(auditLog.id);
    const flags = audit.map((r) => [JSON.parse(r.before ?? "{}").attributionImport, JSON.parse(r.after ?? "{}").attributionImport]);
    expect(flags).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it("checks the connection and says what went wrong, without the secret", async () => {
    await save({ webhook_url: emu.webhookUrl });
    const ok = await t.request("/admin/crm/check", { method: "POST", cookie });
    expect(await (await t.request("/admin/crm", { cookie: `${cookie}; ${cookiesFrom(ok)}` })).text()).toContain("Соединение работает");
    emu.control.rotateWebhook();
    const bad = await t.request("/admin/crm/check", { method: "POST", cookie });
    const html = await (await t.request("/admin/crm", { cookie: `${cookie}; ${cookiesFrom(bad)}` })).text();
    expect(html).toContain("Bitrix24 не ответил как нужно");
    expect(html).not.toContain(secretOf(emu.webhookUrl));
  });

  it("counts the portal's funnels with the right Russian plural", async () => {
    await save({ webhook_url: emu.webhookUrl });
    const flashOf = async () => {
      const res = await t.request("/admin/crm/check", { method: "POST", cookie });
      return (await (await t.request("/admin/crm", { cookie: `${cookie}; ${cookiesFrom(res)}` })).text()).match(/Соединение работает: в портале [^<]*/)?.[0];
    };
    // The general funnel and the seeded ones (a seed replaces the list).
    expect(await flashOf()).toBe("Соединение работает: в портале 2 воронки");
    emu.control.seed({ funnels: [1, 2, 3, 4].map((id) => ({ id, name: `Воронка ${id}` })) });
    expect(await flashOf()).toBe("Соединение работает: в портале 5 воронок");
  });

  it("puts dead-lettered deliveries back in the queue, one or all", async () => {
    const partner = await givenPartner(t.db);
    const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
    for (const phone of ["+79120000001", "+79120000002"]) {
      await createClient(
        t.db,
        partner.id,
        { source: "manual", name: "К", phone, email: null, company: null, comment: null, linkId: null, landingId: null, utm: noUtm },
        t.clock.now,
      );
    }
    await t.db.update(deliveryJobs).set({ state: "dead", lastError: "crm.lead.add: Некорректные данные" });
    const html = await (await t.request("/admin/crm", { cookie })).text();
    expect(html).toContain("crm.lead.add: Некорректные данные");
    const [first] = await t.db.select().from(deliveryJobs);
    expect((await t.request(`/admin/crm/retries/${first?.id}`, { method: "POST", cookie })).status).toBe(303);
    expect((await t.request(`/admin/crm/retries/${first?.id}`, { method: "POST", cookie })).status).toBe(404);
    await t.request("/admin/crm/retries", { method: "POST", cookie });
    expect((await t.db.select().from(deliveryJobs)).map((j) => j.state)).toEqual(["pending", "pending"]);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "crm.delivery_retry")).orderBy(auditLog.id);
    expect(audit.map((r) => [r.entity, r.partnerId, JSON.parse(r.before ?? "{}").lastError])).toEqual([
      ["client", partner.id, "crm.lead.add: Некорректные данные"],
      ["client", partner.id, "crm.lead.add: Некорректные данные"],
    ]);
  });

  it("never shows the webhook to a partner, on any partner page", async () => {
    await save({ webhook_url: emu.webhookUrl, application_token: "tok-123" });
    const partner = await givenPartner(t.db);
    const partnerCookie = await t.cookieFor(partner);
    for (const path of ["/dashboard", "/links", "/links/new", "/landings", "/landings/new", "/clients", "/clients/new", "/notifications", "/profile"]) {
      const html = await (await t.request(path, { cookie: partnerCookie })).text();
      expect(html, path).not.toContain(secretOf(emu.webhookUrl));
      expect(html, path).not.toContain("/rest/1/");
      expect(html, path).not.toContain("tok-123");
    }
  });
});
