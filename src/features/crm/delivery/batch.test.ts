import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientEvents, deliveryJobs } from "../../../db/schema.js";
import { type DeliveryKit, deliverySeed, deliverySettings, startDeliveryKit } from "../../../testing/delivery-kit.js";
import { givenAdmin } from "../../../testing/fixtures.js";
import { defaultDeliveryPolicy, retryDeadJobs } from "./delivery.js";
import { ORIGINATOR_ID, originIdOf, routeFor } from "./input.js";

let k: DeliveryKit;
beforeEach(async () => {
  k = await startDeliveryKit();
});
afterEach(async () => {
  await k.close();
});

describe("batch delivery, lead mode", () => {
  it("delivers a backlog of 120 leads in 3 batch requests with the same fields as one-by-one delivery", async () => {
    const partner = await k.givenPartner({ name: "Anna", partnerCode: "anna2345" });
    const ids = await k.givenClients(partner.id, 120);
    const w = k.worker();
    expect(await w.tick()).toBe(120);
    expect(k.batchCalls()).toBe(3);
    expect(k.emu.control.counters().requests).toBe(3);
    const leads = k.emu.control.listLeads();
    expect(leads).toHaveLength(120);
    expect([...k.originCounts("lead").values()].every((n) => n === 1)).toBe(true);
    const first = leads.find((l) => l.ORIGIN_ID === originIdOf(ids[0] ?? 0));
    expect(first).toMatchObject({
      TITLE: "Client 0 / Anna",
      NAME: "Client 0",
      COMMENTS: "comment 0",
      UTM_SOURCE: "vk",
      UTM_CAMPAIGN: "autumn",
      UF_CRM_PARTNER: "partner-anna2345",
      ORIGINATOR_ID: ORIGINATOR_ID,
    });
    expect(JSON.stringify(first?.PHONE)).toContain("+79120000000");
    expect(JSON.stringify(first?.EMAIL)).toContain("client0@example.ru");
    const stored = await k.clientRow(ids[0] ?? 0);
    expect(stored).toMatchObject({ deliveryState: "sent", b24Entity: "lead", b24LeadId: Number(first?.ID) });
    expect(await k.jobStates()).toEqual({ done: 120 });
    const events = await k.t.db.select().from(clientEvents).where(eq(clientEvents.kind, "delivered"));
    expect(events).toHaveLength(120);
    await w.stop();
  });

  it("after a batch answer lost once the portal committed, waits, looks up every ORIGIN_ID and creates only what is missing", async () => {
    const partner = await k.givenPartner();
    const ids = await k.givenClients(partner.id, 70);
    k.emu.control.injectFault({ kind: "commit-then-reset", method: "batch" });
    const w = k.worker(deliverySettings(), { batchSize: 70 });
    await w.tick();
    // The first 50 were stored by the portal, the answer never came; the second chunk was never sent.
    expect(k.emu.control.listLeads()).toHaveLength(50);
    const job = await k.jobOf(ids[0] ?? 0);
    expect(job).toMatchObject({ state: "pending", attempts: 1 });
    expect((job?.nextAttemptAt ?? 0) - k.t.clock.now).toBeGreaterThanOrEqual(defaultDeliveryPolicy.unknownOutcomeDelayMs);
    expect(await w.tick()).toBe(0);
    k.t.clock.advance(10 * 60_000);
    k.emu.control.clearRequests();
    expect(await w.tick()).toBe(70);
    // One look-up batch (70 crm.lead.list in two requests), one create batch for the 20 missing.
    const subCalls = k.emu.control.requests().filter((r) => r.httpMethod === "BATCH");
    expect(subCalls.filter((r) => r.method === "crm.lead.list")).toHaveLength(70);
    expect(subCalls.filter((r) => r.method === "crm.lead.add")).toHaveLength(20);
    expect(k.emu.control.listLeads()).toHaveLength(70);
    expect(k.emu.control.counters().duplicateOriginIds.lead).toEqual([]);
    for (const id of ids) expect((await k.clientRow(id)).b24LeadId).toBe(Number(k.emu.control.listLeads().find((l) => l.ORIGIN_ID === originIdOf(id))?.ID));
    await w.stop();
  });

  it("puts a dead-lettered job back so that its next attempt looks before creating", async () => {
    const partner = await k.givenPartner();
    const [id = 0] = await k.givenClients(partner.id, 1);
    k.emu.control.injectFault({ kind: "commit-then-reset", method: "crm.lead.add" });
    const w = k.worker(deliverySettings(), { policy: { maxAttempts: 1 } });
    await w.tick();
    expect((await k.jobOf(id))?.state).toBe("dead");
    const admin = await givenAdmin(k.t.db);
    expect(await retryDeadJobs(k.t.db, admin.id, k.t.clock.now)).toBe(1);
    await w.tick();
    expect(k.emu.control.listLeads()).toHaveLength(1);
    expect((await k.clientRow(id)).deliveryState).toBe("sent");
    await w.stop();
  });
});

