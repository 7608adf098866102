import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientEvents, clients, deliveryJobs } from "../../../db/schema.js";
import { createBitrix24Client } from "../../../integrations/bitrix24/client.js";
import { type Bitrix24Emulator, startBitrix24Emulator } from "../../../integrations/bitrix24/emulator/index.js";
import { startDeliveryWorker } from "../../../jobs/delivery-worker.js";
import { givenPartner } from "../../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";
import { type ClientInput, createClient } from "../../clients/clients.js";
import { claimDueJobs, type DeliverySettings, deliverJobs, originIdOf, retryDelayMs } from "./delivery.js";

let t: TestApp;
let emu: Bitrix24Emulator;
beforeEach(async () => {
  t = await createTestApp();
  emu = await startBitrix24Emulator({
    rateLimit: false,
    seed: {
      userFields: [
        { entity: "lead", code: "UF_CRM_PARTNER", type: "string" },
        { entity: "deal", code: "UF_CRM_PARTNER", type: "string" },
        { entity: "lead", code: "UF_CRM_NOTE", type: "string" },
        { entity: "deal", code: "UF_CRM_NOTE", type: "string" },
        { entity: "deal", code: "UF_CRM_COMPANY", type: "string" },
        { entity: "contact", code: "UF_CRM_COMPANY", type: "string" },
      ],
    },
  });
});
afterEach(async () => {
  await emu.close();
});

const settings = (over: Partial<DeliverySettings> = {}): DeliverySettings => ({
  entityType: "lead",
  categoryId: 0,
  stageId: null,
  leadStatusId: null,
  assignedById: null,
  trackingField: "UF_CRM_PARTNER",
  trackingTemplate: "partner-{code}",
  title: (c, partner) => `${c.name} / ${partner}`,
  ...over,
});
const lead = (over: Partial<ClientInput> = {}): ClientInput => ({
  source: "form",
  name: "Мария",
  phone: "+79123456789",
  email: "maria@example.ru",
  company: "ООО Ромашка",
  comment: "Перезвоните после обеда",
  linkId: null,
  landingId: null,
  utm: { utmSource: "vk", utmMedium: "cpc", utmCampaign: "autumn", utmContent: null, utmTerm: "code1" },
  ...over,
});
function worker(over: Partial<DeliverySettings> = {}) {
  // No real waiting in tests: retries are driven by advancing the app clock.
  const b24 = createBitrix24Client({ webhookUrl: emu.webhookUrl, rate: false, maxRetries: 0, timeoutMs: 2_000, sleep: async () => {} });
  return startDeliveryWorker({
    db: t.db,
    resolve: async () => ({ b24, settings: settings(over) }),
    now: () => t.clock.now,
    onError: (e) => console.error(e),
    intervalMs: 3_600_000,
  });
}
async function givenClient(over: Partial<ClientInput> = {}) {
  const partner = await givenPartner(t.db, { name: "Анна", partnerCode: "anna2345" });
  const created = await createClient(t.db, partner.id, lead(over), t.clock.now);
  if (!created.ok) throw new Error("client not created");
  return created.client;
}
const jobOf = async (clientId: number) => t.db.select().from(deliveryJobs).where(eq(deliveryJobs.clientId, clientId)).get();

