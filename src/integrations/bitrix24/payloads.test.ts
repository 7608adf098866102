import { describe, expect, it } from "vitest";
import {
  batchResultSchema,
  categoryListSchema,
  dealSchema,
  decimalFromKopecks,
  duplicatesSchema,
  fieldsSchema,
  kopecksFromDecimal,
  leadSchema,
  orderStages,
  statusSchema,
} from "./payloads.js";

describe("money", () => {
  it.each([
    ["15000.00", 1_500_000],
    ["0.00", 0],
    ["19.99", 1999],
    ["1234.5", 123_450],
    ["0.1", 10],
    ["7", 700],
    ["-5.25", -525],
    ["1.005", 101],
    ["1.004", 100],
    ["  42.10 ", 4210],
    ["999999999.99", 99_999_999_999],
    [123.45, 12_345],
  ])("%j → %i kopecks", (input, kopecks) => {
    expect(kopecksFromDecimal(input)).toBe(kopecks);
  });

  it.each(["", "abc", "1e5", "1,5", "0x10", "NaN", "Infinity", ".", "99999999999999999999", Number.NaN])("%j is not an amount", (input) => {
    expect(kopecksFromDecimal(input)).toBeNull();
  });

  it("formats kopecks back without floats", () => {
    expect([123_456, 5, 0, -5, 100].map(decimalFromKopecks)).toEqual(["1234.56", "0.05", "0.00", "-0.05", "1.00"]);
    expect(() => decimalFromKopecks(1.5)).toThrow(RangeError);
  });
});

describe("lead and deal rows (string-typed, §2.0)", () => {
  it("parses crm.lead.get with multi-fields, UTM and UF values", () => {
    const lead = leadSchema.parse({
      ID: "1001",
      TITLE: "Ivan Petrov (partner P-0042)",
      NAME: "Ivan",
      LAST_NAME: "Petrov",
      SECOND_NAME: null,
      STATUS_ID: "NEW",
      STATUS_SEMANTIC_ID: "P",
      SOURCE_ID: "PARTNER",
      OPPORTUNITY: "0.00",
      CURRENCY_ID: "RUB",
      ASSIGNED_BY_ID: "1",
      CONTACT_ID: null,
      COMPANY_ID: "0",
      BIRTHDATE: "",
      DATE_CREATE: "2025-03-01T12:00:00+03:00",
      DATE_MODIFY: "2025-03-01T12:00:00+03:00",
      ORIGINATOR_ID: "partner-cabinet",
      ORIGIN_ID: "6f1c",
      UTM_SOURCE: "partner",
      UTM_MEDIUM: null,
      UF_CRM_PARTNER_CODE: "P-0042",
      UF_CRM_FLAG: true,
      PHONE: [{ ID: "5001", VALUE_TYPE: "WORK", VALUE: "+79991234567", TYPE_ID: "PHONE" }],
      EMAIL: [{ ID: "5002", VALUE_TYPE: "HOME", VALUE: "ivan@example.com", TYPE_ID: "EMAIL" }],
    });
    expect(lead).toMatchObject({
      id: 1001,
      name: "Ivan",
      secondName: null,
      statusSemantic: "P",
      opportunityKopecks: 0,
      assignedById: 1,
      contactId: null,
      originId: "6f1c",
      utm: { source: "partner" },
      phones: [{ id: 5001, value: "+79991234567", valueType: "WORK" }],
      emails: [{ id: 5002, value: "ivan@example.com", valueType: "HOME" }],
      userFields: { UF_CRM_PARTNER_CODE: "P-0042", UF_CRM_FLAG: true },
    });
    expect(lead.dateModify?.toISOString()).toBe("2025-03-01T09:00:00.000Z");
  });

  it("parses crm.deal.get of a won deal", () => {
    const deal = dealSchema.parse({
      ID: "3001",
      TITLE: "Ivan Petrov",
      CATEGORY_ID: "9",
      STAGE_ID: "C9:WON",
      STAGE_SEMANTIC_ID: "S",
      CLOSED: "Y",
      OPPORTUNITY: "150000.00",
      CURRENCY_ID: "RUB",
      LEAD_ID: null,
      CONTACT_ID: "2001",
      COMPANY_ID: "0",
      ASSIGNED_BY_ID: "7",
      DATE_MODIFY: "2025-03-10T15:22:05+03:00",
      MOVED_TIME: "2025-03-10T15:22:05+03:00",
      CLOSEDATE: "",
      UF_CRM_PARTNER_CODE: "P-0042",
    });
    expect(deal).toMatchObject({
      id: 3001,
      categoryId: 9,
      stageId: "C9:WON",
      stageSemantic: "S",
      closed: true,
      opportunityKopecks: 15_000_000,
      leadId: null,
      contactId: 2001,
      companyId: null,
      assignedById: 7,
      userFields: { UF_CRM_PARTNER_CODE: "P-0042" },
    });
    expect(dealSchema.parse({ ID: "5", CATEGORY_ID: "0" })).toMatchObject({ id: 5, categoryId: 0, opportunityKopecks: null, closed: false });
  });

  it("rejects rows that are not Bitrix24 rows", () => {
    expect(dealSchema.safeParse({ ID: "x" }).success).toBe(false);
    expect(dealSchema.safeParse({ ID: "1", OPPORTUNITY: "a lot" }).success).toBe(false);
    expect(leadSchema.safeParse({ ID: "1", DATE_MODIFY: "yesterday" }).success).toBe(false);
  });
});