describe("the lease guard", () => {
  it.each([
    ["one by one", 1, "lead"],
    ["in a batch", 8, "lead"],
    ["in a batch, deal mode", 8, "deal"],
  ] as const)("sends no create once the lease left is shorter than an unknown outcome can last (%s)", async (_label, count, entityType) => {
    const partner = await k.givenPartner();
    const ids = await k.givenClients(partner.id, count);
    const w = k.worker(deliverySettings({ entityType }), { policy: { leaseMs: 30_000, unknownOutcomeDelayMs: 31_000 } });
    await w.tick();
    expect(k.emu.control.requests().filter((r) => /\.add$/.test(r.method ?? ""))).toEqual([]);
    expect(await k.jobOf(ids[0] ?? 0)).toMatchObject({ state: "pending", lastError: "the pass ran out of lease time before creating; retrying" });
    await w.stop();
  });
});

describe("batch delivery, deal mode", () => {
  it("finds contacts by phone or e-mail, shares one new contact between clients of the batch, and links every deal", async () => {
    k.emu.control.createContact({ NAME: "Known", PHONE: [{ VALUE: "+79120000001", VALUE_TYPE: "WORK" }] });
    k.emu.control.createContact({ NAME: "Known by mail", EMAIL: [{ VALUE: "client2@example.ru", VALUE_TYPE: "WORK" }] });
    const partner = await k.givenPartner();
    const ids = await k.givenClients(partner.id, 8, (i) =>
      i === 3 ? { phone: "+79120000004" } : i === 5 ? { phone: null, email: null } : i === 6 ? { phone: null, email: "CLIENT4@example.ru" } : {},
    );
    const w = k.worker(deliverySettings({ entityType: "deal", categoryId: 1, stageId: "C1:PREPARATION" }));
    expect(await w.tick()).toBe(8);
    expect(k.batchCalls()).toBe(3); // look, create contacts, add deals
    const deals = k.emu.control.listDeals();
    expect(deals).toHaveLength(8);
    expect(deals.every((d) => d.CATEGORY_ID === "1" && d.STAGE_ID === "C1:PREPARATION")).toBe(true);
    const contactOf = async (i: number) => (await k.clientRow(ids[i] ?? 0)).b24ContactId;
    expect(await contactOf(1)).toBe(2001); // found by phone
    expect(await contactOf(2)).toBe(2002); // found by e-mail
    expect(await contactOf(3)).toBe(await contactOf(4)); // same phone: one new contact
    expect(await contactOf(6)).toBe(await contactOf(4)); // same e-mail (other case): the same contact
    expect(k.emu.control.listContacts()).toHaveLength(2 + 4); // new: client 0, client 3 (with 4 and 6), 5, 7
    for (const [i, id] of ids.entries()) {
      const row = await k.clientRow(id);
      const deal = deals.find((d) => d.ORIGIN_ID === originIdOf(id));
      expect(row).toMatchObject({ deliveryState: "sent", b24Entity: "deal", b24DealId: Number(deal?.ID) });
      expect(String(deal?.CONTACT_ID)).toBe(String(await contactOf(i)));
    }
    await w.stop();
  });

  it.each([
    ["the contacts", 2],
    ["the deals", 3],
  ])("after an unknown outcome of the batch creating %s, the retry creates no duplicate contact or deal", async (_label, faultyCall) => {
    const partner = await k.givenPartner();
    await k.givenClients(partner.id, 12);
    let calls = 0;
    const client = k.b24({
      fetch: async (url, init) => {
        if (String(url).endsWith("/batch.json") && ++calls === faultyCall) k.emu.control.injectFault({ kind: "commit-then-reset", method: "batch" });
        return fetch(url, init);
      },
    });
    const w = k.worker(deliverySettings({ entityType: "deal" }), { client });
    await w.tick();
    expect(await k.jobStates()).toEqual({ pending: 12 });
    k.t.clock.advance(10 * 60_000);
    await w.tick();
    expect(await k.jobStates()).toEqual({ done: 12 });
    expect(k.emu.control.listDeals()).toHaveLength(12);
    expect(k.emu.control.listContacts()).toHaveLength(12);
    expect(k.emu.control.counters().duplicateOriginIds).toEqual({ lead: [], deal: [], contact: [] });
    await w.stop();
  });
});

