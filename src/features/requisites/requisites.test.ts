import { beforeEach, describe, expect, it } from "vitest";
import { givenPartner } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import {
  createPayoutMethod,
  deletePayoutMethod,
  getPayoutMethod,
  listPayoutMethods,
  MAX_METHODS_PER_PARTNER,
  type PayoutMethodData,
  setDefaultPayoutMethod,
  snapshotOf,
  updatePayoutMethod,
} from "./requisites.js";

const card: PayoutMethodData = { kind: "card", details: { recipient: "Иванов Иван Иванович", cardNumber: "4111111111111111" } };
const account: PayoutMethodData = {
  kind: "bank_account",
  details: {
    recipient: "ООО «Ромашка»",
    inn: "7707083893",
    bik: "044525225",
    account: "40702810303800012345",
    corrAccount: "30101810400000000225",
    bankName: "ПАО Сбербанк",
  },
};
const selfEmployed: PayoutMethodData = {
  kind: "self_employed",
  details: { recipient: "Петрова Мария Сергеевна", inn: "500100732259", cardNumber: "2200700123456781", npdConfirmed: true },
};

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});

async function create(partnerId: number, data: PayoutMethodData) {
  const result = await createPayoutMethod(t.db, partnerId, data, t.clock.now);
  if (!result.ok) throw new Error(result.reason);
  return result.method;
}

async function auditRows() {
  return (await t.client.execute("select action, entity, entity_id, actor_id, partner_id, before, after from audit_log order by id")).rows;
}

const defaults = async (partnerId: number) => (await listPayoutMethods(t.db, partnerId)).filter((m) => m.isDefault).map((m) => m.id);

describe("createPayoutMethod", () => {
  it("makes the first method the default, and only the first", async () => {
    const p = await givenPartner(t.db);
    const first = await create(p.id, card);
    const second = await create(p.id, account);
    expect(first.isDefault).toBe(true);
    expect(second.isDefault).toBe(false);
    expect(second).toMatchObject(account);
    expect((await listPayoutMethods(t.db, p.id)).map((m) => m.id)).toEqual([first.id, second.id]);
  });

  it("refuses more than the cap and stores nothing more", async () => {
    const p = await givenPartner(t.db);
    for (let i = 0; i < MAX_METHODS_PER_PARTNER; i++) await create(p.id, card);
    expect(await createPayoutMethod(t.db, p.id, card, t.clock.now)).toEqual({ ok: false, reason: "too_many" });
    expect(await listPayoutMethods(t.db, p.id)).toHaveLength(MAX_METHODS_PER_PARTNER);
    expect((await auditRows()).filter((r) => r.action === "requisites.create")).toHaveLength(MAX_METHODS_PER_PARTNER);
  });

  it("audits the creation with the new id, the partner as actor and the number masked", async () => {
    const p = await givenPartner(t.db);
    const method = await create(p.id, card);
    const [row] = await auditRows();
    expect(row).toMatchObject({ action: "requisites.create", entity: "payout_method", entity_id: method.id, actor_id: p.id, partner_id: p.id });
    expect(JSON.parse(String(row?.after))).toEqual({ kind: "card", details: { recipient: "Иванов Иван Иванович", cardNumber: "•••• 1111" } });
  });
});

describe("setDefaultPayoutMethod", () => {
  it("switches the default so that exactly one method is default", async () => {
    const p = await givenPartner(t.db);
    const first = await create(p.id, card);
    const second = await create(p.id, account);
    expect(await setDefaultPayoutMethod(t.db, p.id, second.id, t.clock.now)).toBe(true);
    expect(await defaults(p.id)).toEqual([second.id]);
    expect(await setDefaultPayoutMethod(t.db, p.id, first.id, t.clock.now)).toBe(true);
    expect(await defaults(p.id)).toEqual([first.id]);
    const switches = (await auditRows()).filter((r) => r.action === "requisites.default");
    expect(switches.map((r) => [r.entity_id, JSON.parse(String(r.before)), JSON.parse(String(r.after))])).toEqual([
      [second.id, { defaultId: first.id }, { defaultId: second.id }],
      [first.id, { defaultId: second.id }, { defaultId: first.id }],
    ]);
  });

  it("does nothing for another partner's method: theirs and ours keep their defaults", async () => {
    const p = await givenPartner(t.db);
    const other = await givenPartner(t.db);
    const mine = await create(p.id, card);
    const theirs = await create(other.id, account);
    await create(other.id, card);
    expect(await setDefaultPayoutMethod(t.db, p.id, theirs.id, t.clock.now)).toBe(false);
    expect(await defaults(p.id)).toEqual([mine.id]);
    expect(await defaults(other.id)).toEqual([theirs.id]);
  });

  it("the database itself refuses a second default", async () => {
    const p = await givenPartner(t.db);
    await create(p.id, card);
    const second = await create(p.id, account);
    await expect(t.client.execute({ sql: "update payout_methods set is_default = 1 where id = ?", args: [second.id] })).rejects.toThrow(/UNIQUE/);
  });
});

