/**
 * The REST contract over real HTTP: the §5.3 sample pairs of BITRIX24.md, transport variants,
 * string typing, multi-fields, fallbacks, directory methods and the auth errors.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bitrix24Emulator, type PortalSeed, startBitrix24Emulator } from "./index.js";
import { b24Call } from "./testkit.js";

/** The portal of the §5.3 samples: funnel 9 "Partners", partner-code field on leads and deals. */
const samplePortal: PortalSeed = {
  funnels: [
    {
      id: 9,
      name: "Partners",
      sort: 200,
      stages: [
        { id: "NEW", name: "New", sort: 10 },
        { id: "UC_KN8KFI", name: "Demo done", sort: 20, color: "#2FC6F6" },
        { id: "WON", name: "Deal successful", sort: 60 },
        { id: "LOSE", name: "Deal failed", sort: 70 },
      ],
    },
  ],
  users: [{ id: 7, name: "Maria", lastName: "Manager" }],
  userFields: [
    { entity: "lead", code: "UF_CRM_PARTNER_CODE" },
    { entity: "deal", code: "UF_CRM_PARTNER_CODE" },
  ],
};

const sampleLead = {
  TITLE: "Ivan Petrov (partner P-0042)",
  NAME: "Ivan",
  LAST_NAME: "Petrov",
  PHONE: [{ VALUE: "+79991234567", VALUE_TYPE: "WORK" }],
  EMAIL: [{ VALUE: "ivan@example.com", VALUE_TYPE: "WORK" }],
  COMMENTS: "Wants a demo",
  SOURCE_ID: "PARTNER",
  SOURCE_DESCRIPTION: "Partner P-0042 / link ab12",
  UTM_SOURCE: "partner",
  UTM_MEDIUM: "referral",
  UTM_CAMPAIGN: "P-0042",
  STATUS_ID: "NEW",
  ORIGINATOR_ID: "partner-cabinet",
  ORIGIN_ID: "6f1c-0001",
  UF_CRM_PARTNER_CODE: "P-0042",
};

// 2025-03-01T12:00:00+03:00
const START = Date.parse("2025-03-01T09:00:00Z");
const clock = { now: START };
let b24: Bitrix24Emulator;
const call = (method: string, params?: unknown) => b24Call(b24.webhookUrl, method, params);

beforeAll(async () => {
  b24 = await startBitrix24Emulator({ secret: "k3x9q2w7e1r5t8y0", rateLimit: false, now: () => clock.now, seed: samplePortal });
});
afterAll(() => b24.close());
beforeEach(async () => {
  clock.now = START;
  await b24.control.reset();
});

