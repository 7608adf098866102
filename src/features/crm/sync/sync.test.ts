import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientEvents, clients } from "../../../db/schema.js";
import type { Bitrix24 } from "../../../integrations/bitrix24/client.js";
import { EVENTS, eventBody, type SyncKit, startSyncKit } from "../../../testing/crm-sync.js";
import { enqueueSync, processSyncQueue, reconcile, syncDeal } from "./sync.js";

let k: SyncKit;
beforeEach(async () => {
  k = await startSyncKit();
});
afterEach(async () => {
  await k.close();
});

const events = async (clientId: number) =>
  (await k.t.db.select().from(clientEvents).where(eq(clientEvents.clientId, clientId)).orderBy(clientEvents.id)).map((e) => e.kind);
async function deliver() {
  await k.emu.control.waitForEvents();
  return k.sync();
}
const listen = () => k.emu.control.addEventHandler({ handlerUrl: k.handlerUrl, events: EVENTS });

describe("deal sync and commission", () => {
  it("a deal won in funnel 1 (C1:WON) at 150 000,00 ₽ accrues 10 %: one history row, one notification", async () => {
    listen();
    const { partner, clientId, dealId } = await k.givenDealClient();
    k.emu.control.moveDeal(dealId, "C1:WON");
    expect(await deliver()).toMatchObject({ claimed: 1, applied: 1 });
    const c = await k.clientRow(clientId);
    expect(c).toMatchObject({ statusGroup: "won", b24StatusId: "C1:WON", amountKopecks: 15_000_000, currencyId: "RUB" });
    expect(c.commissionKopecks).toBe(1_500_000);
    expect(c.commissionRateBp).toBe(1_000);
    expect(c.statusName).toBeTruthy();
    const h = await k.history(clientId);
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ oldKopecks: 0, newKopecks: 1_500_000, reason: "won", rateBp: 1_000, b24DealId: dealId });
    const n = await k.notes(partner.id);
    expect(n).toHaveLength(1);
    expect(n[0]?.message).toContain("15\u00a0000,00\u00a0₽");
    expect(n[0]?.message).toContain("150\u00a0000,00\u00a0₽");
    expect(await events(clientId)).toContain("status");
    expect(await k.queue()).toEqual([]);
  });

  it("recomputes on an amount change while won, and reverses to 0 when the deal is lost", async () => {
    listen();
    const { partner, clientId, dealId } = await k.givenDealClient({}, { rewardRateBp: 1_500 });
    k.emu.control.moveDeal(dealId, "C1:WON");
    await deliver();
    expect((await k.clientRow(clientId)).commissionKopecks).toBe(2_250_000);
    k.step();
    k.emu.control.setDealAmount(dealId, "200000.50");
    await deliver();
    expect((await k.clientRow(clientId)).commissionKopecks).toBe(3_000_008); // 20 000 050 × 15 % = 3 000 007.5 → up
    k.step();
    k.emu.control.moveDeal(dealId, "C1:LOSE");
    await deliver();
    const c = await k.clientRow(clientId);
    expect(c).toMatchObject({ statusGroup: "lost", commissionKopecks: 0, commissionFlagged: false });
    expect((await k.history(clientId)).map((h) => [h.reason, h.oldKopecks, h.newKopecks])).toEqual([
      ["won", 0, 2_250_000],
      ["amount_changed", 2_250_000, 3_000_008],
      ["reversed", 3_000_008, 0],
    ]);
    expect((await k.notes(partner.id)).map((n) => n.title)).toHaveLength(3);
  });

  it("never changes a paid client's money: it flags it for the admin", async () => {
    listen();
    const { partner, clientId, dealId } = await k.givenDealClient();
    k.emu.control.moveDeal(dealId, "C1:WON");
    await deliver();
    await k.t.db.update(clients).set({ isPaid: true, paidAt: k.t.clock.now }).where(eq(clients.id, clientId));
    k.step();
    k.emu.control.moveDeal(dealId, "C1:APOLOGY");
    await deliver();
    const c = await k.clientRow(clientId);
    expect(c).toMatchObject({ statusGroup: "lost", commissionKopecks: 1_500_000, commissionFlagged: true, isPaid: true });
    expect(await k.history(clientId)).toHaveLength(1);
    expect(await events(clientId)).toContain("commission_flagged");
    expect(await k.notes(partner.id)).toHaveLength(1);
  });

  it("a deleted deal records one timeline entry and reverses an unpaid commission", async () => {
    listen();
    const { clientId, dealId } = await k.givenDealClient({ STAGE_ID: "C1:WON" });
    await k.t.db.insert(clientEvents).values({ clientId, at: k.t.clock.now, kind: "x" });
    await syncDeal(k.t.db, k.b24, k.settings, dealId, k.t.clock.now);
    k.step();
    k.emu.control.configureEvents({ duplicate: 2 });
    k.emu.control.deleteDeal(dealId);
    await deliver();
    const c = await k.clientRow(clientId);
    expect(c).toMatchObject({ statusGroup: "lost", commissionKopecks: 0 });
    expect(c.b24DeletedAt).not.toBeNull();
    expect((await events(clientId)).filter((e) => e === "b24_deleted")).toHaveLength(1);
    expect((await k.history(clientId)).map((h) => h.reason)).toEqual(["won", "deleted"]);
  });

  it("ignores a forged stage in the event body: the state comes from crm.deal.get", async () => {
    const { clientId, dealId } = await k.givenDealClient();
    const body = eventBody("ONCRMDEALUPDATE", dealId, k.emu.applicationToken, {
      "data[FIELDS][STAGE_ID]": "C1:WON",
      "data[FIELDS][STAGE_SEMANTIC_ID]": "S",
      "data[FIELDS][OPPORTUNITY]": "99999999",
    });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(k.handlerUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
      expect(res.status).toBe(200);
    }
    expect(await k.queue()).toHaveLength(1);
    await k.sync();
    const c = await k.clientRow(clientId);
    expect(c).toMatchObject({ statusGroup: "new", b24StatusId: "C1:NEW", commissionKopecks: 0, amountKopecks: 15_000_000 });
    expect(await k.history(clientId)).toEqual([]);
  });

  it("ignores an older DATE_MODIFY than the one stored, and a deal that is not ours", async () => {
    const { clientId, dealId } = await k.givenDealClient();
    k.emu.control.moveDeal(dealId, "C1:WON");
    const won = await k.b24.getDeal(dealId);
    if (!won) throw new Error("deal");
    expect(await syncDeal(k.t.db, k.b24, k.settings, dealId, k.t.clock.now, won)).toBe("applied");
    const older = { ...won, stageId: "C1:NEW", stageSemantic: "P" as const, dateModify: new Date((won.dateModify?.getTime() ?? 0) - 1_000) };
    expect(await syncDeal(k.t.db, k.b24, k.settings, dealId, k.t.clock.now, older)).toBe("stale");
    expect(await syncDeal(k.t.db, k.b24, k.settings, dealId, k.t.clock.now, won)).toBe("unchanged");
    expect((await k.clientRow(clientId)).commissionKopecks).toBe(1_500_000);
    const foreign = k.emu.control.createDeal({ TITLE: "not ours", CATEGORY_ID: 1, STAGE_ID: "C1:WON" });
    expect(await syncDeal(k.t.db, k.b24, k.settings, foreign, k.t.clock.now)).toBe("ignored");
  });
});

