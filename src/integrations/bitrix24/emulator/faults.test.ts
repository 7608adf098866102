/** Rate limit, operating limit and injected faults over HTTP (§4.1, §4.2, §5.1.16–17, §5.1.26, SECURITY.md F3). */
import { afterEach, describe, expect, it } from "vitest";
import { type Bitrix24Emulator, startBitrix24Emulator } from "./index.js";
import { b24Call } from "./testkit.js";

let b24: Bitrix24Emulator | undefined;
afterEach(async () => {
  await b24?.close();
  b24 = undefined;
});
const start = async (options: Parameters<typeof startBitrix24Emulator>[0] = {}) => {
  b24 = await startBitrix24Emulator(options);
  return b24;
};
const addLead = (e: Bitrix24Emulator, originId: string) =>
  fetch(`${e.webhookUrl}crm.lead.add.json`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ fields: { TITLE: "x", ORIGINATOR_ID: "partner-cabinet", ORIGIN_ID: originId } }),
  });

describe("rate limit", () => {
  it("the request past the burst gets 503 QUERY_LIMIT_EXCEEDED; capacity comes back at perSecond", async () => {
    const e = await start({ rateLimit: { perSecond: 5, burst: 5 } });
    const statuses = await Promise.all(Array.from({ length: 6 }, () => b24Call(e.webhookUrl, "crm.lead.fields").then((r) => r.status)));
    expect(statuses.sort()).toEqual([200, 200, 200, 200, 200, 503]);
    expect(await b24Call(e.webhookUrl, "crm.lead.fields")).toEqual({
      status: 503,
      body: { error: "QUERY_LIMIT_EXCEEDED", error_description: "Too many requests" },
    });
    await new Promise((r) => setTimeout(r, 250));
    expect((await b24Call(e.webhookUrl, "crm.lead.fields")).status).toBe(200);
    expect(e.control.counters().rateLimited).toBe(2);
  });

  it("defaults to 50 / 2 per second; false disables it", async () => {
    const e = await start();
    const statuses = await Promise.all(Array.from({ length: 51 }, () => b24Call(e.webhookUrl, "user.get").then((r) => r.status)));
    expect(statuses.filter((s) => s === 503)).toHaveLength(1);
    e.control.setRateLimit(false);
    expect((await b24Call(e.webhookUrl, "user.get")).status).toBe(200);
  });

  it("blockMethod → 429 OPERATION_TIME_LIMIT for that method only", async () => {
    const e = await start({ rateLimit: false });
    e.control.blockMethod("crm.deal.list", 10_000);
    expect(await b24Call(e.webhookUrl, "crm.deal.list")).toEqual({
      status: 429,
      body: { error: "OPERATION_TIME_LIMIT", error_description: "Method is blocked due to operation time limit." },
    });
    expect((await b24Call(e.webhookUrl, "crm.lead.list")).status).toBe(200);
  });
});

