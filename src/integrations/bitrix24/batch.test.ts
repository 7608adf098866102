/** batch (§4.7): sub-call encoding, $result references, per-command errors, halt, chunks of 50. */
import { describe, expect, it } from "vitest";
import { createBitrix24Client } from "./client.js";
import { Bitrix24Error } from "./errors.js";

type Batch = { halt: number; cmd: Record<string, string> };
type Answer = { status?: number; body: unknown };

function fake(answer: (batch: Batch, n: number) => Answer) {
  const sent: Batch[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    const batch = JSON.parse(String(init.body)) as Batch;
    sent.push(batch);
    const a = answer(batch, sent.length);
    return new Response(JSON.stringify(a.body), { status: a.status ?? 200, headers: { "Content-Type": "application/json" } });
  }) as typeof globalThis.fetch;
  let t = 0;
  const client = createBitrix24Client({
    webhookUrl: "https://portal.example/rest/1/abcdef123456",
    fetch,
    rate: false,
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  });
  return { client, sent };
}

/** Answers every sub-call with `value(key)`; keys listed in `fail` get a CRM error instead. */
const answerAll =
  (value: (key: string) => unknown, fail: string[] = []) =>
  (batch: Batch): Answer => {
    const result: Record<string, unknown> = {};
    const errors: Record<string, unknown> = {};
    for (const key of Object.keys(batch.cmd)) {
      if (fail.includes(key)) errors[key] = { error: "", error_description: "Not found" };
      else result[key] = value(key);
    }
    const section = (o: Record<string, unknown>) => (Object.keys(o).length ? o : []);
    return { body: { result: { result: section(result), result_error: section(errors), result_total: [], result_next: [], result_time: [] }, time: {} } };
  };

