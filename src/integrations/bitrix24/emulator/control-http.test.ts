/** The control API over HTTP (/_emulator/…), as a test in another process would use it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bitrix24Emulator, startBitrix24Emulator } from "./index.js";
import { b24Call, startEventReceiver } from "./testkit.js";

let b24: Bitrix24Emulator;
const ctl = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${b24.origin}/_emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & Array<Record<string, unknown>> };
};

beforeAll(async () => {
  b24 = await startBitrix24Emulator({ rateLimit: { perSecond: 2, burst: 50 } });
});
afterAll(() => b24.close());

describe("control API over HTTP", () => {
  it("seeds, drives the CRM, delivers events, injects faults and reports logs and counters", async () => {
    expect((await ctl("GET", "/info")).body).toEqual({ origin: b24.origin, webhookUrl: b24.webhookUrl, applicationToken: b24.applicationToken });
    expect((await ctl("POST", "/seed", { funnels: [{ id: 3, name: "Resellers" }], userFields: [{ entity: "deal", code: "UF_CRM_P" }] })).status).toBe(200);
    const rx = await startEventReceiver();
    const handler = await ctl("POST", "/event-handlers", { handlerUrl: rx.url, events: ["onCrmDealUpdate", "ONCRMDEALADD"], applicationToken: "tok" });
    expect(handler.body).toMatchObject({ handlerUrl: rx.url, events: ["ONCRMDEALUPDATE", "ONCRMDEALADD"], applicationToken: "tok" });

    const created = await ctl("POST", "/deals", { TITLE: "Manager deal", CATEGORY_ID: 3, UF_CRM_P: "P-9" });
    const id = created.body.id as number;
    expect(id).toBe(3001);
    expect((await ctl("POST", `/deals/${id}/stage`, { stageId: "C3:WON" })).status).toBe(200);
    expect((await ctl("POST", `/deals/${id}/amount`, { opportunity: 1234.5, currency: "USD" })).status).toBe(200);
    expect(await ctl("POST", `/deals/${id}/stage`, { stageId: "WON" })).toEqual({ status: 400, body: { error: "stage WON is not in funnel 3" } });
    expect((await ctl("POST", "/deals/999/stage", { stageId: "WON" })).status).toBe(404);
    expect((await ctl("GET", `/deals/${id}`)).body).toMatchObject({
      STAGE_ID: "C3:WON",
      STAGE_SEMANTIC_ID: "S",
      OPPORTUNITY: "1234.50",
      CURRENCY_ID: "USD",
      UF_CRM_P: "P-9",
    });
    expect((await ctl("POST", "/events/wait")).status).toBe(200);
    expect(rx.received.map((e) => [e.event, e.id, e.form.get("auth[application_token]")])).toEqual([
      ["ONCRMDEALADD", "3001", "tok"],
      ["ONCRMDEALUPDATE", "3001", "tok"],
      ["ONCRMDEALUPDATE", "3001", "tok"],
    ]);
    expect(((await ctl("GET", "/deliveries")).body as unknown[]).length).toBe(3);
    await rx.close();

    const lead = await ctl("POST", "/leads", { TITLE: "L", NAME: "N" });
    expect((await ctl("POST", `/leads/${lead.body.id}/status`, { statusId: "IN_PROCESS" })).status).toBe(200);
    const converted = await ctl("POST", `/leads/${lead.body.id}/convert`, { categoryId: 3 });
    expect(converted.body).toEqual({ dealId: 3002, contactId: 2001 });
    expect(((await ctl("GET", "/contacts")).body as unknown[]).length).toBe(1);

    expect((await ctl("POST", "/faults", { kind: "query-limit", method: "crm.deal.get", times: 1 })).status).toBe(200);
    expect((await b24Call(b24.webhookUrl, "crm.deal.get", { id })).status).toBe(503);
    expect((await b24Call(b24.webhookUrl, "crm.deal.get", { id })).status).toBe(200);
    expect((await ctl("POST", "/methods/crm.deal.get/block", { ms: 5000 })).status).toBe(200);
    expect((await b24Call(b24.webhookUrl, "crm.deal.get", { id })).status).toBe(429);
    const requests = (await ctl("GET", "/requests")).body as unknown as Array<{ method: string; status: number }>;
    expect(requests.map((r) => r.status)).toEqual([503, 200, 429]);
    expect((await ctl("GET", "/counters")).body).toMatchObject({ requests: 3, faulted: 1, entities: { lead: 1, deal: 2, contact: 1 } });

    const rotated = await ctl("POST", "/webhook/rotate", { secret: "newsecret0000001" });
    expect(rotated.body.webhookUrl).toBe(`${b24.origin}/rest/1/newsecret0000001/`);
    expect(b24.webhookUrl).toBe(rotated.body.webhookUrl);

    expect((await ctl("POST", "/rate-limit", { perSecond: 1, burst: 1 })).status).toBe(200);
    expect((await b24Call(b24.webhookUrl, "crm.lead.fields")).status).toBe(200);
    expect((await b24Call(b24.webhookUrl, "crm.lead.fields")).status).toBe(503);

    expect((await ctl("POST", "/down", { ms: 100 })).status).toBe(200);
    await expect(fetch(`${b24.origin}/_emulator/info`)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 200));
    expect((await ctl("POST", "/reset")).status).toBe(200);
    expect((await ctl("GET", "/deals")).body).toEqual([]);
    expect((await b24Call(b24.webhookUrl, "crm.deal.list")).body).toMatchObject({ result: [], total: 0 });
    expect((await ctl("GET", "/nope")).status).toBe(404);
    expect((await ctl("POST", "/latency", { ms: "x" })).body).toEqual({ error: "ms must be a number" });
  });
});
