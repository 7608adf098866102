import { eq, isNotNull } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Client, clientEvents, clients, users } from "../../../db/schema.js";
import type { Bitrix24 } from "../../../integrations/bitrix24/client.js";
import { EVENTS, type SyncKit, startSyncKit } from "../../../testing/crm-sync.js";
import { givenAdmin, givenPartner } from "../../../testing/fixtures.js";
import { createClient } from "../../clients/clients.js";
import { originIdOf } from "../delivery/input.js";
import { loadCrmSettings, saveCrmSettings } from "../settings/crm-settings.js";
import { enqueueSync, processSyncQueue, reconcile, type SyncSettings, syncDeal, syncLead } from "../sync/sync.js";
import { attributionOf, importDeal } from "./import.js";

const FIELD = "UF_CRM_PARTNER_CODE";
const attribution = { trackingField: FIELD, trackingTemplate: "partner-{code}" };

let k: SyncKit;
let on: SyncSettings;
beforeEach(async () => {
  k = await startSyncKit();
  k.emu.control.seed({
    funnels: [{ id: 1, name: "Partners" }],
    userFields: [
      { entity: "deal", code: FIELD, type: "string" },
      { entity: "lead", code: FIELD, type: "string" },
    ],
  });
  on = { ...k.settings, attribution };
});
afterEach(async () => {
  await k.close();
});

const listen = () => k.emu.control.addEventHandler({ handlerUrl: k.handlerUrl, events: EVENTS });
async function deliver(s: SyncSettings) {
  await k.emu.control.waitForEvents();
  return processSyncQueue(k.t.db, k.b24, s, k.t.clock.now);
}
const reconcileWith = (s: SyncSettings) => reconcile(k.t.db, k.b24, s, null, k.t.clock.now);
const byDeal = (dealId: number) => k.t.db.select().from(clients).where(eq(clients.b24DealId, dealId));
const byLead = (leadId: number) => k.t.db.select().from(clients).where(eq(clients.b24LeadId, leadId));
const allClients = () => k.t.db.select().from(clients).orderBy(clients.id);
const kinds = async (clientId: number) =>
  (await k.t.db.select().from(clientEvents).where(eq(clientEvents.clientId, clientId)).orderBy(clientEvents.id)).map((e) => e.kind);
const tracked = (code: string, fields: Record<string, unknown> = {}) =>
  k.emu.control.createDeal({ TITLE: "Office repair", CATEGORY_ID: 1, STAGE_ID: "C1:NEW", [FIELD]: `partner-${code}`, ...fields });
function only(rows: Client[]): Client {
  expect(rows).toHaveLength(1);
  const [row] = rows;
  if (!row) throw new Error("no client");
  return row;
}

describe("the admin switch", () => {
  it("off (the default): a tracked deal is left alone; on: the next reconciliation imports it", async () => {
    const partner = await givenPartner(k.t.db);
    const admin = await givenAdmin(k.t.db);
    const current = await loadCrmSettings(k.t.db, k.t.config);
    expect(current.attributionImport).toBe(false);
    await saveCrmSettings(k.t.db, k.t.config, { ...current, trackingField: FIELD }, admin.id, k.t.clock.now);
    const fromSettings = async () => ({ ...k.settings, attribution: attributionOf(await loadCrmSettings(k.t.db, k.t.config)) });
    listen();
    const dealId = tracked(partner.partnerCode, { STAGE_ID: "C1:WON", OPPORTUNITY: "100000.00" });
    k.t.clock.advance(1_000);
    expect(await deliver(await fromSettings())).toMatchObject({ claimed: 1, applied: 0 });
    expect(await reconcileWith(await fromSettings())).toMatchObject({ deals: 1, applied: 0 });
    expect(await allClients()).toEqual([]);

    await saveCrmSettings(k.t.db, k.t.config, { ...current, trackingField: FIELD, attributionImport: true }, admin.id, k.t.clock.now);
    expect(await reconcile(k.t.db, k.b24, await fromSettings(), k.t.clock.now - 60_000, k.t.clock.now)).toMatchObject({ applied: 1, errors: 0 });
    expect(only(await byDeal(dealId))).toMatchObject({ partnerId: partner.id, statusGroup: "won", commissionKopecks: 1_000_000 });
  });
});