describe("the delivery worker, lead mode", () => {
  it("creates the lead with multi-field phone and email, UTMs, the tracking field and our ORIGIN_ID", async () => {
    const client = await givenClient();
    const w = worker();
    expect(await w.tick()).toBe(1);
    const [b24Lead] = emu.control.listLeads();
    expect(b24Lead).toMatchObject({
      TITLE: "Мария / Анна",
      NAME: "Мария",
      COMPANY_TITLE: "ООО Ромашка",
      COMMENTS: "Перезвоните после обеда",
      UTM_SOURCE: "vk",
      UTM_CAMPAIGN: "autumn",
      UF_CRM_PARTNER: "partner-anna2345",
      ORIGIN_ID: originIdOf(client.id),
    });
    expect(JSON.stringify(b24Lead?.PHONE)).toContain("+79123456789");
    expect(JSON.stringify(b24Lead?.EMAIL)).toContain("maria@example.ru");
    const stored = await t.db.select().from(clients).where(eq(clients.id, client.id)).get();
    expect(stored).toMatchObject({ deliveryState: "sent", b24Entity: "lead", b24LeadId: Number(b24Lead?.ID) });
    expect((await jobOf(client.id))?.state).toBe("done");
    expect((await t.db.select().from(clientEvents).where(eq(clientEvents.clientId, client.id))).map((e) => e.kind)).toContain("delivered");
    await w.stop();
  });

  it("keeps the lead queued while Bitrix24 is down, backs off, then delivers it exactly once", async () => {
    const client = await givenClient();
    await emu.control.setDown(true);
    const w = worker();
    await w.tick();
    const waiting = await jobOf(client.id);
    expect(waiting).toMatchObject({ state: "pending", attempts: 1 });
    expect(waiting?.lastError).not.toContain(emu.webhookUrl);
    expect((await t.db.select().from(clients).where(eq(clients.id, client.id)).get())?.deliveryState).toBe("pending");
    expect(await w.tick()).toBe(0); // not due yet: backoff
    await emu.control.setDown(false);
    t.clock.advance(10 * 60_000);
    expect(await w.tick()).toBe(1);
    expect(emu.control.listLeads()).toHaveLength(1);
    expect((await jobOf(client.id))?.state).toBe("done");
    await w.stop();
  });

  it("looks before creating again when the answer was lost after Bitrix24 committed", async () => {
    const client = await givenClient();
    emu.control.injectFault({ kind: "commit-then-reset", method: "crm.lead.add" });
    const w = worker();
    await w.tick();
    expect((await jobOf(client.id))?.state).toBe("pending");
    t.clock.advance(10 * 60_000);
    await w.tick();
    expect(emu.control.listLeads()).toHaveLength(1);
    const stored = await t.db.select().from(clients).where(eq(clients.id, client.id)).get();
    expect(stored?.b24LeadId).toBe(Number(emu.control.listLeads()[0]?.ID));
    await w.stop();
  });

  it("dead-letters a job Bitrix24 refuses (revoked webhook) and marks the client failed", async () => {
    const client = await givenClient();
    emu.control.configureWebhook({ revoked: true });
    const w = worker();
    await w.tick();
    expect((await jobOf(client.id))?.state).toBe("dead");
    expect((await t.db.select().from(clients).where(eq(clients.id, client.id)).get())?.deliveryState).toBe("failed");
    await w.stop();
  });

  it("never lets two workers take the same job", async () => {
    await givenClient();
    const a = worker();
    const b = worker();
    const [na, nb] = await Promise.all([a.tick(), b.tick()]);
    expect(na + nb).toBe(1);
    expect(emu.control.listLeads()).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
  });
});

describe("the delivery worker, deal mode", () => {
  it("finds or creates the contact by phone and links it to the deal in the chosen funnel", async () => {
    const client = await givenClient();
    const w = worker({ entityType: "deal", categoryId: 0 });
    await w.tick();
    const [deal] = emu.control.listDeals();
    const [contact] = emu.control.listContacts();
    expect(deal).toMatchObject({ TITLE: "Мария / Анна", ORIGIN_ID: originIdOf(client.id), UTM_SOURCE: "vk" });
    expect(String(deal?.CONTACT_ID ?? JSON.stringify(deal?.CONTACT_IDS))).toContain(String(contact?.ID));
    // A second client with the same phone reuses the contact.
    await createClient(t.db, client.partnerId, lead({ name: "Мария снова" }), t.clock.now);
    await w.tick();
    expect(emu.control.listContacts()).toHaveLength(1);
    expect(emu.control.listDeals()).toHaveLength(2);
    await w.stop();
  });
});

