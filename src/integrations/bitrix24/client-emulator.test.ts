/**
 * Client behaviours that need the emulator's control surface: injected faults (SECURITY.md F1–F3, F11),
 * rate limits (F2), manager actions (stage moves, conversion) and custom fields.
 * The portal-independent contract is contract.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bitrix24ClientConfig, createBitrix24Client } from "./client.js";
import { type Bitrix24Emulator, startBitrix24Emulator } from "./emulator/index.js";
import { Bitrix24Error } from "./errors.js";

let emu: Bitrix24Emulator;

beforeAll(async () => {
  emu = await startBitrix24Emulator({
    rateLimit: false,
    seed: {
      funnels: [{ id: 9, name: "Partners" }],
      userFields: [
        { entity: "lead", code: "UF_CRM_PARTNER_CODE", label: "Partner code" },
        { entity: "deal", code: "UF_CRM_PARTNER_CODE", label: "Partner code" },
      ],
    },
  });
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset());

/** A client on virtual time (sleeps return at once), for one caller at a time. */
function virtualClient(config: Partial<Bitrix24ClientConfig> = {}) {
  const sleeps: number[] = [];
  let t = 0;
  const client = createBitrix24Client({
    webhookUrl: emu.webhookUrl,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    ...config,
  });
  return { client, sleeps };
}

async function failure(p: Promise<unknown>): Promise<Bitrix24Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Bitrix24Error) return e;
    throw e;
  }
  throw new Error("expected a Bitrix24Error");
}

const calls = (method: string) => emu.control.requests().filter((r) => r.method === method);