describe("importing a tracked deal", () => {
  it("a deal made in the portal and later won becomes partner A's client with A's rate, once, whatever the events do", async () => {
    const a = await givenPartner(k.t.db, { rewardRateBp: 1_250 });
    await givenPartner(k.t.db); // someone else, to show the code picks the partner
    listen();
    const dealId = tracked(a.partnerCode);
    await deliver(on);
    const client = only(await byDeal(dealId));
    expect(client).toMatchObject({
      partnerId: a.id,
      source: "b24_sync",
      deliveryState: "sent",
      b24Entity: "deal",
      b24DealId: dealId,
      name: "Office repair",
      statusGroup: "new",
      b24StatusId: "C1:NEW",
      commissionKopecks: 0,
    });
    expect(await kinds(client.id)).toEqual(["imported", "status"]);

    k.step();
    k.emu.control.configureEvents({ duplicate: 3, reorder: "shuffle" });
    k.emu.control.setDealAmount(dealId, "200000.00");
    k.step();
    k.emu.control.moveDeal(dealId, "C1:WON");
    await deliver(on);
    await deliver(on);
    for (let i = 0; i < 3; i++) {
      k.step();
      expect(await reconcileWith(on)).toMatchObject({ errors: 0 });
    }
    const won = only(await k.t.db.select().from(clients));
    expect(won).toMatchObject({ id: client.id, statusGroup: "won", amountKopecks: 20_000_000, commissionKopecks: 2_500_000, commissionRateBp: 1_250 });
    expect((await k.history(client.id)).map((h) => [h.reason, h.oldKopecks, h.newKopecks, h.rateBp, h.b24DealId])).toEqual([
      ["won", 0, 2_500_000, 1_250, dealId],
    ]);
    const notes = await k.notes(a.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.message).toContain("25\u00a0000,00\u00a0₽");
    expect((await kinds(client.id)).filter((x) => x === "imported")).toHaveLength(1);
    expect(await k.queue()).toEqual([]);
  });

  it("an event and a reconciliation racing over a new won deal book one client and one commission", async () => {
    const a = await givenPartner(k.t.db);
    const dealId = tracked(a.partnerCode, { STAGE_ID: "C1:WON", OPPORTUNITY: "50000.00" });
    k.step();
    await enqueueSync(k.t.db, "deal", dealId, "ONCRMDEALADD", k.t.clock.now);
    // All four have read the deal (none has a client for it yet) before any of them goes on.
    let arrived = 0;
    let release = () => {};
    const together = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gate = async <T>(value: T) => {
      if (++arrived === 4) release();
      await together;
      return value;
    };
    const racing: Bitrix24 = {
      ...k.b24,
      getDeal: async (id) => gate(await k.b24.getDeal(id)),
      listDealsChangedSince: async (since, options) => gate(await k.b24.listDealsChangedSince(since, options)),
    };
    await Promise.all([
      processSyncQueue(k.t.db, racing, on, k.t.clock.now),
      reconcile(k.t.db, racing, on, null, k.t.clock.now),
      syncDeal(k.t.db, racing, on, dealId, k.t.clock.now),
      syncDeal(k.t.db, racing, on, dealId, k.t.clock.now),
    ]);
    // A loser of the race retries (queue backoff) or waits for the next reconciliation.
    k.t.clock.advance(10 * 60_000);
    await processSyncQueue(k.t.db, k.b24, on, k.t.clock.now);
    await reconcileWith(on);
    const client = only(await allClients());
    expect(client).toMatchObject({ partnerId: a.id, statusGroup: "won", commissionKopecks: 500_000 });
    expect(await k.history(client.id)).toHaveLength(1);
    expect(await k.notes(a.id)).toHaveLength(1);
    expect((await kinds(client.id)).filter((x) => x === "imported")).toHaveLength(1);
  });

  it("the insert itself refuses a second client for the same deal", async () => {
    const a = await givenPartner(k.t.db);
    const deal = await k.b24.getDeal(tracked(a.partnerCode));
    if (!deal) throw new Error("deal");
    const [first, second] = await Promise.all([
      importDeal(k.t.db, k.b24, attribution, deal, k.t.clock.now),
      importDeal(k.t.db, k.b24, attribution, deal, k.t.clock.now),
    ]);
    const third = await importDeal(k.t.db, k.b24, attribution, deal, k.t.clock.now);
    expect(first?.id).toBeDefined();
    expect([second?.id, third?.id]).toEqual([first?.id, first?.id]);
    expect(await allClients()).toHaveLength(1);
    expect(await k.t.db.select().from(clientEvents).where(eq(clientEvents.kind, "imported"))).toHaveLength(1);
  });

  it("ignores a code no partner has, another case, and partners who are deactivated, pending or admins", async () => {
    const deactivated = await givenPartner(k.t.db, { isActive: false });
    const pending = await givenPartner(k.t.db, { approvalStatus: "pending", isActive: false });
    const admin = await givenPartner(k.t.db, { role: "admin" });
    const active = await givenPartner(k.t.db);
    const ignored = [
      tracked("zzzz9999"),
      tracked(deactivated.partnerCode),
      tracked(pending.partnerCode),
      tracked(admin.partnerCode),
      tracked(active.partnerCode.toUpperCase()),
      tracked(`${active.partnerCode}x`),
      k.emu.control.createDeal({ TITLE: "untracked", CATEGORY_ID: 1, STAGE_ID: "C1:WON" }),
    ];
    k.step();
    for (const id of ignored) expect(await syncDeal(k.t.db, k.b24, on, id, k.t.clock.now)).toBe("ignored");
    expect(await reconcileWith(on)).toMatchObject({ deals: ignored.length, applied: 0, errors: 0 });
    expect(await allClients()).toEqual([]);
    // Deactivated after the import: the client stays theirs, later deals are not imported.
    const before = tracked(active.partnerCode);
    await syncDeal(k.t.db, k.b24, on, before, k.t.clock.now);
    await k.t.db.update(users).set({ isActive: false }).where(eq(users.id, active.id));
    const after = tracked(active.partnerCode);
    expect(await syncDeal(k.t.db, k.b24, on, after, k.t.clock.now)).toBe("ignored");
    expect((await allClients()).map((c) => c.b24DealId)).toEqual([before]);
  });
});