describe("the delivery worker, field mapping", () => {
  it("writes the comment to a UF field and the company to COMPANY_TITLE of a lead, the tracking value untouched", async () => {
    const client = await givenClient();
    const w = worker({ commentField: "UF_CRM_NOTE", companyField: "COMPANY_TITLE" });
    expect(await w.tick()).toBe(1);
    const [b24Lead] = emu.control.listLeads();
    expect(b24Lead).toMatchObject({
      TITLE: "Мария / Анна",
      UF_CRM_NOTE: "Перезвоните после обеда",
      COMPANY_TITLE: "ООО Ромашка",
      UF_CRM_PARTNER: "partner-anna2345",
      ORIGIN_ID: originIdOf(client.id),
    });
    expect(b24Lead?.COMMENTS ?? null).toBeNull();
    await w.stop();
  });

  it("sends a lead's company nowhere when told not to", async () => {
    await givenClient();
    const w = worker({ companyField: null });
    await w.tick();
    const [b24Lead] = emu.control.listLeads();
    expect(b24Lead?.COMPANY_TITLE ?? null).toBeNull();
    expect(b24Lead?.COMMENTS).toBe("Перезвоните после обеда");
    await w.stop();
  });

  it("puts a deal's company in its UF field (deals have no COMPANY_TITLE), not on the contact", async () => {
    await givenClient();
    const w = worker({ entityType: "deal", companyField: "UF_CRM_COMPANY" });
    await w.tick();
    const [deal] = emu.control.listDeals();
    expect(deal).toMatchObject({ UF_CRM_COMPANY: "ООО Ромашка", COMMENTS: "Перезвоните после обеда", UF_CRM_PARTNER: "partner-anna2345" });
    const [contact] = emu.control.listContacts();
    expect(contact?.UF_CRM_COMPANY ?? null).toBeNull();
    await w.stop();
  });

  it("by default leaves a deal's company out: COMPANY_TITLE is a lead-only field", async () => {
    await givenClient();
    const w = worker({ entityType: "deal" });
    await w.tick();
    const [deal] = emu.control.listDeals();
    expect(deal).toMatchObject({ COMMENTS: "Перезвоните после обеда" });
    expect(deal?.UF_CRM_COMPANY ?? null).toBeNull();
    expect(JSON.stringify(deal)).not.toContain("ООО Ромашка");
    await w.stop();
  });

  it("never lets a mapped field take the tracking value's place", async () => {
    await givenClient();
    const w = worker({ commentField: "UF_CRM_PARTNER", companyField: "uf_crm_partner" });
    await w.tick();
    expect(emu.control.listLeads()[0]?.UF_CRM_PARTNER).toBe("partner-anna2345");
    await w.stop();
  });
});

describe("retryDelayMs", () => {
  it("grows with attempts, with jitter, capped at five minutes", () => {
    expect(retryDelayMs(1, () => 0)).toBe(1_000);
    expect(retryDelayMs(3, () => 0.999)).toBeLessThanOrEqual(9_000);
    expect(retryDelayMs(30, () => 0.999)).toBeLessThanOrEqual(301_000);
  });
});

describe("stopping between jobs", () => {
  it("hands the jobs it never sent back at once, with their attempt taken back", async () => {
    const partner = await givenPartner(t.db, { name: "Борис", partnerCode: "boris234" });
    const ids: number[] = [];
    for (const phone of ["+79120000001", "+79120000002", "+79120000003"]) {
      const created = await createClient(t.db, partner.id, lead({ phone, email: null }), t.clock.now);
      if (!created.ok) throw new Error("client not created");
      ids.push(created.client.id);
    }
    const b24 = createBitrix24Client({ webhookUrl: emu.webhookUrl, rate: false, maxRetries: 0, timeoutMs: 2_000, sleep: async () => {} });
    const jobs = await claimDueJobs(t.db, t.clock.now, 10);
    expect(jobs).toHaveLength(3);
    let sent = 0;
    // Stop after the first job went out.
    const outcomes = await deliverJobs(
      t.db,
      b24,
      settings(),
      jobs,
      () => t.clock.now,
      undefined,
      () => sent++ > 0,
    );
    expect(outcomes).toHaveLength(1);
    expect(emu.control.listLeads()).toHaveLength(1);
    const states = await Promise.all(ids.map(jobOf));
    expect(states.map((j) => [j?.state, j?.attempts, j?.leaseUntil])).toEqual([
      ["done", 1, null],
      ["pending", 0, null],
      ["pending", 0, null],
    ]);
    // The next pass (another process, or the next start) takes them straight away and creates each once.
    const again = await claimDueJobs(t.db, t.clock.now, 10);
    await deliverJobs(t.db, b24, settings(), again, () => t.clock.now);
    expect(emu.control.listLeads()).toHaveLength(3);
  });
});
