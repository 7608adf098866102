import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, clients, commissionHistory } from "../../db/schema.js";
import { givenAdmin, givenPartner } from "../../testing/fixtures.js";
import { givenMoneyClient, givenPayoutRequest } from "../../testing/money.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { editAmount, editCommission } from "./manual.js";
import { markClientsPaid } from "./paid-marks.js";

let t: TestApp;
let adminId: number;
let partnerId: number;
beforeEach(async () => {
  t = await createTestApp();
  adminId = (await givenAdmin(t.db)).id;
  partnerId = (await givenPartner(t.db)).id;
});

const edit = (clientId: number, note: string) => ({ partnerId, clientId, adminId, note, now: t.clock.now });

describe("hand edits racing each other", () => {
  it("two admins editing the same commission at once: one wins, the other is told, one history row", async () => {
    const c = await givenMoneyClient(t.db, partnerId);
    const results = await Promise.all([
      editCommission(t.db, { ...edit(c.id, "первый"), commissionKopecks: 100 }),
      editCommission(t.db, { ...edit(c.id, "второй"), commissionKopecks: 200 }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "conflict")).toHaveLength(1);
    const rows = await t.db.select().from(commissionHistory).where(eq(commissionHistory.clientId, c.id));
    expect(rows).toHaveLength(1);
    const client = await t.db.select().from(clients).where(eq(clients.id, c.id)).get();
    expect(client?.commissionKopecks).toBe(rows[0]?.newKopecks);
    expect(await t.db.$count(auditLog)).toBe(1);
  });

  it("an amount edit and a commission edit at once never both apply on stale values", async () => {
    const c = await givenMoneyClient(t.db, partnerId);
    const results = await Promise.all([
      editAmount(t.db, { ...edit(c.id, "сумма"), amountKopecks: 20_000_000, defaultRateBp: 1_000 }),
      editCommission(t.db, { ...edit(c.id, "вознаграждение"), commissionKopecks: 1 }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await t.db.$count(commissionHistory)).toBe(1);
  });
});

describe("markClientsPaid", () => {
  it("refuses every client when one is claimed, and refuses another partner's client as not found", async () => {
    const free = await givenMoneyClient(t.db, partnerId);
    const claimed = await givenMoneyClient(t.db, partnerId);
    await givenPayoutRequest(t.db, partnerId, [claimed], "pending");
    const refused = await markClientsPaid(t.db, { partnerId, clientIds: [free.id, claimed.id], adminId, now: t.clock.now });
    expect(refused).toMatchObject({ ok: false, reason: "claimed", clients: [{ id: claimed.id }] });
    const other = await givenPartner(t.db);
    const foreign = await markClientsPaid(t.db, { partnerId: other.id, clientIds: [free.id], adminId, now: t.clock.now });
    expect(foreign).toEqual({ ok: false, reason: "not_found" });
    expect(await t.db.$count(clients, eq(clients.isPaid, true))).toBe(0);
  });
});
