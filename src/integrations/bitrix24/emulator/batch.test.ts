/** batch (§4.7) over HTTP: $result references, sections, halt, limits, nested batch, one rate-limit token. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bitrix24Emulator, startBitrix24Emulator } from "./index.js";
import { b24Call } from "./testkit.js";

let b24: Bitrix24Emulator;
const call = (method: string, params?: unknown) => b24Call(b24.webhookUrl, method, params);
type BatchResult = { result: unknown; result_error: unknown; result_total: unknown; result_next: unknown; result_time: Record<string, unknown> | unknown[] };

beforeAll(async () => {
  b24 = await startBitrix24Emulator({ rateLimit: false, seed: { funnels: [{ id: 9, name: "Partners", sort: 200 }] } });
});
afterAll(() => b24.close());
beforeEach(() => b24.control.reset());

describe("batch", () => {
  it("runs the §4.7 example with $result references and fills every section", async () => {
    const res = await call("batch", {
      halt: 0,
      cmd: {
        cats: "crm.category.list?entityTypeId=2",
        st0: "crm.status.list?filter[ENTITY_ID]=DEAL_STAGE",
        st9: "crm.status.list?filter[ENTITY_ID]=DEAL_STAGE_9",
        lead: "crm.lead.add?fields[TITLE]=Ivan&fields[PHONE][0][VALUE]=%2B79991234567&fields[PHONE][0][VALUE_TYPE]=WORK",
        check: "crm.lead.get?id=$result[lead]",
        deal: "crm.deal.add?fields[TITLE]=From lead $result[lead]&fields[LEAD_ID]=$result[lead]&fields[CATEGORY_ID]=$result[cats][categories][0][id]",
        deals: "crm.deal.list?filter[LEAD_ID]=$result[check][ID]&select[]=ID&select[]=CATEGORY_ID&select[]=TITLE",
      },
    });
    expect(res.status).toBe(200);
    const b = res.body.result as BatchResult;
    expect(b.result).toMatchObject({
      cats: { categories: [{ id: 9 }, { id: 0 }] },
      lead: 1001,
      check: { ID: "1001", TITLE: "Ivan", PHONE: [{ VALUE: "+79991234567", VALUE_TYPE: "WORK" }] },
      deal: 3001,
      deals: [{ ID: "3001", CATEGORY_ID: "9", TITLE: "From lead 1001" }],
    });
    expect((b.result as { st9: unknown[] }).st9).toHaveLength(8);
    expect(b.result_error).toEqual([]);
    expect(b.result_total).toEqual({ cats: 2, st0: 8, st9: 8, deals: 1 });
    expect(b.result_next).toEqual([]);
    expect(Object.keys(b.result_time as object)).toEqual(["cats", "st0", "st9", "lead", "check", "deal", "deals"]);
    expect(res.body.time).toBeDefined();
    const subCalls = b24.control.requests().filter((r) => r.batchId !== undefined);
    expect(subCalls.map((r) => r.method)).toEqual([
      "crm.category.list",
      "crm.status.list",
      "crm.status.list",
      "crm.lead.add",
      "crm.lead.get",
      "crm.deal.add",
      "crm.deal.list",
    ]);
    expect(b24.control.counters().createsByMethod).toEqual({ "crm.lead.add": 1, "crm.deal.add": 1 });
  });

  it("per-call errors with HTTP 200, halt stops at the first failure, result_next for long lists", async () => {
    b24.control.seed({ leads: Array.from({ length: 60 }, (_, i) => ({ TITLE: `L${i}` })) });
    const res = await call("batch", { cmd: { a: "crm.lead.get?id=999", b: "crm.foo.bar", c: "crm.lead.list?order[ID]=ASC" } });
    expect(res.status).toBe(200);
    const b = res.body.result as BatchResult;
    expect(b.result_error).toEqual({
      a: { error: "", error_description: "Not found" },
      b: { error: "ERROR_METHOD_NOT_FOUND", error_description: "Method not found!" },
    });
    expect(b.result_next).toEqual({ c: 50 });
    expect(b.result_total).toEqual({ c: 60 });

    const halted = (await call("batch", { halt: 1, cmd: ["crm.lead.get?id=1001", "crm.lead.get?id=0", "crm.lead.get?id=1002"] })).body.result as BatchResult;
    expect(halted.result).toEqual([expect.objectContaining({ ID: "1001" })]);
    expect(halted.result_error).toEqual({ 1: { error: "", error_description: "ID is not defined or invalid." } });
  });

  it("more than 50 sub-calls and nested batch are refused per call; the whole batch costs one token", async () => {
    b24.control.setRateLimit({ perSecond: 0.001, burst: 2 });
    const cmd = Object.fromEntries(Array.from({ length: 52 }, (_, i) => [`c${i}`, "crm.lead.fields"]));
    cmd.nested = "batch?cmd[x]=crm.lead.fields";
    const b = (await call("batch", { cmd })).body.result as BatchResult;
    const errors = b.result_error as Record<string, { error: string }>;
    expect(Object.keys(b.result as object)).toHaveLength(50);
    expect(errors.c50?.error).toBe("ERROR_BATCH_LENGTH_EXCEEDED");
    expect(errors.c51?.error).toBe("ERROR_BATCH_LENGTH_EXCEEDED");
    expect(errors.nested).toEqual({ error: "ERROR_BATCH_LENGTH_EXCEEDED", error_description: "Max batch length exceeded" });
    const small = (await call("batch", { cmd: { nested: "batch?cmd[x]=crm.lead.fields" } })).body.result as BatchResult;
    expect(small.result_error).toEqual({ nested: { error: "ERROR_BATCH_METHOD_NOT_ALLOWED", error_description: "Method is not allowed for batch usage" } });
    expect((await call("crm.lead.fields")).status).toBe(503);
  });

  it("a form-encoded batch (double-encoded sub-queries) works too", async () => {
    const body = new URLSearchParams({
      "cmd[a]": "crm.lead.add?fields[TITLE]=A%26B&fields[EMAIL][0][VALUE]=x%40y.z",
      "cmd[b]": "crm.lead.get?id=$result[a]",
    }).toString();
    const res = await b24Call(b24.webhookUrl, "batch.json", undefined, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    expect((res.body.result as BatchResult).result).toMatchObject({ a: 1001, b: { TITLE: "A&B", EMAIL: [{ VALUE: "x@y.z" }] } });
  });
});