describe("never importing what we created", () => {
  const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
  async function ourClient(partnerId: number) {
    const made = await createClient(
      k.t.db,
      partnerId,
      { source: "form", name: "Ours", phone: null, email: null, company: null, comment: null, linkId: null, landingId: null, utm: noUtm },
      k.t.clock.now,
    );
    if (!made.ok) throw new Error("client");
    return made.client;
  }

  it("a deal under our ORIGIN_ID goes to our client, or nowhere — never a second client", async () => {
    const a = await givenPartner(k.t.db);
    const ours = await ourClient(a.id);
    const ourFields = { ORIGINATOR_ID: "partner-cabinet", ORIGIN_ID: originIdOf(ours.id) };
    // The event for our own deal before the delivery stored its id: attached to our client.
    const dealId = tracked(a.partnerCode, ourFields);
    k.step();
    expect(await syncDeal(k.t.db, k.b24, on, dealId, k.t.clock.now)).toBe("applied");
    // A second deal under the same origin (our client holds the first): still not imported.
    const again = tracked(a.partnerCode, ourFields);
    const orphan = tracked(a.partnerCode, { ORIGIN_ID: "client-999999" });
    const foreignSystem = tracked(a.partnerCode, { ORIGINATOR_ID: "partner-cabinet", ORIGIN_ID: "x-1" });
    k.step();
    for (const id of [again, orphan, foreignSystem]) expect(await syncDeal(k.t.db, k.b24, on, id, k.t.clock.now)).toBe("ignored");
    const ourLead = k.emu.control.createLead({
      TITLE: "Ours",
      ORIGINATOR_ID: "partner-cabinet",
      ORIGIN_ID: "client-999999",
      [FIELD]: `partner-${a.partnerCode}`,
    });
    expect(await syncLead(k.t.db, k.b24, on, ourLead, k.t.clock.now)).toBe("ignored");
    for (let i = 0; i < 2; i++) await reconcileWith(on);
    const rows = await allClients();
    expect(rows.map((c) => [c.id, c.source, c.b24DealId])).toEqual([[ours.id, "form", dealId]]);
  });

  it("a deal converted from our lead is not imported while our client still waits for the lead's id", async () => {
    const a = await givenPartner(k.t.db);
    const ours = await ourClient(a.id);
    const leadId = k.emu.control.createLead({
      TITLE: "Ours",
      ORIGINATOR_ID: "partner-cabinet",
      ORIGIN_ID: originIdOf(ours.id),
      [FIELD]: `partner-${a.partnerCode}`,
    });
    const { dealId } = k.emu.control.convertLead(leadId, { categoryId: 1, stageId: "C1:WON" });
    expect((await k.b24.getDeal(dealId))?.userFields[FIELD]).toBe(`partner-${a.partnerCode}`);
    k.step();
    expect(await syncDeal(k.t.db, k.b24, on, dealId, k.t.clock.now)).toBe("ignored");
    expect((await allClients()).map((c) => c.id)).toEqual([ours.id]);
  });
});

