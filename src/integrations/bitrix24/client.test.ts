/**
 * Typed methods and batch over a fake fetch: what goes on the wire, what comes back.
 * HTTP-level behaviours (timeouts, resets) are in transport.test.ts; the live contract in contract.test.ts.
 */
import { describe, expect, it } from "vitest";
import { bitrixDate, createBitrix24Client } from "./client.js";
import { Bitrix24Error } from "./errors.js";

const BASE = "https://portal.example/rest/1/abcdef123456/";
type Call = { method: string; body: Record<string, unknown> };
type Reply = { status?: number; body: unknown } | ((call: Call) => { status?: number; body: unknown });

function fake(replies: Record<string, Reply | Reply[]>) {
  const calls: Call[] = [];
  const queues = new Map(Object.entries(replies).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
  const fetch = (async (url: string, init: RequestInit) => {
    const method = String(url)
      .slice(BASE.length)
      .replace(/\.json$/, "");
    const call = { method, body: JSON.parse(String(init.body)) as Record<string, unknown> };
    calls.push(call);
    const q = queues.get(method);
    let reply = Array.isArray(q) ? (q.length > 1 ? q.shift() : q[0]) : q;
    if (typeof reply === "function") reply = reply(call);
    if (!reply) throw new Error(`no fake reply for ${method}`);
    return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200, headers: { "Content-Type": "application/json" } });
  }) as typeof globalThis.fetch;
  const clock = { t: 0 };
  const client = createBitrix24Client({
    webhookUrl: BASE,
    fetch,
    rate: false,
    now: () => clock.t,
    sleep: async (ms) => {
      clock.t += ms;
    },
  });
  return { client, calls };
}
const ok = (result: unknown, extra: Record<string, unknown> = {}) => ({ body: { result, ...extra, time: {} } });

describe("creating", () => {
  it("addLead writes the native fields, multi-fields, UF values and the origin ids", async () => {
    const { client, calls } = fake({ "crm.lead.add": ok(1001) });
    const { id } = await client.addLead({
      title: "Ivan Petrov (partner P-0042)",
      name: "Ivan",
      lastName: "Petrov",
      phones: ["+79991234567", { value: "+79990000000", valueType: "MOBILE" }, " "],
      emails: ["ivan@example.com"],
      companyTitle: "Acme",
      comments: "Wants a demo",
      sourceId: "PARTNER",
      sourceDescription: "Partner P-0042",
      utm: { source: "partner", medium: "referral", campaign: "P-0042" },
      assignedById: 7,
      statusId: "NEW",
      opportunityKopecks: 123_456,
      currencyId: "RUB",
      originId: "6f1c",
      userFields: { UF_CRM_PARTNER_CODE: "P-0042" },
      registerSonetEvent: true,
    });
    expect(id).toBe(1001);
    expect(calls[0]?.body).toEqual({
      fields: {
        TITLE: "Ivan Petrov (partner P-0042)",
        NAME: "Ivan",
        LAST_NAME: "Petrov",
        PHONE: [
          { VALUE: "+79991234567", VALUE_TYPE: "WORK" },
          { VALUE: "+79990000000", VALUE_TYPE: "MOBILE" },
        ],
        EMAIL: [{ VALUE: "ivan@example.com", VALUE_TYPE: "WORK" }],
        COMPANY_TITLE: "Acme",
        COMMENTS: "Wants a demo",
        SOURCE_ID: "PARTNER",
        SOURCE_DESCRIPTION: "Partner P-0042",
        UTM_SOURCE: "partner",
        UTM_MEDIUM: "referral",
        UTM_CAMPAIGN: "P-0042",
        ASSIGNED_BY_ID: 7,
        STATUS_ID: "NEW",
        OPPORTUNITY: "1234.56",
        CURRENCY_ID: "RUB",
        ORIGINATOR_ID: "partner-cabinet",
        ORIGIN_ID: "6f1c",
        UF_CRM_PARTNER_CODE: "P-0042",
      },
      params: { REGISTER_SONET_EVENT: "Y" },
    });
  });

  it("refuses user-field keys that are not UF_CRM_* (no overriding native fields) and bad ids, before sending", async () => {
    const { client, calls } = fake({});
    await expect(client.addLead({ title: "x", userFields: { STATUS_ID: "WON" } })).rejects.toThrow(TypeError);
    await expect(client.getDeal(0)).rejects.toThrow(TypeError);
    await expect(client.getDeal(1.5)).rejects.toThrow(TypeError);
    await expect(client.addDeal({ title: "x", contactIds: [-1] })).rejects.toThrow(TypeError);
    expect(calls).toHaveLength(0);
  });

  it("addDeal sends the funnel, stage and contacts in one call; addContact and addDealContact", async () => {
    const { client, calls } = fake({ "crm.deal.add": ok(3001), "crm.contact.add": ok(2001), "crm.deal.contact.add": ok(true) });
    expect(await client.addContact({ name: "Ivan", phones: ["+79991234567"], originId: "c-1" })).toEqual({ id: 2001 });
    expect(await client.addDeal({ title: "Deal", categoryId: 9, stageId: "C9:NEW", contactIds: [2001], originId: "d-1", opportunityKopecks: 0 })).toEqual({
      id: 3001,
    });
    await client.addDealContact(3001, 2001, { isPrimary: true });
    expect(calls.map((c) => c.body)).toEqual([
      { fields: { NAME: "Ivan", PHONE: [{ VALUE: "+79991234567", VALUE_TYPE: "WORK" }], ORIGINATOR_ID: "partner-cabinet", ORIGIN_ID: "c-1" } },
      {
        fields: {
          TITLE: "Deal",
          CATEGORY_ID: 9,
          STAGE_ID: "C9:NEW",
          CONTACT_IDS: [2001],
          ORIGINATOR_ID: "partner-cabinet",
          ORIGIN_ID: "d-1",
          OPPORTUNITY: "0.00",
        },
      },
      { id: 3001, fields: { CONTACT_ID: 2001, IS_PRIMARY: "Y" } },
    ]);
  });

  it("rejects an add whose result is not an id", async () => {
    const { client } = fake({ "crm.lead.add": ok(false) });
    await expect(client.addLead({ title: "x" })).rejects.toMatchObject({ code: "INVALID_RESPONSE" });
  });
});

