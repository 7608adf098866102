import { describe, expect, it } from "vitest";
import { givenPartner } from "../../testing/fixtures.js";
import { createTestApp } from "../../testing/test-app.js";
import { setSetting } from "../settings/settings.js";
import { type CommissionBefore, commissionOf, decideCommission, effectiveRateBp, GLOBAL_REWARD_KEY, percentToBp } from "./commissions.js";

/** Exact reference: round half up of amount × bp / 10 000 on BigInt. */
function reference(amount: bigint, bp: bigint): bigint {
  const product = amount * bp;
  const q = product / 10_000n;
  const r = product % 10_000n;
  return r * 2n >= 10_000n ? q + 1n : q;
}

describe("commissionOf (integer rounding, half up)", () => {
  it("gives 10 % of 150 000,00 ₽ as 15 000,00 ₽", () => {
    expect(commissionOf(15_000_000, 1_000)).toBe(1_500_000);
  });

  it("rounds halves up and everything below down", () => {
    expect(commissionOf(5, 1_000)).toBe(1); // 0.5 → 1
    expect(commissionOf(4, 1_000)).toBe(0); // 0.4 → 0
    expect(commissionOf(15, 1_000)).toBe(2); // 1.5 → 2
    expect(commissionOf(1, 5_000)).toBe(1); // 0.5 → 1
    expect(commissionOf(333, 333)).toBe(11); // 11.0889 → 11
  });

  it("is zero for zero or negative amounts and rates, and refuses non-integers", () => {
    expect(commissionOf(0, 1_000)).toBe(0);
    expect(commissionOf(-100, 1_000)).toBe(0);
    expect(commissionOf(100, 0)).toBe(0);
    expect(() => commissionOf(1.5, 1_000)).toThrow(RangeError);
  });

  it("matches the exact reference over many amounts and rates, up to 10^11 kopecks (deterministic sweep)", () => {
    let seed = 0x2545f491;
    const next = () => {
      // xorshift32: a fixed pseudo-random sequence, so a failure is reproducible.
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed >>> 0;
    };
    const rates = [0, 1, 50, 99, 100, 333, 750, 1_000, 1_250, 2_500, 4_999, 5_000, 9_999, 10_000];
    for (let i = 0; i < 20_000; i++) {
      const amount = i < 2_000 ? i : (next() * 23 + (next() % 1_000)) % 100_000_000_001;
      const bp = i % 3 === 0 ? (rates[i % rates.length] ?? 0) : next() % 10_001;
      const got = commissionOf(amount, bp);
      expect(BigInt(got)).toBe(reference(BigInt(amount), BigInt(bp)));
      expect(got).toBeLessThanOrEqual(amount);
    }
    expect(commissionOf(100_000_000_000, 10_000)).toBe(100_000_000_000);
  });

  it("turns a percentage into basis points", () => {
    expect(percentToBp(10)).toBe(1_000);
    expect(percentToBp(7.5)).toBe(750);
    expect(percentToBp(150)).toBe(10_000);
  });
});

describe("decideCommission", () => {
  const prior = (over: Partial<CommissionBefore> = {}): CommissionBefore => ({
    won: false,
    amountKopecks: 15_000_000,
    commissionKopecks: 0,
    rateBp: null,
    isPaid: false,
    ...over,
  });

  it("accrues on entering won at the current rate", () => {
    expect(decideCommission(prior(), { won: true, amountKopecks: 15_000_000 }, 1_000)).toEqual({
      kind: "change",
      reason: "won",
      oldKopecks: 0,
      newKopecks: 1_500_000,
      rateBp: 1_000,
    });
  });

  it("recomputes an amount change while won at the rate fixed when it was won", () => {
    const d = decideCommission(prior({ won: true, commissionKopecks: 1_500_000, rateBp: 1_000 }), { won: true, amountKopecks: 20_000_000 }, 500);
    expect(d).toMatchObject({ kind: "change", reason: "amount_changed", newKopecks: 2_000_000, rateBp: 1_000 });
  });

  it("reverses on leaving won, says 'deleted' for a deleted deal, and does nothing twice", () => {
    const won = prior({ won: true, commissionKopecks: 1_500_000, rateBp: 1_000 });
    expect(decideCommission(won, { won: false, amountKopecks: 15_000_000 }, 1_000)).toMatchObject({ kind: "change", reason: "reversed", newKopecks: 0 });
    expect(decideCommission(won, { won: false, amountKopecks: null, deleted: true }, 1_000)).toMatchObject({ reason: "deleted", newKopecks: 0 });
    expect(decideCommission(prior(), { won: false, amountKopecks: 1 }, 1_000)).toEqual({ kind: "none" });
    expect(decideCommission(won, { won: true, amountKopecks: 15_000_000 }, 1_000)).toEqual({ kind: "none" });
  });

  it("only flags a paid client", () => {
    const paid = prior({ won: true, commissionKopecks: 1_500_000, rateBp: 1_000, isPaid: true });
    expect(decideCommission(paid, { won: false, amountKopecks: 15_000_000 }, 1_000)).toEqual({
      kind: "flag",
      reason: "reversed",
      oldKopecks: 1_500_000,
      wouldBeKopecks: 0,
      rateBp: 1_000,
    });
  });
});

describe("effective rate", () => {
  it("is the partner's own rate, else the admin's global rate, else the configured default", async () => {
    const t = await createTestApp();
    const own = await givenPartner(t.db, { rewardRateBp: 1_500 });
    const other = await givenPartner(t.db);
    expect(await effectiveRateBp(t.db, own.id, 1_000)).toBe(1_500);
    expect(await effectiveRateBp(t.db, other.id, 1_000)).toBe(1_000);
    await setSetting(t.db, GLOBAL_REWARD_KEY, "1200", t.clock.now);
    expect(await effectiveRateBp(t.db, other.id, 1_000)).toBe(1_200);
    await setSetting(t.db, GLOBAL_REWARD_KEY, "garbage", t.clock.now);
    expect(await effectiveRateBp(t.db, other.id, 1_000)).toBe(1_000);
  });
});