describe("importing a tracked lead", () => {
  it("becomes the partner's client with the person's name and contacts, follows its deal, once", async () => {
    const a = await givenPartner(k.t.db);
    listen();
    k.emu.control.configureEvents({ duplicate: 2 });
    const leadId = k.emu.control.createLead({
      TITLE: "Website request",
      NAME: "Ivan",
      LAST_NAME: "Petrov",
      STATUS_ID: "NEW",
      PHONE: [{ VALUE: "+79120000001", VALUE_TYPE: "WORK" }],
      EMAIL: [{ VALUE: "ivan@example.ru", VALUE_TYPE: "WORK" }],
      [FIELD]: `partner-${a.partnerCode}`,
    });
    await deliver(on);
    k.step();
    await reconcileWith(on);
    const client = only(await byLead(leadId));
    expect(client).toMatchObject({
      partnerId: a.id,
      source: "b24_sync",
      deliveryState: "sent",
      b24Entity: "lead",
      b24DealId: null,
      name: "Ivan Petrov",
      phone: "+79120000001",
      email: "ivan@example.ru",
      statusGroup: "new",
    });
    k.step();
    const { dealId } = k.emu.control.convertLead(leadId, { categoryId: 1, stageId: "C1:NEW", eventOrder: "deal-first" });
    await deliver(on);
    k.step();
    k.emu.control.setDealAmount(dealId, "80000.00");
    k.emu.control.moveDeal(dealId, "C1:WON");
    await deliver(on);
    await reconcileWith(on);
    const row = only(await allClients());
    expect(row).toMatchObject({ id: client.id, b24DealId: dealId, statusGroup: "won", commissionKopecks: 800_000 });
    expect(await kinds(client.id)).toEqual(expect.arrayContaining(["imported", "b24_deal_attached"]));
    expect(await k.history(client.id)).toHaveLength(1);
  });

  it("a lead converted before we saw it: the deal and the lead land on one client in either order", async () => {
    const a = await givenPartner(k.t.db);
    for (const first of ["deal", "lead"] as const) {
      const leadId = k.emu.control.createLead({ TITLE: "T", NAME: "Anna", [FIELD]: `partner-${a.partnerCode}` });
      const { dealId } = k.emu.control.convertLead(leadId, { categoryId: 1, stageId: "C1:WON", opportunity: 1000 });
      k.step();
      const order = first === "deal" ? (["deal", "lead"] as const) : (["lead", "deal"] as const);
      for (const entity of order) {
        if (entity === "deal") await enqueueSync(k.t.db, "deal", dealId, "ONCRMDEALUPDATE", k.t.clock.now);
        else await enqueueSync(k.t.db, "lead", leadId, "ONCRMLEADUPDATE", k.t.clock.now);
      }
      await processSyncQueue(k.t.db, k.b24, on, k.t.clock.now);
      await processSyncQueue(k.t.db, k.b24, on, k.t.clock.now);
      const client = only(await byDeal(dealId));
      expect(client, first).toMatchObject({ b24LeadId: leadId, name: "Anna", statusGroup: "won", commissionKopecks: 10_000 });
      expect(await byLead(leadId)).toHaveLength(1);
    }
    expect(await k.t.db.select().from(clients).where(isNotNull(clients.b24DealId))).toHaveLength(2);
  });
});

describe("what the partner sees", () => {
  it("lists the imported client with its source and shows the import on its timeline; another partner gets 404", async () => {
    const a = await givenPartner(k.t.db);
    const other = await givenPartner(k.t.db);
    const dealId = tracked(a.partnerCode, { TITLE: "Imported Co" });
    k.step();
    await syncDeal(k.t.db, k.b24, on, dealId, k.t.clock.now);
    const client = only(await byDeal(dealId));
    const cookie = await k.t.cookieFor(a);
    const list = await (await k.t.request("/clients", { cookie })).text();
    expect(list).toContain("Imported Co");
    expect(list).toMatch(/<td class="cell-source" data-label="Источник">Из Bitrix24<\/td>/);
    const page = await k.t.request(`/clients/${client.id}`, { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Найден в Bitrix24 по вашей партнёрской метке");
    expect((await k.t.request(`/clients/${client.id}`, { cookie: await k.t.cookieFor(other) })).status).toBe(404);
  });
});