describe("§5.3 sample pairs", () => {
  it("crm.lead.add → integer id 1001, crm.lead.get → string-typed row with multi-fields", async () => {
    const add = await call("crm.lead.add.json", { fields: sampleLead, params: { REGISTER_SONET_EVENT: "Y" } });
    expect(add.status).toBe(200);
    expect(add.body.result).toBe(1001);
    expect(add.body.time).toMatchObject({ date_start: "2025-03-01T12:00:00+03:00", date_finish: "2025-03-01T12:00:00+03:00" });
    expect(Object.keys(add.body.time as object)).toEqual(expect.arrayContaining(["start", "finish", "duration", "processing"]));

    const get = await call("crm.lead.get.json", { id: 1001 });
    expect(get.status).toBe(200);
    expect(get.body.result).toMatchObject({
      ID: "1001",
      TITLE: "Ivan Petrov (partner P-0042)",
      NAME: "Ivan",
      LAST_NAME: "Petrov",
      STATUS_ID: "NEW",
      STATUS_SEMANTIC_ID: "P",
      SOURCE_ID: "PARTNER",
      OPPORTUNITY: "0.00",
      CURRENCY_ID: "RUB",
      ASSIGNED_BY_ID: "1",
      CONTACT_ID: null,
      IS_RETURN_CUSTOMER: "N",
      HAS_PHONE: "Y",
      HAS_EMAIL: "Y",
      DATE_CREATE: "2025-03-01T12:00:00+03:00",
      DATE_MODIFY: "2025-03-01T12:00:00+03:00",
      ORIGINATOR_ID: "partner-cabinet",
      ORIGIN_ID: "6f1c-0001",
      UF_CRM_PARTNER_CODE: "P-0042",
      PHONE: [{ ID: "5001", VALUE_TYPE: "WORK", VALUE: "+79991234567", TYPE_ID: "PHONE" }],
      EMAIL: [{ ID: "5002", VALUE_TYPE: "WORK", VALUE: "ivan@example.com", TYPE_ID: "EMAIL" }],
      COMMENTS: "Wants a demo",
    });
  });

  it("crm.lead.get errors: Not found / ID is not defined or invalid.", async () => {
    expect(await call("crm.lead.get.json", { id: 999999 })).toEqual({ status: 400, body: { error: "", error_description: "Not found" } });
    expect(await call("crm.lead.get.json", {})).toEqual({ status: 400, body: { error: "", error_description: "ID is not defined or invalid." } });
  });

  it("crm.lead.update → true; unknown id → Lead is not found", async () => {
    await call("crm.lead.add", { fields: sampleLead });
    clock.now += 60_000;
    const upd = await call("crm.lead.update.json", { id: 1001, fields: { STATUS_ID: "IN_PROCESS" } });
    expect(upd.body.result).toBe(true);
    const lead = b24.control.getLead(1001);
    expect(lead).toMatchObject({ STATUS_ID: "IN_PROCESS", DATE_MODIFY: "2025-03-01T12:01:00+03:00", DATE_CREATE: "2025-03-01T12:00:00+03:00" });
    expect(await call("crm.lead.update.json", { id: 999999, fields: { STATUS_ID: "IN_PROCESS" } })).toEqual({
      status: 400,
      body: { error: "", error_description: "Lead is not found" },
    });
  });

  it("crm.duplicate.findbycomm: normalised phone, [] on no match, type required", async () => {
    const contact = await call("crm.contact.add.json", {
      fields: {
        NAME: "Ivan",
        LAST_NAME: "Petrov",
        PHONE: [{ VALUE: "+79991234567", VALUE_TYPE: "WORK" }],
        ORIGINATOR_ID: "partner-cabinet",
        ORIGIN_ID: "6f1c",
      },
    });
    expect(contact.body.result).toBe(2001);
    const hit = await call("crm.duplicate.findbycomm.json", { type: "PHONE", entity_type: "CONTACT", values: ["8 (999) 123-45-67"] });
    expect(hit.body.result).toEqual({ CONTACT: [2001] });
    expect((await call("crm.duplicate.findbycomm.json", { type: "PHONE", entity_type: "CONTACT", values: ["+7 111 222-33-44"] })).body.result).toEqual([]);
    expect(await call("crm.duplicate.findbycomm.json", { values: ["x"] })).toEqual({
      status: 400,
      body: { error: "", error_description: "Communication type is not defined." },
    });
    await call("crm.lead.add", { fields: { EMAIL: [{ VALUE: "Ivan@Example.com" }] } });
    expect((await call("crm.duplicate.findbycomm", { type: "EMAIL", values: ["ivan@example.COM"] })).body.result).toEqual({ LEAD: [1001] });
  });

  it("crm.deal.add with funnel fallbacks, crm.deal.get after a manager won it", async () => {
    await call("crm.contact.add", { fields: { NAME: "Ivan" } });
    const add = await call("crm.deal.add.json", {
      fields: {
        TITLE: "Ivan Petrov (partner P-0042)",
        CATEGORY_ID: 9,
        STAGE_ID: "C9:NEW",
        CONTACT_IDS: [2001],
        SOURCE_ID: "PARTNER",
        COMMENTS: "Wants a demo",
        UTM_SOURCE: "partner",
        ORIGINATOR_ID: "partner-cabinet",
        ORIGIN_ID: "6f1c",
        UF_CRM_PARTNER_CODE: "P-0042",
        COMPANY_TITLE: "dropped",
      },
      params: { REGISTER_SONET_EVENT: "Y" },
    });
    expect(add.body.result).toBe(3001);
    expect((await call("crm.deal.add.json", { fields: { CATEGORY_ID: 9, STAGE_ID: "NEW" } })).body.result).toBe(3002);
    expect(b24.control.getDeal(3002)).toMatchObject({ CATEGORY_ID: "9", STAGE_ID: "C9:NEW" });
    await call("crm.deal.add.json", { fields: { CATEGORY_ID: 42 } });
    expect(b24.control.getDeal(3003)).toMatchObject({ CATEGORY_ID: "0", STAGE_ID: "NEW", TITLE: "Deal #3003", OPPORTUNITY: "0.00", CURRENCY_ID: "RUB" });
    await call("crm.deal.add.json", { fields: { CATEGORY_ID: 9, STAGE_ID: "WON" } });
    expect(b24.control.getDeal(3004)).toMatchObject({ STAGE_ID: "C9:NEW", IS_NEW: "Y" });
    expect(await call("crm.deal.add.json", { fields: "x" })).toEqual({
      status: 400,
      body: { error: "", error_description: "Parameter 'fields' must be array." },
    });

    clock.now = Date.parse("2025-03-10T12:22:05Z");
    b24.control.moveDeal(3001, "C9:WON");
    b24.control.setDealAmount(3001, 150000);
    b24.control.updateDeal(3001, { ASSIGNED_BY_ID: 7 });
    const get = await call("crm.deal.get.json", { id: 3001 });
    expect(get.body.result).toMatchObject({
      ID: "3001",
      TITLE: "Ivan Petrov (partner P-0042)",
      CATEGORY_ID: "9",
      STAGE_ID: "C9:WON",
      STAGE_SEMANTIC_ID: "S",
      CLOSED: "Y",
      OPPORTUNITY: "150000.00",
      CURRENCY_ID: "RUB",
      LEAD_ID: null,
      CONTACT_ID: "2001",
      ASSIGNED_BY_ID: "7",
      IS_NEW: "N",
      DATE_MODIFY: "2025-03-10T15:22:05+03:00",
      MOVED_TIME: "2025-03-10T15:22:05+03:00",
      UF_CRM_PARTNER_CODE: "P-0042",
    });
    expect(get.body.result).not.toHaveProperty("COMPANY_TITLE");
    expect(get.body.result).not.toHaveProperty("PHONE");
  });

  it("crm.deal.list by LEAD_ID with select", async () => {
    await call("crm.lead.add", { fields: sampleLead });
    b24.control.convertLead(1001, { createContact: false });
    const list = await call("crm.deal.list.json", {
      filter: { LEAD_ID: 1001 },
      select: ["ID", "STAGE_ID", "STAGE_SEMANTIC_ID", "OPPORTUNITY", "CURRENCY_ID", "CATEGORY_ID", "LEAD_ID"],
      order: { ID: "ASC" },
    });
    expect(list.body).toMatchObject({
      result: [{ ID: "3001", STAGE_ID: "NEW", STAGE_SEMANTIC_ID: "P", OPPORTUNITY: "0.00", CURRENCY_ID: "RUB", CATEGORY_ID: "0", LEAD_ID: "1001" }],
      total: 1,
    });
    expect(list.body).not.toHaveProperty("next");
  });

  it("crm.category.list and crm.status.list of funnel 9", async () => {
    const cats = await call("crm.category.list.json", { entityTypeId: 2 });
    expect(cats.body.result).toEqual({
      categories: [
        { id: 9, name: "Partners", sort: 200, entityTypeId: 2, isDefault: "N", originId: "", originatorId: "" },
        { id: 0, name: "General", sort: 300, entityTypeId: 2, isDefault: "Y" },
      ],
    });
    expect(cats.body.total).toBe(2);
    const st = await call("crm.status.list.json", { filter: { ENTITY_ID: "DEAL_STAGE_9" }, order: { SORT: "ASC" } });
    const rows = st.body.result as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.STATUS_ID, r.SORT, r.SEMANTICS, (r.EXTRA as { SEMANTICS: string }).SEMANTICS, r.CATEGORY_ID, r.SYSTEM])).toEqual([
      ["C9:NEW", "10", null, "process", "9", "Y"],
      ["C9:UC_KN8KFI", "20", null, "process", "9", "N"],
      ["C9:WON", "60", "S", "success", "9", "Y"],
      ["C9:LOSE", "70", "F", "failure", "9", "Y"],
    ]);
    expect(rows[1]).toMatchObject({ NAME: "Demo done", NAME_INIT: "", COLOR: "#2FC6F6", ENTITY_ID: "DEAL_STAGE_9" });
    expect(typeof rows[0]?.ID).toBe("string");
    expect(st.body.total).toBe(4);
    expect(st.body).not.toHaveProperty("next");
    expect(await call("crm.status.list.json", { filter: { ENTITY_ID: ["STATUS", "SOURCE"] } })).toEqual({
      status: 400,
      body: { error: "", error_description: "Filter by ENTITY_ID must be a string" },
    });
    const general = (await call("crm.status.list", { filter: { ENTITY_ID: "DEAL_STAGE" } })).body.result as Array<Record<string, unknown>>;
    expect(general.map((r) => r.STATUS_ID)).toEqual(["NEW", "PREPARATION", "PREPAYMENT_INVOICE", "EXECUTING", "FINAL_INVOICE", "WON", "LOSE", "APOLOGY"]);
    expect(general.at(-1)).toMatchObject({ SEMANTICS: "F", EXTRA: { SEMANTICS: "apology" }, CATEGORY_ID: null });
    const statuses = (await call("crm.status.list", { filter: { ENTITY_ID: "STATUS" } })).body.result as Array<Record<string, unknown>>;
    expect(statuses.map((r) => `${r.STATUS_ID}:${r.SEMANTICS ?? "P"}`)).toEqual(["NEW:P", "IN_PROCESS:P", "PROCESSED:P", "CONVERTED:S", "JUNK:F"]);
  });

  it("unknown method → 404 before auth; wrong secret / user → INVALID_CREDENTIALS; no credentials → NO_AUTH_FOUND", async () => {
    const notFound = { status: 404, body: { error: "ERROR_METHOD_NOT_FOUND", error_description: "Method not found!" } };
    expect(await call("crm.foo.bar.json")).toEqual(notFound);
    expect(await b24Call(`${b24.origin}/rest/1/WRONGCODE/`, "crm.foo.bar.json")).toEqual(notFound);
    const invalid = { status: 401, body: { error: "INVALID_CREDENTIALS", error_description: "Invalid request credentials" } };
    expect(await b24Call(`${b24.origin}/rest/1/WRONGCODE/`, "crm.lead.get.json", { id: 1 })).toEqual(invalid);
    expect(await b24Call(`${b24.origin}/rest/2/k3x9q2w7e1r5t8y0/`, "crm.lead.get.json", { id: 1 })).toEqual(invalid);
    expect(await b24Call(`${b24.origin}/rest/`, "crm.lead.get.json", { id: 1 })).toEqual({
      status: 401,
      body: { error: "NO_AUTH_FOUND", error_description: "Wrong authorization data" },
    });
    expect(await b24Call(`${b24.origin}/rest/k3x9q2w7e1r5t8y0/`, "crm.lead.get.json", { id: 1 })).toEqual(notFound);
    const rotated = b24.control.rotateWebhook();
    expect(rotated.webhookUrl).toBe(b24.webhookUrl);
    expect(await b24Call(`${b24.origin}/rest/1/k3x9q2w7e1r5t8y0/`, "crm.lead.get.json", { id: 1 })).toEqual(invalid);
    expect((await call("crm.lead.get.json", { id: 1 })).body.error_description).toBe("Not found");
    b24.control.configureWebhook({ scopes: ["crm"] });
    expect((await call("user.get")).body).toEqual({
      error: "insufficient_scope",
      error_description: "The request requires higher privileges than provided by the webhook token",
    });
    b24.control.configureWebhook({ requireHttps: true });
    expect(await call("crm.lead.get", { id: 1 })).toEqual({ status: 401, body: { error: "INVALID_REQUEST", error_description: "Https required." } });
  });
});