describe("faults", () => {
  it("503 QUERY_LIMIT_EXCEEDED: retried after the global pause, also for *.add", async () => {
    emu.control.injectFault({ kind: "query-limit", method: "crm.lead.add", times: 2 });
    const { client, sleeps } = virtualClient({ random: () => 0 });
    const { id } = await client.addLead({ title: "x", originId: "q-1" });
    expect(id).toBeGreaterThan(0);
    expect(calls("crm.lead.add").map((r) => r.status)).toEqual([503, 503, 200]);
    expect(sleeps).toEqual([0, 1000, 0, 2000]);
  });

  it("500 on a read: retried with back-off until it answers", async () => {
    const { client } = virtualClient();
    const { id } = await client.addDeal({ title: "d" });
    emu.control.injectFault({ kind: "server-error", method: "crm.deal.get", times: 2 });
    expect((await client.getDeal(id))?.id).toBe(id);
    expect(calls("crm.deal.get").map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it("F3 commit-then-reset on crm.lead.add: ambiguous, not retried; looking up by ORIGIN_ID finds exactly one lead", async () => {
    emu.control.injectFault({ kind: "commit-then-reset", method: "crm.lead.add" });
    const { client } = virtualClient();
    const e = await failure(client.addLead({ title: "x", originId: "ctr-1" }));
    expect(e).toMatchObject({ method: "crm.lead.add", ambiguous: true, retryable: true, attempts: 1 });
    expect(e.message).not.toContain(emu.webhookUrl);
    const found = await client.findLeadsByOrigin("ctr-1");
    expect(found).toHaveLength(1);
    const counters = emu.control.counters();
    expect(counters.createsByMethod["crm.lead.add"]).toBe(1);
    expect(counters.duplicateOriginIds.lead).toEqual([]);
  });

  it("reset before processing: also ambiguous for the client; the look-up finds nothing, so creating again is safe", async () => {
    emu.control.injectFault({ kind: "reset", method: "crm.lead.add" });
    const { client } = virtualClient();
    expect((await failure(client.addLead({ title: "x", originId: "rst-1" }))).ambiguous).toBe(true);
    expect(await client.findLeadsByOrigin("rst-1")).toEqual([]);
    const { id } = await client.addLead({ title: "x", originId: "rst-1" });
    expect(await client.findLeadsByOrigin("rst-1")).toEqual([id]);
  });

  it("F11 slow portal: times out, retries a read, and leaves a hung *.add to the look-up", async () => {
    const { client } = virtualClient({ timeoutMs: 300, maxRetries: 1 });
    const { id } = await client.addDeal({ title: "d" });
    emu.control.injectFault({ kind: "hang", ms: 1000, method: "crm.deal.get" });
    expect((await client.getDeal(id))?.id).toBe(id);
    emu.control.injectFault({ kind: "hang", ms: 600, method: "crm.deal.add" });
    const e = await failure(client.addDeal({ title: "slow", originId: "hang-1" }));
    expect(e).toMatchObject({ kind: "timeout", ambiguous: true, attempts: 1 });
    await new Promise((r) => setTimeout(r, 500)); // the hung call commits after 600 ms
    expect(await client.findDealsByOrigin("hang-1")).toHaveLength(1);
  });

  it("F1 portal down: refused connections are retried even for *.add, and the lead is created once", async () => {
    const client = createBitrix24Client({ webhookUrl: emu.webhookUrl, backoff: { baseMs: 300 }, random: () => 1, maxRetries: 5 });
    await emu.control.setDown({ ms: 700 });
    const { id } = await client.addLead({ title: "x", originId: "down-1" });
    expect(await client.findLeadsByOrigin("down-1")).toEqual([id]);
    expect(emu.control.counters().createsByMethod["crm.lead.add"]).toBe(1);
  });

  it("429 OPERATION_TIME_LIMIT pauses only that method, without further requests", async () => {
    const { client } = virtualClient();
    emu.control.blockMethod("crm.deal.list", 60_000);
    const e = await failure(client.listDealsChangedSince(new Date(0)));
    expect(e).toMatchObject({ httpStatus: 429, code: "OPERATION_TIME_LIMIT", kind: "operation_limit", retryAfterMs: 600_000 });
    await failure(client.listDealsByLead(1));
    expect(calls("crm.deal.list")).toHaveLength(1);
    expect(await client.getDeal(1)).toBeNull();
  });

  it("a rotated webhook fails as a non-retryable auth error that does not reveal either secret", async () => {
    const old = emu.webhookUrl;
    const client = createBitrix24Client({ webhookUrl: old });
    const { webhookUrl } = emu.control.rotateWebhook();
    const e = await failure(client.getLead(1));
    expect(e).toMatchObject({ kind: "auth", code: "INVALID_CREDENTIALS", retryable: false, attempts: 1 });
    for (const url of [old, webhookUrl]) expect(`${e.message} ${e.stack}`).not.toContain(url.split("/").at(-2));
  });
});

describe("F2 rate limit", () => {
  it("a client configured like the portal's bucket is never refused", async () => {
    emu.control.setRateLimit({ perSecond: 5, burst: 5 });
    const client = createBitrix24Client({ webhookUrl: emu.webhookUrl, rate: { perSecond: 5, burst: 5 } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 12 }, () => client.getLead(1)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500); // 4 at once (1 slot reserved), then 8 × 200 ms
    expect(emu.control.counters().rateLimited).toBe(0);
  });

  it("a client without its own bucket is refused with 503, pauses and still completes every call", async () => {
    emu.control.setRateLimit({ perSecond: 10, burst: 5 });
    const client = createBitrix24Client({ webhookUrl: emu.webhookUrl, rate: false, backoff: { baseMs: 100 }, maxRetries: 10 });
    const results = await Promise.all(Array.from({ length: 10 }, () => client.getLead(1)));
    expect(results).toEqual(Array.from({ length: 10 }, () => null));
    expect(emu.control.counters().rateLimited).toBeGreaterThan(0);
  });
});

describe("manager actions", () => {
  it("won ⇔ STAGE_SEMANTIC_ID S, reversible; amounts in kopecks", async () => {
    const { client } = virtualClient();
    const stages = await client.listDealStages(9);
    const won = stages.find((s) => s.semantic === "S");
    const first = stages[0];
    if (!won || !first) throw new Error("funnel 9 has no stages");
    const { id } = await client.addDeal({ title: "d", categoryId: 9, stageId: first.statusId });
    emu.control.moveDeal(id, won.statusId);
    emu.control.setDealAmount(id, "150000.50");
    expect(await client.getDeal(id)).toMatchObject({ stageId: won.statusId, stageSemantic: "S", closed: true, opportunityKopecks: 15_000_050 });
    emu.control.moveDeal(id, first.statusId);
    expect(await client.getDeal(id)).toMatchObject({ stageSemantic: "P", closed: false });
    emu.control.deleteDeal(id);
    expect(await client.getDeal(id)).toBeNull();
  });

  it("lead conversion: the lead turns S and listDealsByLead finds the deal with the copied partner UF", async () => {
    const { client } = virtualClient();
    const { id } = await client.addLead({ title: "l", phones: ["+79991234567"], userFields: { UF_CRM_PARTNER_CODE: "P-0042" } });
    expect((await client.getLead(id))?.userFields).toEqual({ UF_CRM_PARTNER_CODE: "P-0042" });
    const { dealId } = emu.control.convertLead(id, { categoryId: 9 });
    expect((await client.getLead(id))?.statusSemantic).toBe("S");
    const deals = await client.listDealsByLead(id);
    expect(deals.map((d) => [d.id, d.leadId, d.categoryId, d.userFields.UF_CRM_PARTNER_CODE])).toEqual([[dealId, id, 9, "P-0042"]]);
    const fields = await client.getFields("deal");
    expect(fields.UF_CRM_PARTNER_CODE).toMatchObject({ isCustom: true, label: "Partner code" });
  });

  it("sends what the emulator parses as the documented JSON body", async () => {
    const { client } = virtualClient();
    await client.addLead({ title: "t", phones: ["+79991234567"], originId: "wire-1" });
    const [req] = calls("crm.lead.add");
    expect(req).toMatchObject({ httpMethod: "POST", status: 200 });
    expect(req?.path.endsWith("/crm.lead.add.json")).toBe(true);
    expect(req?.params).toEqual({
      fields: { TITLE: "t", PHONE: [{ VALUE: "+79991234567", VALUE_TYPE: "WORK" }], ORIGINATOR_ID: "partner-cabinet", ORIGIN_ID: "wire-1" },
    });
  });
});
