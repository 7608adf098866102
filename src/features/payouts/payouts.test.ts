import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { auditLog, clients, notifications, payoutRequestClients, payoutRequests } from "../../db/schema.js";
import { t as texts } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { givenCardMethod, givenWonClient } from "../../testing/payout-fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { balanceOf, eligibleClients, selectedTotal } from "./balance.js";
import { savePayoutSettings } from "./payout-settings.js";
import { createPayoutRequest } from "./requests.js";
import { approvePayout, markPayoutPaid, rejectPayout } from "./transitions.js";

const DAY = 86_400_000;
let t: TestApp;
let partnerId: number;
let methodId: number;
let adminId: number;
let keySeq = 0;
const key = () => `requestkey${String(++keySeq).padStart(8, "0")}`;
const notices = texts.payouts.notices;

beforeEach(async () => {
  t = await createTestApp();
  partnerId = (await givenPartner(t.db)).id;
  methodId = (await givenCardMethod(t.db, partnerId)).id;
  adminId = (await givenAdmin(t.db)).id;
});

const request = (clientIds: number[], overrides: Partial<Parameters<typeof createPayoutRequest>[2]> = {}, db: Db = t.db) =>
  createPayoutRequest(db, partnerId, { clientIds, methodId, comment: null, requestKey: key(), ...overrides }, t.clock.now);

async function requested(...commissions: number[]) {
  const rows = await Promise.all(commissions.map((commissionKopecks) => givenWonClient(t.db, partnerId, { commissionKopecks })));
  const result = await request(rows.map((r) => r.id));
  if (!result.ok) throw new Error(result.reason);
  return { request: result.request, clients: rows };
}

describe("balanceOf", () => {
  it("splits the partner's commissions into payable, on hold, requested and paid", async () => {
    await savePayoutSettings(t.db, { holdDays: 14, minKopecks: 0 }, adminId, t.clock.now);
    await givenWonClient(t.db, partnerId, { commissionKopecks: 10_000, wonAt: t.clock.now - 20 * DAY });
    await givenWonClient(t.db, partnerId, { commissionKopecks: 20_000, wonAt: null });
    await givenWonClient(t.db, partnerId, { commissionKopecks: 30_000, wonAt: t.clock.now - 3 * DAY });
    await givenWonClient(t.db, partnerId, { commissionKopecks: 40_000, isPaid: true, paidAt: t.clock.now - DAY });
    // Not money the partner can ask for: lost, nothing accrued, flagged for the admin, another partner's.
    await givenWonClient(t.db, partnerId, { commissionKopecks: 0 });
    await givenWonClient(t.db, partnerId, { statusGroup: "lost", commissionKopecks: 0, wonAt: null });
    await givenWonClient(t.db, partnerId, { commissionKopecks: 70_000, commissionFlagged: true, wonAt: t.clock.now - 30 * DAY });
    await givenWonClient(t.db, (await givenPartner(t.db)).id, { commissionKopecks: 80_000, wonAt: t.clock.now - 30 * DAY });
    const claimed = await givenWonClient(t.db, partnerId, { commissionKopecks: 50_000, wonAt: t.clock.now - 30 * DAY });
    expect((await request([claimed.id])).ok).toBe(true);

    expect(await balanceOf(t.db, partnerId, t.clock.now, 14)).toEqual({
      payableKopecks: 30_000,
      onHoldKopecks: 30_000,
      requestedKopecks: 50_000,
      paidKopecks: 40_000,
    });
    // With no hold everything unclaimed is payable at once.
    expect((await balanceOf(t.db, partnerId, t.clock.now, 0)).payableKopecks).toBe(60_000);
  });

  it("lists as eligible only what a request may claim, and totals a selection the same way", async () => {
    const ok = await givenWonClient(t.db, partnerId, { commissionKopecks: 12_345 });
    const paid = await givenWonClient(t.db, partnerId, { isPaid: true });
    const held = await givenWonClient(t.db, partnerId, { wonAt: t.clock.now - DAY / 2 });
    const foreign = await givenWonClient(t.db, (await givenPartner(t.db)).id);
    expect((await eligibleClients(t.db, partnerId, t.clock.now, 1)).map((c) => c.id)).toEqual([ok.id]);
    expect(await selectedTotal(t.db, partnerId, [ok.id, paid.id, held.id, foreign.id], t.clock.now, 1)).toBe(12_345);
  });
});