describe("transport", () => {
  it("accepts GET query, form, multipart and JSON; .json optional; method case-insensitive; body wins over query", async () => {
    const get = await fetch(`${b24.webhookUrl}CRM.Lead.Add?fields[TITLE]=FromQuery&fields[PHONE][0][VALUE]=%2B79990000001&bx24_sdk_ver=1`);
    expect(((await get.json()) as { result: number }).result).toBe(1001);
    const form = await b24Call(b24.webhookUrl, "crm.lead.add.json", undefined, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "fields%5BTITLE%5D=Form&fields%5BEMAIL%5D%5B0%5D%5BVALUE%5D=a%40b.c&fields[EMAIL][0][VALUE_TYPE]=HOME",
    });
    expect(form.body.result).toBe(1002);
    const multipart = new FormData();
    multipart.append("fields[TITLE]", "Multipart");
    expect((await b24Call(b24.webhookUrl, "crm.lead.add", undefined, { method: "POST", body: multipart })).body.result).toBe(1003);
    const merged = await b24Call(b24.webhookUrl, "crm.lead.get?id=1001", undefined, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: 1002 }),
    });
    expect(merged.body.result).toMatchObject({ ID: "1002", TITLE: "Form", EMAIL: [{ VALUE: "a@b.c", VALUE_TYPE: "HOME" }] });
    expect(b24.control.getLead(1001)).toMatchObject({ TITLE: "FromQuery", PHONE: [{ VALUE: "+79990000001", VALUE_TYPE: "WORK" }] });
    expect(b24.control.getLead(1003)).toMatchObject({ TITLE: "Multipart" });
    const broken = await b24Call(b24.webhookUrl, "crm.lead.add", undefined, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(broken).toEqual({ status: 400, body: { error: "", error_description: "Parameter 'fields' must be array." } });
    const upper = await call("crm.lead.get", { ID: 1003 });
    expect(upper.body.result).toMatchObject({ ID: "1003" });
  });
});