describe("batch", () => {
  it("encodes sub-calls in bracket notation and leaves $result references for the portal", async () => {
    const { client, sent } = fake(answerAll((k) => (k === "lead" ? 1001 : { ID: "1001" })));
    const out = await client.batch({
      lead: { method: "crm.lead.add", params: { fields: { TITLE: "Ivan & Co", PHONE: [{ VALUE: "+79991234567", VALUE_TYPE: "WORK" }], OPENED: true } } },
      check: { method: "crm.lead.get", params: { id: "$result[lead]" } },
      note: { method: "crm.lead.list", params: { filter: { "%TITLE": "id $result[lead] x" }, select: ["ID"] } },
      raw: "crm.status.list?filter[ENTITY_ID]=STATUS",
    });
    expect(sent).toEqual([
      {
        halt: 0,
        cmd: {
          lead: "crm.lead.add?fields[TITLE]=Ivan%20%26%20Co&fields[PHONE][0][VALUE]=%2B79991234567&fields[PHONE][0][VALUE_TYPE]=WORK&fields[OPENED]=Y",
          check: "crm.lead.get?id=$result[lead]",
          note: "crm.lead.list?filter[%25TITLE]=id%20$result[lead]%20x&select[0]=ID",
          raw: "crm.status.list?filter[ENTITY_ID]=STATUS",
        },
      },
    ]);
    expect(out.result.lead).toBe(1001);
    expect(out.errors).toEqual({});
  });

  it("surfaces per-command errors as Bitrix24Error while the HTTP call succeeds", async () => {
    const { client } = fake(answerAll(() => ({ ID: "1" }), ["1"]));
    const out = await client.batch([
      { method: "crm.deal.get", params: { id: 1 } },
      { method: "crm.deal.get", params: { id: 999999 } },
    ]);
    expect(out.result).toEqual({ 0: { ID: "1" } });
    expect(out.errors[1]).toBeInstanceOf(Bitrix24Error);
    expect(out.errors[1]).toMatchObject({ method: "crm.deal.get", httpStatus: null, kind: "not_found", retryable: false });
    expect(out.skipped).toEqual([]);
  });

  it("reports sub-calls that halt never ran", async () => {
    const { client, sent } = fake(() => ({
      body: { result: { result: { a: 1 }, result_error: { b: { error: "", error_description: "Access denied." } }, result_total: [], result_next: [] } },
    }));
    const out = await client.batch({ a: "crm.lead.get?id=1", b: "crm.lead.get?id=2", c: "crm.lead.get?id=3" }, { halt: true });
    expect(sent[0]?.halt).toBe(1);
    expect(out.skipped).toEqual(["c"]);
    expect(out.errors.b?.kind).toBe("validation");
  });

  it("splits more than 50 commands into chunks and resolves references across chunks", async () => {
    const { client, sent } = fake(answerAll((k) => ({ ID: k.replace("c", ""), NAME: `name ${k}` })));
    const commands: Record<string, { method: string; params: Record<string, unknown> }> = {};
    for (let i = 0; i < 120; i++) commands[`c${i}`] = { method: "crm.lead.get", params: { id: i + 1 } };
    commands.c60 = { method: "crm.lead.get", params: { id: "$result[c0][ID]", note: "from $result[c1][NAME]" } };
    commands.c61 = { method: "crm.lead.get", params: { id: "$result[c55][ID]" } };
    commands.c62 = { method: "crm.lead.list", params: { filter: { "@ID": "$result[c2]" } } };
    const out = await client.batch(commands);
    expect(sent.map((b) => Object.keys(b.cmd).length)).toEqual([50, 50, 20]);
    expect(sent[1]?.cmd.c60).toBe("crm.lead.get?id=0&note=from%20name%20c1");
    expect(sent[1]?.cmd.c61).toBe("crm.lead.get?id=$result[c55][ID]"); // same chunk: the portal substitutes it
    expect(sent[1]?.cmd.c62).toBe("crm.lead.list?filter[%40ID][ID]=2&filter[%40ID][NAME]=name%20c2");
    expect(Object.keys(out.result)).toHaveLength(120);
  });

  it("with halt, does not send later chunks after a failed sub-call", async () => {
    const { client, sent } = fake(answerAll(() => 1, ["c10"]));
    const commands = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`c${i}`, `crm.lead.get?id=${i + 1}`]));
    const out = await client.batch(commands, { halt: true });
    expect(sent).toHaveLength(1);
    expect(out.skipped).toHaveLength(70);
    expect(out.errors.c10?.description).toBe("Not found");
  });

  it("retries a read-only batch after a 5xx, but surfaces an ambiguous failure of a batch that creates", async () => {
    const failing = fake((_b, n) => (n === 1 ? { status: 500, body: { error: "INTERNAL_SERVER_ERROR", error_description: "" } } : answerAll(() => 1)(_b)));
    await failing.client.batch({ a: "crm.lead.get?id=1" });
    expect(failing.sent).toHaveLength(2);
    const writes = fake(() => ({ status: 500, body: { error: "INTERNAL_SERVER_ERROR", error_description: "" } }));
    await expect(writes.client.batch({ a: "crm.lead.add?fields[TITLE]=x" })).rejects.toMatchObject({ method: "batch", ambiguous: true });
    expect(writes.sent).toHaveLength(1);
  });

  it("a transport failure of a later chunk keeps the earlier results and pins the error on that chunk", async () => {
    const { client, sent } = fake((b, n) =>
      n === 2 ? { status: 500, body: { error: "INTERNAL_SERVER_ERROR", error_description: "" } } : answerAll(() => 7)(b),
    );
    const commands = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`c${i}`, `crm.lead.add?fields[TITLE]=${i}`]));
    const out = await client.batch(commands);
    expect(sent).toHaveLength(2);
    expect(Object.keys(out.result)).toHaveLength(50);
    expect(out.errors.c50).toMatchObject({ method: "batch", ambiguous: true });
    expect(Object.keys(out.errors)).toHaveLength(50);
    expect(out.skipped).toHaveLength(20);
    const first = fake(() => ({ status: 500, body: { error: "INTERNAL_SERVER_ERROR", error_description: "" } }));
    await expect(first.client.batch(commands)).rejects.toBeInstanceOf(Bitrix24Error);
  });

  it("rejects sub-calls with a malformed method name", async () => {
    const { client, sent } = fake(answerAll(() => 1));
    await expect(client.batch({ a: "../x?y=1" })).rejects.toThrow(TypeError);
    expect(sent).toHaveLength(0);
  });
});