describe("deletePayoutMethod", () => {
  it("hands the default to the most recently added remaining method, then to none", async () => {
    const p = await givenPartner(t.db);
    const first = await create(p.id, card);
    const second = await create(p.id, account);
    const third = await create(p.id, selfEmployed);
    expect(await deletePayoutMethod(t.db, p.id, first.id, t.clock.now)).toBe(true);
    expect(await defaults(p.id)).toEqual([third.id]);
    expect(await deletePayoutMethod(t.db, p.id, second.id, t.clock.now)).toBe(true);
    expect(await defaults(p.id)).toEqual([third.id]);
    expect(await deletePayoutMethod(t.db, p.id, third.id, t.clock.now)).toBe(true);
    expect(await listPayoutMethods(t.db, p.id)).toEqual([]);
    const rows = (await auditRows()).filter((r) => r.action !== "requisites.create");
    expect(rows.map((r) => [r.action, r.entity_id])).toEqual([
      ["requisites.delete", first.id],
      ["requisites.default", third.id],
      ["requisites.delete", second.id],
      ["requisites.delete", third.id],
    ]);
  });

  it("refuses another partner's method", async () => {
    const p = await givenPartner(t.db);
    const other = await givenPartner(t.db);
    const theirs = await create(other.id, card);
    expect(await deletePayoutMethod(t.db, p.id, theirs.id, t.clock.now)).toBe(false);
    expect(await getPayoutMethod(t.db, other.id, theirs.id)).not.toBeNull();
  });
});

describe("updatePayoutMethod", () => {
  it("replaces kind and details, keeps the default flag, and refuses a foreign id", async () => {
    const p = await givenPartner(t.db);
    const other = await givenPartner(t.db);
    const method = await create(p.id, card);
    const updated = await updatePayoutMethod(t.db, p.id, method.id, account, t.clock.now + 1);
    expect(updated).toMatchObject({ ...account, isDefault: true, updatedAt: t.clock.now + 1 });
    expect(await updatePayoutMethod(t.db, other.id, method.id, card, t.clock.now)).toBeNull();
    expect(await getPayoutMethod(t.db, p.id, method.id)).toMatchObject(account);
    expect(await getPayoutMethod(t.db, other.id, method.id)).toBeNull();
  });
});

describe("audit log", () => {
  it("never holds a full card or account number", async () => {
    const p = await givenPartner(t.db);
    const a = await create(p.id, card);
    const b = await create(p.id, selfEmployed);
    await updatePayoutMethod(t.db, p.id, a.id, account, t.clock.now);
    await setDefaultPayoutMethod(t.db, p.id, b.id, t.clock.now);
    await deletePayoutMethod(t.db, p.id, b.id, t.clock.now);
    await deletePayoutMethod(t.db, p.id, a.id, t.clock.now);
    const text = JSON.stringify(await auditRows());
    // create ×2, update, default, delete of the default (+ the automatic new default), delete.
    expect((await auditRows()).length).toBe(7);
    for (const number of ["4111111111111111", "2200700123456781", "40702810303800012345"]) expect(text).not.toContain(number);
    expect(text).toContain("•••• 2345");
    expect(text).toContain("•••• 6781");
  });
});

describe("snapshotOf", () => {
  it("keeps the full details for the payout request, detached from later edits", async () => {
    const p = await givenPartner(t.db);
    const method = await create(p.id, account);
    const snapshot = snapshotOf(method);
    expect(snapshot).toEqual(account);
    await updatePayoutMethod(t.db, p.id, method.id, card, t.clock.now);
    expect(snapshot).toEqual(account);
  });
});