describe("batch delivery, field mapping", () => {
  const mappingSeed = deliverySeed({
    userFields: [
      { entity: "lead", code: "UF_CRM_PARTNER", type: "string" },
      { entity: "deal", code: "UF_CRM_PARTNER", type: "string" },
      { entity: "lead", code: "UF_CRM_NOTE", type: "string" },
      { entity: "deal", code: "UF_CRM_COMPANY", type: "string" },
    ],
  });

  it("writes each lead's comment to the mapped UF field and its company to COMPANY_TITLE", async () => {
    await k.close();
    k = await startDeliveryKit({ seed: mappingSeed });
    const partner = await k.givenPartner({ partnerCode: "anna2345" });
    const ids = await k.givenClients(partner.id, 6, (i) => ({ company: `Company ${i}` }));
    const w = k.worker(deliverySettings({ commentField: "UF_CRM_NOTE", companyField: "COMPANY_TITLE" }));
    expect(await w.tick()).toBe(6);
    expect(k.batchCalls()).toBe(1); // one crm.lead.add batch: the batch path, not one by one
    for (const [i, id] of ids.entries()) {
      const lead = k.emu.control.listLeads().find((l) => l.ORIGIN_ID === originIdOf(id));
      expect(lead).toMatchObject({ UF_CRM_NOTE: `comment ${i}`, COMPANY_TITLE: `Company ${i}`, UF_CRM_PARTNER: "partner-anna2345" });
      expect(lead?.COMMENTS ?? null).toBeNull();
    }
    await w.stop();
  });

  it("writes each deal's company to the mapped UF field, keeping the comment in COMMENTS", async () => {
    await k.close();
    k = await startDeliveryKit({ seed: mappingSeed });
    const partner = await k.givenPartner();
    const ids = await k.givenClients(partner.id, 6, (i) => ({ company: `Company ${i}` }));
    const w = k.worker(deliverySettings({ entityType: "deal", companyField: "UF_CRM_COMPANY" }));
    expect(await w.tick()).toBe(6);
    expect(k.batchCalls()).toBe(3);
    for (const [i, id] of ids.entries()) {
      const deal = k.emu.control.listDeals().find((d) => d.ORIGIN_ID === originIdOf(id));
      expect(deal).toMatchObject({ UF_CRM_COMPANY: `Company ${i}`, COMMENTS: `comment ${i}` });
    }
    await w.stop();
  });
});