describe("duplicates, reordering and lost events", () => {
  /** Final state of every client: what must not depend on delivery order. */
  const finalState = async (ids: number[]) =>
    Promise.all(
      ids.map(async (id) => {
        const c = await k.clientRow(id);
        return [c.statusGroup, c.b24StatusId, c.amountKopecks, c.commissionKopecks];
      }),
    );
  const script = async (deals: number[]) => {
    for (const [i, id] of deals.entries()) {
      k.emu.control.moveDeal(id, "C1:PREPARATION");
      k.step();
      k.emu.control.moveDeal(id, "C1:WON");
      k.step();
      k.emu.control.setDealAmount(id, `${100_000 + i * 1_111}.11`);
      k.step();
      if (i % 2 === 1) k.emu.control.moveDeal(id, "C1:LOSE");
      k.step();
    }
  };

  it("duplicated and shuffled events converge to the in-order state, with one history row per real change", async () => {
    listen();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await k.givenDealClient());
    await deliver();
    k.emu.control.configureEvents({ duplicate: 2, reorder: "shuffle" });
    await script(made.map((m) => m.dealId));
    await deliver();
    expect(k.emu.control.deliveries().filter((d) => d.copy > 0).length).toBeGreaterThan(0);
    expect(await k.queue()).toEqual([]);
    const got = await finalState(made.map((m) => m.clientId));
    expect(got).toEqual(
      made.map((_, i) => {
        const amount = (100_000 + i * 1_111) * 100 + 11;
        return i % 2 === 1 ? ["lost", "C1:LOSE", amount, 0] : ["won", "C1:WON", amount, Math.floor((amount * 1_000 + 5_000) / 10_000)];
      }),
    );
    // Synced once, after the last change: a lost deal was never seen won, so it never booked anything.
    for (const [i, m] of made.entries()) expect(await k.history(m.clientId)).toHaveLength(i % 2 === 1 ? 0 : 1);
  });

  it("syncing between shuffled, duplicated bursts ends in the same state, and the history adds up", async () => {
    listen();
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await k.givenDealClient());
    k.emu.control.configureEvents({ duplicate: 2, reorder: "reverse" });
    const ids = made.map((m) => m.dealId);
    const stages = ["C1:WON", "C1:PREPARATION", "C1:WON", "C1:LOSE", "C1:WON"];
    for (const [round, stage] of stages.entries()) {
      for (const [i, id] of ids.entries()) if ((i + round) % 2 === 0 || round === stages.length - 1) k.emu.control.moveDeal(id, stage);
      k.step();
      await deliver();
    }
    for (const m of made) {
      const c = await k.clientRow(m.clientId);
      expect([c.statusGroup, c.commissionKopecks]).toEqual(["won", 1_500_000]);
      const h = await k.history(m.clientId);
      expect(h.reduce((sum, r) => sum + r.newKopecks - r.oldKopecks, 0)).toBe(1_500_000);
    }
  });

  it("any order of the same deal snapshots ends in the newest one (every permutation of 4)", async () => {
    const { dealId: templateId } = await k.givenDealClient();
    const template = await k.b24.getDeal(templateId);
    if (!template) throw new Error("deal");
    const at = (s: number) => new Date(Date.UTC(2026, 10, 26, 10, 0, s));
    const snaps = [
      { ...template, stageId: "C1:PREPARATION", stageSemantic: "P" as const, dateModify: at(1) },
      { ...template, stageId: "C1:WON", stageSemantic: "S" as const, dateModify: at(2) },
      { ...template, stageId: "C1:WON", stageSemantic: "S" as const, opportunityKopecks: 9_999_999, dateModify: at(3) },
      { ...template, stageId: "C1:LOSE", stageSemantic: "F" as const, opportunityKopecks: 9_999_999, dateModify: at(4) },
    ];
    const permutations = (xs: number[]): number[][] =>
      xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
    for (const order of permutations([0, 1, 2, 3])) {
      const { clientId, dealId } = await k.givenDealClient();
      for (const i of [...order, ...order]) {
        const snap = snaps[i];
        if (snap) await syncDeal(k.t.db, k.b24, k.settings, dealId, k.t.clock.now, { ...snap, id: dealId });
      }
      const c = await k.clientRow(clientId);
      expect([c.statusGroup, c.b24StatusId, c.amountKopecks, c.commissionKopecks], order.join("")).toEqual(["lost", "C1:LOSE", 9_999_999, 0]);
      const h = await k.history(clientId);
      expect(h.reduce((sum, r) => sum + r.newKopecks - r.oldKopecks, 0)).toBe(0);
    }
  });

  it("reconciliation repairs dropped events (and a silent funnel move)", async () => {
    listen();
    const { clientId, dealId } = await k.givenDealClient();
    const other = await k.givenDealClient();
    await deliver();
    k.emu.control.configureEvents({ drop: true });
    k.emu.control.moveDeal(dealId, "C1:WON");
    k.emu.control.moveDealToFunnel(other.dealId, 0, "WON");
    await deliver();
    expect((await k.clientRow(clientId)).statusGroup).toBe("new");
    const run = await reconcile(k.t.db, k.b24, k.settings, null, k.t.clock.now);
    expect(run).toMatchObject({ errors: 0, applied: 2 });
    expect(await k.clientRow(clientId)).toMatchObject({ statusGroup: "won", commissionKopecks: 1_500_000 });
    expect(await k.clientRow(other.clientId)).toMatchObject({ statusGroup: "won", b24StatusId: "WON", commissionKopecks: 1_500_000 });
    // A second run changes nothing and books nothing twice.
    k.step();
    expect(await reconcile(k.t.db, k.b24, k.settings, null, k.t.clock.now)).toMatchObject({ applied: 0, errors: 0 });
    expect(await k.history(clientId)).toHaveLength(1);
  });
});

