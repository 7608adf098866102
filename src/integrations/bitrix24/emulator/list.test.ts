/** Legacy list semantics over HTTP: 50-row paging and its quirks (§1.5), filters, order, select (§2.4). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type B24Row, type Bitrix24Emulator, startBitrix24Emulator } from "./index.js";
import { b24Call } from "./testkit.js";

const T0 = Date.parse("2025-01-01T09:00:00Z");
const clock = { now: T0 };
let b24: Bitrix24Emulator;
const call = (method: string, params?: unknown) => b24Call(b24.webhookUrl, method, params);
const ids = (body: { result?: unknown }) => (body.result as B24Row[]).map((r) => Number(r.ID));

beforeAll(async () => {
  b24 = await startBitrix24Emulator({
    rateLimit: false,
    now: () => clock.now,
    seed: {
      userFields: [
        { entity: "lead", code: "UF_CRM_PARTNER_CODE" },
        { entity: "lead", code: "UF_CRM_SCORE", type: "integer" },
      ],
      leads: Array.from({ length: 120 }, (_, i) => ({
        TITLE: `Lead ${i + 1}`,
        UF_CRM_PARTNER_CODE: i % 3 === 0 ? "P-0042" : "P-0007",
        UF_CRM_SCORE: i,
        PHONE: i === 5 ? [{ VALUE: "+7 999 000-00-05" }] : [],
      })),
    },
  });
});
afterAll(() => b24.close());
beforeEach(async () => {
  clock.now = T0;
  await b24.control.reset();
});

describe("paging", () => {
  it("50 per page, next only when more rows, out-of-range start → page 1, start floored", async () => {
    const p1 = await call("crm.lead.list", { order: { ID: "ASC" }, select: ["ID"] });
    expect(p1.body).toMatchObject({ total: 120, next: 50 });
    expect(ids(p1.body)).toEqual(Array.from({ length: 50 }, (_, i) => 1001 + i));
    const p2 = await call("crm.lead.list", { order: { ID: "ASC" }, select: ["ID", "TITLE"], start: 50 });
    expect(p2.body).toMatchObject({ total: 120, next: 100 });
    expect((p2.body.result as B24Row[])[0]).toEqual({ ID: "1051", TITLE: "Lead 51" });
    const p3 = await call("crm.lead.list", { order: { ID: "ASC" }, start: 100 });
    expect(ids(p3.body)).toHaveLength(20);
    expect(p3.body.total).toBe(120);
    expect(p3.body).not.toHaveProperty("next");
    const floored = await call("crm.lead.list", { order: { ID: "ASC" }, start: 75 });
    expect(ids(floored.body)[0]).toBe(1051);
    expect(floored.body.next).toBe(100);
    const beyond = await call("crm.lead.list", { order: { ID: "ASC" }, start: 500 });
    expect(ids(beyond.body)[0]).toBe(1001);
    expect(beyond.body).toMatchObject({ total: 120, next: 50 });
  });

  it("start=-1 returns the first 50 without counting; an ID cursor walks everything", async () => {
    const fast = await call("crm.lead.list", { order: { ID: "ASC" }, start: -1, filter: { ">ID": 1100 } });
    expect(ids(fast.body)).toEqual(Array.from({ length: 20 }, (_, i) => 1101 + i));
    expect(fast.body.total).toBe(0);
    expect(fast.body).not.toHaveProperty("next");
  });

  it("the §5.3 page-2 sample: filter by UF, select, start 50", async () => {
    const page = await call("crm.lead.list.json", {
      filter: { UF_CRM_PARTNER_CODE: "P-0042" },
      select: ["ID", "STATUS_ID", "STATUS_SEMANTIC_ID"],
      order: { ID: "ASC" },
      start: 0,
    });
    expect(page.body.total).toBe(40);
    expect((page.body.result as B24Row[])[0]).toEqual({ ID: "1001", STATUS_ID: "NEW", STATUS_SEMANTIC_ID: "P" });
  });
});

describe("filters, order, select", () => {
  it("operators: = ! > >= < <= @ !@ % and UF integers", async () => {
    const q = async (filter: Record<string, unknown>) => ids((await call("crm.lead.list", { filter, order: { ID: "ASC" }, start: -1 })).body);
    expect(await q({ ID: 1003 })).toEqual([1003]);
    expect(await q({ "=ID": "1003" })).toEqual([1003]);
    expect(await q({ "@ID": [1001, 1005, 9999] })).toEqual([1001, 1005]);
    expect((await q({ "!@ID": [1001, 1002], "<=ID": 1004 })).length).toBe(2);
    expect(await q({ ">=UF_CRM_SCORE": 118 })).toEqual([1119, 1120]);
    expect(await q({ "<UF_CRM_SCORE": 2, "!ID": 1001 })).toEqual([1002]);
    expect(await q({ "%TITLE": "lead 11", "<ID": 1115 })).toEqual([1011, 1110, 1111, 1112, 1113, 1114]);
    expect(await q({ PHONE: "89990000005" })).toEqual([1006]);
    expect(await q({ UF_CRM_UNKNOWN: "x", "<ID": 1003 })).toEqual([1001, 1002]);
    const bad = await call("crm.lead.list", { filter: { "?TITLE": "x" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("ERROR_ARGUMENT");
    expect(await call("crm.lead.list", { filter: "x" })).toEqual({ status: 400, body: { error: "", error_description: "Parameter 'filter' must be array." } });
  });

  it(">DATE_MODIFY with an offset, =ORIGIN_ID + ORIGINATOR_ID (idempotent creation lookup)", async () => {
    clock.now = Date.parse("2025-02-01T09:00:00Z");
    await call("crm.lead.add", { fields: { TITLE: "new", ORIGINATOR_ID: "partner-cabinet", ORIGIN_ID: "6f1c-aaaa" } });
    clock.now += 5_000;
    b24.control.setLeadStatus(1003, "IN_PROCESS");
    const changed = await call("crm.lead.list", {
      filter: { ">DATE_MODIFY": "2025-02-01T12:00:00+03:00" },
      select: ["ID", "DATE_MODIFY"],
      order: { ID: "ASC" },
    });
    expect(changed.body.result).toEqual([{ ID: "1003", DATE_MODIFY: "2025-02-01T12:00:05+03:00" }]);
    const since = await call("crm.lead.list", { filter: { ">=DATE_MODIFY": "2025-02-01T09:00:00Z" }, select: ["ID"] });
    expect(ids(since.body)).toEqual([1003, 1121]);
    const found = await call("crm.lead.list", { filter: { ORIGINATOR_ID: "partner-cabinet", "=ORIGIN_ID": "6f1c-aaaa" }, select: ["ID"] });
    expect(found.body).toMatchObject({ result: [{ ID: "1121" }], total: 1 });
  });

  it("order DESC, select *, UF_*, explicit multi-fields", async () => {
    const desc = await call("crm.lead.list", { order: { UF_CRM_SCORE: "DESC" }, select: ["ID"] });
    expect(ids(desc.body).slice(0, 2)).toEqual([1120, 1119]);
    const star = (await call("crm.lead.list", { filter: { ID: 1006 }, select: ["*"] })).body.result as B24Row[];
    expect(star[0]).toMatchObject({ ID: "1006", TITLE: "Lead 6", HAS_PHONE: "Y" });
    expect(star[0]).not.toHaveProperty("PHONE");
    expect(star[0]).not.toHaveProperty("UF_CRM_SCORE");
    const uf = (await call("crm.lead.list", { filter: { ID: 1006 }, select: ["ID", "UF_*", "PHONE"] })).body.result as B24Row[];
    expect(uf[0]).toEqual({
      ID: "1006",
      UF_CRM_PARTNER_CODE: "P-0007",
      UF_CRM_SCORE: "5",
      PHONE: [{ ID: expect.any(String), VALUE_TYPE: "WORK", VALUE: "+7 999 000-00-05", TYPE_ID: "PHONE" }],
    });
  });
});