describe("fields", () => {
  it("multi-fields: default WORK, plain string dropped, append / replace / delete by ID", async () => {
    await call("crm.contact.add", { fields: { NAME: "A", PHONE: [{ VALUE: "+79990000001" }], EMAIL: "plain@string.dropped" } });
    let c = b24.control.getContact(2001);
    expect(c?.PHONE).toEqual([{ ID: "5001", VALUE_TYPE: "WORK", VALUE: "+79990000001", TYPE_ID: "PHONE" }]);
    expect(c).not.toHaveProperty("EMAIL");
    expect(c).toMatchObject({ HAS_PHONE: "Y", HAS_EMAIL: "N" });
    await call("crm.contact.update", { id: 2001, fields: { PHONE: [{ VALUE: "+79990000002", VALUE_TYPE: "MOBILE" }] } });
    await call("crm.contact.update", { id: 2001, fields: { PHONE: [{ ID: "5001", VALUE: "+79990000009" }] } });
    c = b24.control.getContact(2001);
    expect(c?.PHONE).toEqual([
      { ID: "5001", VALUE_TYPE: "WORK", VALUE: "+79990000009", TYPE_ID: "PHONE" },
      { ID: "5002", VALUE_TYPE: "MOBILE", VALUE: "+79990000002", TYPE_ID: "PHONE" },
    ]);
    await call("crm.contact.update", {
      id: 2001,
      fields: {
        PHONE: [
          { ID: 5001, DELETE: "Y" },
          { ID: "5002", VALUE: "" },
        ],
      },
    });
    c = b24.control.getContact(2001);
    expect(c).not.toHaveProperty("PHONE");
    expect(c?.HAS_PHONE).toBe("N");
  });

  it("leads: unknown status → first on add, ignored on update; CONTACT_ID makes a repeat lead; default title", async () => {
    await call("crm.lead.add", { fields: { STATUS_ID: "NOPE", CONTACT_ID: 2001, OPPORTUNITY: "15000", BOGUS: "x", ID: 5, DATE_CREATE: "2000-01-01" } });
    expect(b24.control.getLead(1001)).toMatchObject({
      ID: "1001",
      TITLE: "Lead #1001",
      STATUS_ID: "NEW",
      IS_RETURN_CUSTOMER: "Y",
      CONTACT_ID: "2001",
      OPPORTUNITY: "15000.00",
      DATE_CREATE: "2025-03-01T12:00:00+03:00",
    });
    await call("crm.lead.update", { id: 1001, fields: { STATUS_ID: "NOPE" } });
    expect(b24.control.getLead(1001)?.STATUS_ID).toBe("NEW");
    await call("crm.lead.update", { id: 1001, fields: { STATUS_ID: "JUNK" } });
    expect(b24.control.getLead(1001)).toMatchObject({ STATUS_SEMANTIC_ID: "F", DATE_CLOSED: "2025-03-01T12:00:00+03:00" });
    expect(await call("crm.lead.add", { fields: { CURRENCY_ID: "XXX" } })).toEqual({
      status: 400,
      body: { error: "", error_description: 'Invalid value for the "Currency" field' },
    });
  });

  it("deals: CATEGORY_ID immutable and foreign stage ignored on update; deal.contact.add; fields lists", async () => {
    await call("crm.contact.add", { fields: { NAME: "A" } });
    await call("crm.deal.add", { fields: { CATEGORY_ID: 9 } });
    await call("crm.deal.update", { id: 3001, fields: { CATEGORY_ID: 0, STAGE_ID: "WON", OPPORTUNITY: 99.5 } });
    expect(b24.control.getDeal(3001)).toMatchObject({ CATEGORY_ID: "9", STAGE_ID: "C9:NEW", OPPORTUNITY: "99.50" });
    await call("crm.deal.update", { id: 3001, fields: { STAGE_ID: "C9:LOSE" } });
    expect(b24.control.getDeal(3001)).toMatchObject({ STAGE_SEMANTIC_ID: "F", CLOSED: "Y" });
    expect((await call("crm.deal.contact.add", { id: 3001, fields: { CONTACT_ID: 2001 } })).body.result).toBe(true);
    expect((await call("crm.deal.contact.items.get", { id: 3001 })).body.result).toEqual([{ CONTACT_ID: 2001, SORT: 10, ROLE_ID: 0, IS_PRIMARY: "Y" }]);
    expect(await call("crm.deal.update", { id: 999, fields: {} })).toEqual({ status: 400, body: { error: "", error_description: "Not found" } });
    const dealFields = (await call("crm.deal.fields")).body.result as Record<string, Record<string, unknown>>;
    expect(dealFields.STAGE_ID).toMatchObject({ type: "crm_status", statusType: "DEAL_STAGE", isReadOnly: false });
    expect(dealFields.UF_CRM_PARTNER_CODE).toMatchObject({ isDynamic: true, title: "UF_CRM_PARTNER_CODE", type: "string" });
    expect(dealFields).not.toHaveProperty("PHONE");
    const leadFields = (await call("crm.lead.fields")).body.result as Record<string, Record<string, unknown>>;
    expect(leadFields.PHONE).toMatchObject({ type: "crm_multifield", isMultiple: true });
    expect(leadFields.ID).toMatchObject({ isReadOnly: true });
  });

  it("delete, then get → Not found; user.get", async () => {
    await call("crm.deal.add", { fields: {} });
    expect((await call("crm.deal.delete", { id: 3001 })).body.result).toBe(true);
    expect((await call("crm.deal.get", { id: 3001 })).body.error_description).toBe("Not found");
    const users = await call("user.get", { ID: 7 });
    expect(users.body).toMatchObject({ result: [{ ID: "7", NAME: "Maria", LAST_NAME: "Manager", ACTIVE: true }], total: 1 });
    expect(((await call("user.get")).body.result as unknown[]).length).toBe(2);
  });
});