describe("the sync queue", () => {
  it("an event arriving while its entity is being synced leaves one more sync pending", async () => {
    const { dealId } = await k.givenDealClient();
    await enqueueSync(k.t.db, "deal", dealId, "ONCRMDEALUPDATE", k.t.clock.now);
    const racing: Bitrix24 = {
      ...k.b24,
      getDeal: async (id) => {
        await enqueueSync(k.t.db, "deal", id, "ONCRMDEALUPDATE", k.t.clock.now);
        return k.b24.getDeal(id);
      },
    };
    expect(await processSyncQueue(k.t.db, racing, k.settings, k.t.clock.now)).toMatchObject({ claimed: 1 });
    expect(await k.queue()).toMatchObject([{ entityId: dealId, state: "pending", attempts: 0 }]);
    expect(await k.sync()).toMatchObject({ claimed: 1 });
    expect(await k.queue()).toEqual([]);
  });

  it("a Bitrix24 failure keeps the entry for a later retry with backoff", async () => {
    const { clientId, dealId } = await k.givenDealClient({ STAGE_ID: "C1:WON" });
    await enqueueSync(k.t.db, "deal", dealId, "ONCRMDEALUPDATE", k.t.clock.now);
    k.emu.control.injectFault({ kind: "server-error", method: "crm.deal.get" });
    expect(await k.sync()).toMatchObject({ claimed: 1, retried: 1 });
    const [entry] = await k.queue();
    expect(entry?.state).toBe("pending");
    expect(entry?.lastError).toBeTruthy();
    expect(entry?.nextAttemptAt).toBeGreaterThan(k.t.clock.now);
    expect(await k.sync()).toMatchObject({ claimed: 0 });
    k.t.clock.advance(10 * 60_000);
    expect(await k.sync()).toMatchObject({ claimed: 1, applied: 1 });
    expect((await k.clientRow(clientId)).commissionKopecks).toBe(1_500_000);
  });
});