describe("statuses, stages and funnels (§2.11, §2.12)", () => {
  const stage = (id: string, sort: string, extra: string | null, semantics: string | null = null) => ({
    ID: "1",
    ENTITY_ID: "DEAL_STAGE_9",
    STATUS_ID: id,
    NAME: `name of ${id}`,
    SORT: sort,
    SYSTEM: "N",
    CATEGORY_ID: "9",
    COLOR: "#39A8EF",
    SEMANTICS: semantics,
    ...(extra ? { EXTRA: { SEMANTICS: extra, COLOR: "#39A8EF" } } : {}),
  });

  it("maps EXTRA.SEMANTICS, never names: success → S, failure/apology → F, process → P", () => {
    const rows = [
      stage("C9:NEW", "10", "process"),
      stage("C9:UC_KN8KFI", "20", "process"),
      stage("C9:WON", "60", "success", "S"),
      stage("C9:LOSE", "70", "failure", "F"),
      stage("C9:UC_APOLOGY", "80", "apology", "F"),
    ].map((r) => statusSchema.parse(r));
    expect(rows.map((r) => [r.statusId, r.semantic, r.sort, r.categoryId])).toEqual([
      ["C9:NEW", "P", 10, 9],
      ["C9:UC_KN8KFI", "P", 20, 9],
      ["C9:WON", "S", 60, 9],
      ["C9:LOSE", "F", 70, 9],
      ["C9:UC_APOLOGY", "F", 80, 9],
    ]);
    // a stage named like a win but with process semantics stays P
    expect(statusSchema.parse({ ...stage("C9:WON_LIKE", "30", "process"), NAME: "Deal successful" }).semantic).toBe("P");
  });

  it("without EXTRA, falls back to SEMANTICS and 'after the success stage means failure'", () => {
    const rows = orderStages([stage("C9:X", "90", null), stage("C9:WON", "60", null, "S"), stage("C9:NEW", "10", null)].map((r) => statusSchema.parse(r)));
    expect(rows.map((r) => [r.statusId, r.semantic])).toEqual([
      ["C9:NEW", "P"],
      ["C9:WON", "S"],
      ["C9:X", "F"],
    ]);
    expect(statusSchema.parse({ ENTITY_ID: "SOURCE", STATUS_ID: "PARTNER", NAME: "Partner", SORT: "10", EXTRA: [] }).semantic).toBeNull();
  });

  it("parses crm.category.list including the default funnel 0", () => {
    const cats = categoryListSchema.parse({
      categories: [
        { id: 9, name: "Partners", sort: 200, entityTypeId: 2, isDefault: "N", originId: "", originatorId: "" },
        { id: 0, name: "General", sort: 300, entityTypeId: 2, isDefault: "Y" },
      ],
    });
    expect(cats).toEqual([
      { id: 9, name: "Partners", sort: 200, isDefault: false },
      { id: 0, name: "General", sort: 300, isDefault: true },
    ]);
  });
});

describe("other results", () => {
  it("reads crm.duplicate.findbycomm hits and the PHP empty []", () => {
    expect(duplicatesSchema.parse([])).toEqual({});
    expect(duplicatesSchema.parse({ CONTACT: [275, "2297"], LEAD: [12] })).toEqual({ CONTACT: [275, 2297], LEAD: [12] });
  });

  it("reads field descriptors with custom-field labels", () => {
    const fields = fieldsSchema.parse({
      TITLE: { type: "string", isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, title: "Name" },
      UF_CRM_PARTNER_CODE: { type: "string", isMultiple: false, isDynamic: true, title: "UF_CRM_PARTNER_CODE", listLabel: "Partner code" },
      UF_CRM_KIND: { type: "enumeration", isDynamic: true, title: "UF_CRM_KIND", formLabel: { en: "Kind" }, items: [{ ID: "79", VALUE: "A" }] },
    });
    expect(fields.UF_CRM_PARTNER_CODE).toMatchObject({ isCustom: true, label: "Partner code" });
    expect(fields.UF_CRM_KIND).toMatchObject({ label: "Kind", items: [{ id: "79", value: "A" }] });
    expect(fields.TITLE).toMatchObject({ isCustom: false, label: "Name" });
  });

  it("reads batch sections whether PHP sent objects, lists or []", () => {
    const parsed = batchResultSchema.parse({
      result: { cats: { categories: [] }, lead: 3466 },
      result_error: [],
      result_total: { cats: "3" },
      result_next: [],
      result_time: { cats: {} },
    });
    expect(parsed).toMatchObject({ result: { lead: 3466 }, result_error: {}, result_total: { cats: 3 }, result_next: {} });
    expect(batchResultSchema.parse({ result: [1, 2], result_error: { 2: { error: "", error_description: "Not found" } } })).toMatchObject({
      result: { 0: 1, 1: 2 },
      result_error: { 2: { error_description: "Not found" } },
    });
  });
});