describe("per-command errors", () => {
  it("fail only their own jobs: a required deal field refused for one partner's deals, the other partner's leads delivered", async () => {
    await k.emu.control.reset();
    k.emu.control.seed(deliverySeed({ userFields: [{ entity: "deal", code: "UF_CRM_BUDGET", type: "string", mandatory: true, label: "Budget" }] }));
    const leads = await k.givenPartner();
    const deals = await k.givenPartner({ b24EntityType: "deal" });
    const leadIds = await k.givenClients(leads.id, 4);
    const dealIds = await k.givenClients(deals.id, 3, (i) => ({ phone: `+7913000000${i}`, email: null }));
    const w = k.worker();
    expect(await w.tick()).toBe(7);
    expect(k.emu.control.listLeads()).toHaveLength(4);
    for (const id of leadIds) expect((await k.clientRow(id)).deliveryState).toBe("sent");
    for (const id of dealIds) {
      expect((await k.clientRow(id)).deliveryState).toBe("failed");
      expect((await k.jobOf(id))?.lastError).toContain('crm.deal.add failed (no HTTP status): Field "Budget" is required.');
      const timeline = await k.t.db.select().from(clientEvents).where(eq(clientEvents.clientId, id));
      expect(timeline.map((e) => e.kind)).toContain("delivery_failed");
    }
    expect(await k.t.db.$count(deliveryJobs, eq(deliveryJobs.state, "dead"))).toBe(3);
    await w.stop();
  });
});

describe("per-partner routing", () => {
  const global = deliverySettings({ entityType: "lead", categoryId: 0, stageId: "PREPARATION", leadStatusId: "IN_PROCESS" });

  it("overrides entity, funnel and stage field by field; a global stage never follows a partner into another funnel", () => {
    expect(routeFor(global, { entityType: null, categoryId: null, stageId: null })).toEqual({
      entityType: "lead",
      categoryId: 0,
      stageId: "PREPARATION",
      leadStatusId: "IN_PROCESS",
    });
    expect(routeFor(global, { entityType: "deal", categoryId: 1, stageId: "C1:EXECUTING" })).toMatchObject({
      entityType: "deal",
      categoryId: 1,
      stageId: "C1:EXECUTING",
    });
    expect(routeFor(global, { entityType: "deal", categoryId: 1, stageId: null })).toMatchObject({ categoryId: 1, stageId: null });
    expect(routeFor(global, { entityType: "deal", categoryId: 0, stageId: null })).toMatchObject({ categoryId: 0, stageId: "PREPARATION" });
    expect(routeFor({ ...global, entityType: "deal" }, { entityType: "lead", categoryId: 1, stageId: "C1:EXECUTING" })).toMatchObject({
      entityType: "lead",
      leadStatusId: "IN_PROCESS",
    });
  });

  it.each([
    ["one by one", 1],
    ["in a batch", 6],
  ])("sends each partner's clients where the partner is routed (%s)", async (_label, perPartner) => {
    const plain = await k.givenPartner();
    const funnel = await k.givenPartner({ b24EntityType: "deal", b24CategoryId: 1, b24StageId: "C1:EXECUTING" });
    const funnelOnly = await k.givenPartner({ b24EntityType: "deal", b24CategoryId: 1 });
    const [a = 0] = await k.givenClients(plain.id, perPartner, (i) => ({ phone: `+7914000000${i}` }));
    const [b = 0] = await k.givenClients(funnel.id, perPartner, (i) => ({ phone: `+7915000000${i}` }));
    const [c = 0] = await k.givenClients(funnelOnly.id, perPartner, (i) => ({ phone: `+7916000000${i}` }));
    const w = k.worker(global, { policy: { batchFrom: 5 } });
    while ((await w.tick()) > 0);
    expect(k.batchCalls()).toBe(perPartner === 1 ? 0 : 3);
    const lead = k.emu.control.listLeads().find((l) => l.ORIGIN_ID === originIdOf(a));
    expect(lead).toMatchObject({ STATUS_ID: "IN_PROCESS" });
    const deal = (id: number) => k.emu.control.listDeals().find((d) => d.ORIGIN_ID === originIdOf(id));
    expect(deal(b)).toMatchObject({ CATEGORY_ID: "1", STAGE_ID: "C1:EXECUTING" });
    expect(deal(c)).toMatchObject({ CATEGORY_ID: "1", STAGE_ID: "C1:NEW" });
    expect((await k.clientRow(b)).b24Entity).toBe("deal");
    await w.stop();
  });
});