describe("createPayoutRequest", () => {
  it("sums the commissions on the server, claims the clients and keeps the requisites", async () => {
    const a = await givenWonClient(t.db, partnerId, { commissionKopecks: 150_050 });
    const b = await givenWonClient(t.db, partnerId, { commissionKopecks: 49_950 });
    const result = await request([a.id, b.id, a.id], { comment: "please" });
    expect(result).toMatchObject({ ok: true, repeated: false, request: { totalKopecks: 200_000, status: "pending", partnerId, comment: "please" } });
    if (!result.ok) return;
    expect(JSON.parse(result.request.methodSnapshot)).toEqual({ kind: "card", details: { recipient: "Ivanov Ivan", cardNumber: "4111111111111111" } });
    const claims = await t.db.select().from(payoutRequestClients).where(eq(payoutRequestClients.requestId, result.request.id));
    expect(claims.map((c) => [c.clientId, c.commissionKopecks, c.active]).sort()).toEqual(
      [
        [a.id, 150_050, 1],
        [b.id, 49_950, 1],
      ].sort(),
    );
  });

  it("lets exactly one of 20 concurrent requests claim the same clients", async () => {
    const rows = await Promise.all([10_001, 20_002, 30_003].map((commissionKopecks) => givenWonClient(t.db, partnerId, { commissionKopecks })));
    const results = await Promise.all(Array.from({ length: 20 }, () => request(rows.map((r) => r.id))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(Array(19).fill("already_requested"));
    const stored = await t.db.select().from(payoutRequests);
    expect(stored).toHaveLength(1);
    const claims = await t.db.select().from(payoutRequestClients);
    expect(claims).toHaveLength(3);
    expect(stored[0]?.totalKopecks).toBe(claims.reduce((sum, c) => sum + c.commissionKopecks, 0));
    expect(stored[0]?.totalKopecks).toBe(60_006);
  });

  it("turns 20 concurrent submits of one form into one request", async () => {
    const c = await givenWonClient(t.db, partnerId);
    const requestKey = key();
    const results = await Promise.all(Array.from({ length: 20 }, () => request([c.id], { requestKey })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => r.ok && r.request.id)).size).toBe(1);
    expect(results.filter((r) => r.ok && !r.repeated)).toHaveLength(1);
    expect(await t.db.select().from(payoutRequests)).toHaveLength(1);
  });

  it("relies on the database: a claim made between the checks and the batch aborts the whole batch", async () => {
    const c = await givenWonClient(t.db, partnerId);
    const other = await givenWonClient(t.db, partnerId);
    // Another request sneaks in a claim on `c` right before our batch runs.
    const racing = Object.create(t.db) as Db;
    racing.batch = (async (statements: Parameters<Db["batch"]>[0]) => {
      const first = await request([c.id]);
      expect(first.ok).toBe(true);
      return t.db.batch(statements);
    }) as unknown as Db["batch"];
    const result = await request([c.id, other.id], {}, racing);
    expect(result).toEqual({ ok: false, reason: "already_requested" });
    expect(await t.db.select().from(payoutRequests)).toHaveLength(1);
    expect((await t.db.select().from(payoutRequestClients)).map((r) => r.clientId)).toEqual([c.id]);
  });

  it("refuses when a commission changed between the checks and the batch, and stores nothing", async () => {
    const c = await givenWonClient(t.db, partnerId, { commissionKopecks: 10_000 });
    const racing = Object.create(t.db) as Db;
    racing.batch = (async (statements: Parameters<Db["batch"]>[0]) => {
      await t.db.update(clients).set({ commissionKopecks: 9_000 }).where(eq(clients.id, c.id));
      return t.db.batch(statements);
    }) as unknown as Db["batch"];
    const before = await snapshot(t.client);
    expect(await request([c.id], {}, racing)).toEqual({ ok: false, reason: "clients_changed" });
    const after = JSON.parse(await snapshot(t.client));
    expect(after.payout_requests).toEqual([]);
    expect(after.payout_request_clients).toEqual([]);
    expect(JSON.parse(before).payout_requests).toEqual([]);
  });

  it("has the database refuse a second active claim on a client", async () => {
    const { request: first, clients: claimed } = await requested(10_000);
    const [second] = await t.db
      .insert(payoutRequests)
      .values({ partnerId, totalKopecks: 10_000, methodSnapshot: "{}", requestKey: key(), createdAt: 0, updatedAt: 0 })
      .returning();
    const clientId = claimed[0]?.id ?? 0;
    await expect(t.db.insert(payoutRequestClients).values({ requestId: second?.id ?? 0, clientId, commissionKopecks: 10_000, active: 1 })).rejects.toThrow();
    expect(first.status).toBe("pending");
  });

  it.each([
    ["no clients", async () => [] as number[], "empty_selection"],
    ["another partner's client", async () => [(await givenWonClient(t.db, (await givenPartner(t.db)).id)).id], "client_not_found"],
    ["a missing client", async () => [999_999], "client_not_found"],
    ["a lost deal", async () => [(await givenWonClient(t.db, partnerId, { statusGroup: "lost", commissionKopecks: 0 })).id], "client_ineligible"],
    ["a paid client", async () => [(await givenWonClient(t.db, partnerId, { isPaid: true, paidAt: 1 })).id], "client_ineligible"],
    ["a flagged client", async () => [(await givenWonClient(t.db, partnerId, { commissionFlagged: true })).id], "client_ineligible"],
    ["a zero commission", async () => [(await givenWonClient(t.db, partnerId, { commissionKopecks: 0 })).id], "client_ineligible"],
  ])("refuses %s and stores nothing", async (_label, ids, reason) => {
    const clientIds = await ids();
    const before = await snapshot(t.client);
    expect(await request(clientIds)).toMatchObject({ ok: false, reason });
    expect(await snapshot(t.client)).toBe(before);
  });

  it("refuses a client claimed by a live request, a client on hold, a total below the minimum and a foreign method", async () => {
    const { clients: claimed } = await requested(10_000);
    expect(await request([claimed[0]?.id ?? 0])).toMatchObject({ ok: false, reason: "already_requested" });
    await savePayoutSettings(t.db, { holdDays: 7, minKopecks: 100_000 }, adminId, t.clock.now);
    const fresh = await givenWonClient(t.db, partnerId, { wonAt: t.clock.now - 2 * DAY });
    expect(await request([fresh.id])).toMatchObject({ ok: false, reason: "client_on_hold" });
    const small = await givenWonClient(t.db, partnerId, { commissionKopecks: 99_999, wonAt: t.clock.now - 8 * DAY });
    expect(await request([small.id])).toEqual({ ok: false, reason: "below_minimum", totalKopecks: 99_999, minKopecks: 100_000 });
    const foreignMethod = await givenCardMethod(t.db, (await givenPartner(t.db)).id);
    expect(await request([small.id], { methodId: foreignMethod.id })).toMatchObject({ ok: false, reason: "method_missing" });
    expect(await t.db.select().from(payoutRequests)).toHaveLength(1);
  });
});

describe("decisions on a request", () => {
  it("approves: records who and when, tells the partner the amount, audits", async () => {
    const { request: r } = await requested(123_456);
    const result = await approvePayout(t.db, r.id, adminId, null, notices, t.clock.now);
    expect(result).toMatchObject({ ok: true, request: { status: "approved", decidedById: adminId, decidedAt: t.clock.now } });
    const [note] = await t.db.select().from(notifications).where(eq(notifications.targetUserId, partnerId));
    expect(note?.title).toBe("Запрос на выплату одобрен");
    expect(note?.message).toContain("1\u00a0234,56\u00a0₽");
    expect(await t.db.select().from(auditLog)).toMatchObject([{ action: "payout.approve", partnerId, actorId: adminId, entityId: r.id }]);
  });

  it("rejects with a comment and releases the clients for a new request", async () => {
    const { request: r, clients: claimed } = await requested(10_000, 20_000);
    expect(await rejectPayout(t.db, r.id, adminId, "  ", notices, t.clock.now)).toEqual({ ok: false, reason: "comment_required" });
    const result = await rejectPayout(t.db, r.id, adminId, "wrong card", notices, t.clock.now);
    expect(result).toMatchObject({ ok: true, request: { status: "rejected", adminComment: "wrong card" } });
    expect((await t.db.select().from(payoutRequestClients)).every((c) => c.active === null)).toBe(true);
    expect(await balanceOf(t.db, partnerId, t.clock.now, 0)).toMatchObject({ payableKopecks: 30_000, requestedKopecks: 0 });
    const [note] = await t.db.select().from(notifications).where(eq(notifications.targetUserId, partnerId));
    expect(note?.message).toContain("Комментарий: wrong card");
    expect((await request(claimed.map((c) => c.id))).ok).toBe(true);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "payout.reject"));
    expect(audit).toMatchObject([{ partnerId, entityId: r.id }]);
  });

  it("marks paid only after approval, and then marks the clients paid with the date", async () => {
    const { request: r, clients: claimed } = await requested(10_000, 20_000);
    const before = await snapshot(t.client);
    expect(await markPayoutPaid(t.db, r.id, adminId, null, notices, t.clock.now)).toEqual({ ok: false, reason: "already_processed" });
    expect(await snapshot(t.client)).toBe(before);
    await approvePayout(t.db, r.id, adminId, null, notices, t.clock.now);
    t.clock.advance(DAY);
    const paid = await markPayoutPaid(t.db, r.id, adminId, "sent", notices, t.clock.now);
    expect(paid).toMatchObject({ ok: true, request: { status: "paid", paidById: adminId, paidAt: t.clock.now, adminComment: "sent" } });
    const rows = await t.db.select().from(clients);
    expect(rows.filter((c) => claimed.some((x) => x.id === c.id)).map((c) => [c.isPaid, c.paidAt])).toEqual([
      [true, t.clock.now],
      [true, t.clock.now],
    ]);
    expect(await balanceOf(t.db, partnerId, t.clock.now, 0)).toEqual({ payableKopecks: 0, onHoldKopecks: 0, requestedKopecks: 0, paidKopecks: 30_000 });
    expect((await t.db.select().from(notifications)).map((n) => n.title)).toEqual(["Запрос на выплату одобрен", "Выплата выполнена"]);
  });

  it("refuses every decision on a processed request and changes nothing", async () => {
    const { request: r } = await requested(10_000);
    await approvePayout(t.db, r.id, adminId, null, notices, t.clock.now);
    await markPayoutPaid(t.db, r.id, adminId, null, notices, t.clock.now);
    const before = await snapshot(t.client);
    for (const decide of [approvePayout, markPayoutPaid]) {
      expect(await decide(t.db, r.id, adminId, null, notices, t.clock.now)).toEqual({ ok: false, reason: "already_processed" });
    }
    expect(await rejectPayout(t.db, r.id, adminId, "late", notices, t.clock.now)).toEqual({ ok: false, reason: "already_processed" });
    expect(await approvePayout(t.db, 999_999, adminId, null, notices, t.clock.now)).toEqual({ ok: false, reason: "not_found" });
    expect(await snapshot(t.client)).toBe(before);
  });

  it("can still reject an approved request (say, the bank returned the money), which releases its clients", async () => {
    const { request: r } = await requested(10_000);
    await approvePayout(t.db, r.id, adminId, null, notices, t.clock.now);
    expect(await rejectPayout(t.db, r.id, adminId, "bank returned it", notices, t.clock.now)).toMatchObject({ ok: true, request: { status: "rejected" } });
    expect(await balanceOf(t.db, partnerId, t.clock.now, 0)).toMatchObject({ payableKopecks: 10_000, requestedKopecks: 0 });
  });

  it("lets only one of two concurrent approvals through", async () => {
    const { request: r } = await requested(10_000);
    const results = await Promise.all([
      approvePayout(t.db, r.id, adminId, null, notices, t.clock.now),
      approvePayout(t.db, r.id, adminId, null, notices, t.clock.now),
    ]);
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    expect(await t.db.select().from(notifications)).toHaveLength(1);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "payout.approve"))).toHaveLength(1);
  });
});