describe("lead → deal conversion", () => {
  it("attaches the converted deal to our lead's client and follows it to won", async () => {
    listen();
    const { clientId, leadId } = await k.givenLeadClient();
    k.emu.control.setLeadStatus(leadId, "IN_PROCESS");
    await deliver();
    expect(await k.clientRow(clientId)).toMatchObject({ statusGroup: "in_progress", b24StatusId: "IN_PROCESS" });
    k.step();
    const { dealId } = k.emu.control.convertLead(leadId, { categoryId: 1, stageId: "C1:NEW", eventOrder: "deal-first" });
    await deliver();
    expect(await k.clientRow(clientId)).toMatchObject({ b24DealId: dealId, b24StatusId: "C1:NEW", statusGroup: "new" });
    expect(await events(clientId)).toContain("b24_deal_attached");
    k.step();
    k.emu.control.moveDeal(dealId, "C1:WON");
    await deliver();
    expect(await k.clientRow(clientId)).toMatchObject({ statusGroup: "won", commissionKopecks: 1_500_000 });
  });

  it("finds the deal from the converted lead alone when the deal's own event was lost", async () => {
    const { clientId, leadId } = await k.givenLeadClient();
    const { dealId } = k.emu.control.convertLead(leadId, { categoryId: 1, stageId: "C1:WON" });
    await enqueueSync(k.t.db, "lead", leadId, "ONCRMLEADUPDATE", k.t.clock.now);
    await k.sync();
    expect(await k.clientRow(clientId)).toMatchObject({ b24DealId: dealId, statusGroup: "won", commissionKopecks: 1_500_000 });
  });
});