describe("reading", () => {
  it("getDeal returns null for a deleted deal and throws on other errors", async () => {
    const { client } = fake({
      "crm.deal.get": [
        { status: 400, body: { error: "", error_description: "Not found" } },
        { status: 400, body: { error: "", error_description: "Access denied." } },
      ],
    });
    expect(await client.getDeal(5)).toBeNull();
    await expect(client.getDeal(5)).rejects.toBeInstanceOf(Bitrix24Error);
  });

  it("find*ByOrigin filters on ORIGINATOR_ID + ORIGIN_ID and returns ids", async () => {
    const { client, calls } = fake({ "crm.lead.list": ok([{ ID: "1001" }, { ID: "1007" }], { total: 2 }), "crm.deal.list": ok([], { total: 0 }) });
    expect(await client.findLeadsByOrigin("6f1c")).toEqual([1001, 1007]);
    expect(await client.findDealsByOrigin("d-1", "other-system")).toEqual([]);
    expect(calls.map((c) => c.body.filter)).toEqual([
      { ORIGINATOR_ID: "partner-cabinet", ORIGIN_ID: "6f1c" },
      { ORIGINATOR_ID: "other-system", ORIGIN_ID: "d-1" },
    ]);
  });

  it("list*ChangedSince follows next through every page and stops on the out-of-range quirk", async () => {
    const page = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ ID: String(from + i), CATEGORY_ID: "0" }));
    const { client, calls } = fake({
      "crm.deal.list": [ok(page(1, 50), { total: 120, next: 50 }), ok(page(51, 50), { total: 120, next: 100 }), ok(page(101, 20), { total: 120 })],
      "crm.lead.list": [ok([{ ID: "1" }], { total: 60, next: 50 }), ok([{ ID: "1" }], { total: 60, next: 50 })],
    });
    const since = new Date("2025-03-01T09:00:00.500Z");
    const deals = await client.listDealsChangedSince(since, { filter: { UF_CRM_PARTNER_CODE: "P-0042" } });
    expect(deals.map((d) => d.id)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(calls.map((c) => c.body.start)).toEqual([0, 50, 100]);
    expect(calls[0]?.body).toMatchObject({
      filter: { UF_CRM_PARTNER_CODE: "P-0042", ">DATE_MODIFY": "2025-03-01T09:00:00+00:00" },
      order: { ID: "ASC" },
      select: ["*", "UF_*"],
    });
    expect(await client.listLeadsChangedSince(since)).toHaveLength(2);
  });

  it("listDealStages picks DEAL_STAGE or DEAL_STAGE_<n>; listCategories asks for entityTypeId 2", async () => {
    const row = (entity: string, id: string, sort: string, extra: string) => ({
      ID: "1",
      ENTITY_ID: entity,
      STATUS_ID: id,
      NAME: id,
      SORT: sort,
      SYSTEM: "Y",
      CATEGORY_ID: null,
      SEMANTICS: null,
      EXTRA: { SEMANTICS: extra },
    });
    const { client, calls } = fake({
      "crm.status.list": ({ body }) => {
        const entity = (body.filter as { ENTITY_ID: string }).ENTITY_ID;
        return ok([row(entity, "WON", "60", "success"), row(entity, "NEW", "10", "process")]);
      },
      "crm.category.list": ok({ categories: [{ id: 0, name: "General", sort: 300, entityTypeId: 2, isDefault: "Y" }] }, { total: 1 }),
    });
    expect((await client.listDealStages(0)).map((s) => [s.statusId, s.semantic])).toEqual([
      ["NEW", "P"],
      ["WON", "S"],
    ]);
    await client.listDealStages(9);
    expect(await client.listCategories()).toEqual([{ id: 0, name: "General", sort: 300, isDefault: true }]);
    expect(calls.map((c) => c.body)).toEqual([
      { filter: { ENTITY_ID: "DEAL_STAGE" }, order: { SORT: "ASC" } },
      { filter: { ENTITY_ID: "DEAL_STAGE_9" }, order: { SORT: "ASC" } },
      { entityTypeId: 2 },
    ]);
  });

  it("findContactByComm asks for CONTACT matches and reads both answer shapes", async () => {
    const { client, calls } = fake({ "crm.duplicate.findbycomm": [ok([]), ok({ CONTACT: [2297, 275, 275] })] });
    expect(await client.findContactByComm("PHONE", ["8 (999) 123-45-67"])).toEqual([]);
    expect(await client.findContactByComm("EMAIL", ["a@b.c", "a@b.c"])).toEqual([275, 2297]);
    expect(calls.map((c) => c.body)).toEqual([
      { type: "PHONE", entity_type: "CONTACT", values: ["8 (999) 123-45-67"] },
      { type: "EMAIL", entity_type: "CONTACT", values: ["a@b.c"] },
    ]);
    expect(await client.findContactByComm("PHONE", [" "])).toEqual([]);
    await expect(
      client.findContactByComm(
        "PHONE",
        Array.from({ length: 21 }, (_, i) => `+7999000000${i}`),
      ),
    ).rejects.toThrow(RangeError);
  });

  it("getFields and getUser", async () => {
    const { client } = fake({
      "crm.deal.fields": ok({ UF_CRM_PARTNER_CODE: { type: "string", isDynamic: true, title: "UF_CRM_PARTNER_CODE", listLabel: "Partner" } }),
      "user.get": [ok([{ ID: "7", NAME: "John", LAST_NAME: "Doe", ACTIVE: true }], { total: 1 }), ok([], { total: 0 })],
    });
    expect((await client.getFields("deal")).UF_CRM_PARTNER_CODE).toMatchObject({ label: "Partner", isCustom: true });
    expect(await client.getUser(7)).toEqual({ id: 7, name: "John", lastName: "Doe", email: null, active: true });
    expect(await client.getUser(8)).toBeNull();
  });

  it("formats dates for >DATE_MODIFY with an explicit offset", () => {
    expect(bitrixDate(new Date("2025-01-01T00:00:00Z"))).toBe("2025-01-01T00:00:00+00:00");
    expect(() => bitrixDate(new Date("x"))).toThrow(TypeError);
  });
});