describe("faults", () => {
  it("next N calls of one method answer 503 / 500 / a custom error, then it recovers", async () => {
    const e = await start({ rateLimit: false });
    e.control.injectFault({ kind: "query-limit", method: "CRM.LEAD.ADD.json", times: 2 });
    expect((await b24Call(e.webhookUrl, "crm.lead.fields")).status).toBe(200);
    expect((await addLead(e, "a")).status).toBe(503);
    expect((await addLead(e, "a")).status).toBe(503);
    expect((await addLead(e, "a")).status).toBe(200);
    e.control.injectFault({ kind: "server-error" });
    const five = await addLead(e, "b");
    expect(five.status).toBe(500);
    expect(((await five.json()) as { error: string }).error).toBe("INTERNAL_SERVER_ERROR");
    e.control.injectFault({ kind: "error", status: 401, error: "INVALID_CREDENTIALS", description: "Invalid request credentials" });
    expect((await b24Call(e.webhookUrl, "crm.lead.fields")).status).toBe(401);
    expect(e.control.counters()).toMatchObject({ faulted: 4, entities: { lead: 1 }, createsByMethod: { "crm.lead.add": 1 } });
    expect(e.control.requests().map((r) => r.fault ?? r.status)).toEqual([200, "query-limit", "query-limit", 200, "server-error", "error"]);
  });

  it("reset destroys the connection and stores nothing", async () => {
    const e = await start({ rateLimit: false });
    e.control.injectFault({ kind: "reset", method: "crm.lead.add" });
    await expect(addLead(e, "r1")).rejects.toThrow();
    expect(e.control.listLeads()).toHaveLength(0);
    expect(e.control.requests()[0]).toMatchObject({ method: "crm.lead.add", status: "reset", fault: "reset" });
  });

  it("commit-then-reset: the lead exists once; a lookup by ORIGIN_ID finds it, so the retry is not needed", async () => {
    const e = await start({ rateLimit: false });
    e.control.injectFault({ kind: "commit-then-reset", method: "crm.lead.add" });
    await expect(addLead(e, "6f1c-f3")).rejects.toThrow();
    const lookup = await b24Call(e.webhookUrl, "crm.lead.list", { filter: { ORIGINATOR_ID: "partner-cabinet", ORIGIN_ID: "6f1c-f3" }, select: ["ID"] });
    expect(lookup.body).toMatchObject({ result: [{ ID: "1001" }], total: 1 });
    expect(e.control.counters()).toMatchObject({ createsByMethod: { "crm.lead.add": 1 }, uniqueOriginIds: { lead: 1 }, duplicateOriginIds: { lead: [] } });
    // A careless client that retries blindly makes a duplicate, and the counters show it.
    await addLead(e, "6f1c-f3");
    expect(e.control.counters().duplicateOriginIds.lead).toEqual(["6f1c-f3"]);
  });

  it("hang delays the answer (a client timeout fires) but the call still commits; latency slows every call", async () => {
    const e = await start({ rateLimit: false });
    e.control.injectFault({ kind: "hang", ms: 300 });
    const aborted = fetch(`${e.webhookUrl}crm.lead.add.json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fields: { TITLE: "slow" } }),
      signal: AbortSignal.timeout(50),
    });
    await expect(aborted).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 350));
    expect(e.control.listLeads()).toHaveLength(1);
    e.control.setLatency(100);
    const t = performance.now();
    await b24Call(e.webhookUrl, "crm.lead.fields");
    expect(performance.now() - t).toBeGreaterThanOrEqual(95);
  });

  it("down refuses connections, and comes back after ms", async () => {
    const e = await start({ rateLimit: false });
    await e.control.setDown({ ms: 150 });
    await expect(fetch(`${e.webhookUrl}crm.lead.fields`)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 250));
    expect((await b24Call(e.webhookUrl, "crm.lead.fields")).status).toBe(200);
    await e.control.setDown(true);
    await expect(fetch(`${e.webhookUrl}crm.lead.fields`)).rejects.toThrow();
    await e.control.setDown(false);
    expect((await b24Call(e.webhookUrl, "crm.lead.fields")).status).toBe(200);
  });

  it("a revoked webhook and portal blocks answer their auth errors", async () => {
    const e = await start({ rateLimit: false });
    e.control.configureWebhook({ revoked: true });
    expect((await b24Call(e.webhookUrl, "crm.lead.fields")).body.error).toBe("INVALID_CREDENTIALS");
    e.control.configureWebhook({ revoked: false, block: "plan" });
    expect(await b24Call(e.webhookUrl, "crm.lead.fields")).toEqual({
      status: 401,
      body: { error: "ACCESS_DENIED", error_description: "REST is available only by subscription." },
    });
    e.control.configureWebhook({ block: "overload" });
    expect((await b24Call(e.webhookUrl, "crm.lead.fields")).body.error).toBe("OVERLOAD_LIMIT");
  });
});
