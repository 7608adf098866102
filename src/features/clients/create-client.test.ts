import { beforeEach, describe, expect, it } from "vitest";
import { clientEvents, clients, deliveryJobs } from "../../db/schema.js";
import { givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { type ClientInput, createClient } from "./clients.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
const input = (over: Partial<ClientInput> = {}): ClientInput => ({
  source: "form",
  name: "Мария",
  phone: "+79123456789",
  email: null,
  company: null,
  comment: null,
  linkId: null,
  landingId: null,
  utm: noUtm,
  ...over,
});

describe("createClient", () => {
  it("stores the client, its delivery job and the 'created' timeline entry together", async () => {
    const p = await givenPartner(t.db);
    await createClient(t.db, p.id, input({ name: "Первый" }), t.clock.now);
    const result = await createClient(t.db, p.id, input({ name: "Второй", phone: "+79000000000" }), t.clock.now);
    expect(result.ok && result.client).toMatchObject({ partnerId: p.id, name: "Второй", deliveryState: "pending", duplicateOfId: null });
    const id = result.ok ? result.client.id : 0;
    const jobs = await t.db.select().from(deliveryJobs);
    expect(jobs.map((j) => j.clientId)).toEqual([1, id]);
    expect(jobs[1]).toMatchObject({ state: "pending", attempts: 0, nextAttemptAt: t.clock.now });
    const events = await t.db.select().from(clientEvents);
    expect(events.map((e) => [e.clientId, e.kind])).toEqual([
      [1, "created"],
      [id, "created"],
    ]);
  });

  it("flags a client whose phone another partner already brought within the window, and keeps it", async () => {
    const a = await givenPartner(t.db);
    const b = await givenPartner(t.db);
    const first = await createClient(t.db, a.id, input(), t.clock.now);
    t.clock.advance(86_400_000);
    const second = await createClient(t.db, b.id, input({ name: "Мария снова" }), t.clock.now);
    expect(second.ok && second.client.duplicateOfId).toBe(first.ok ? first.client.id : -1);
    expect(second.ok && second.duplicateOf?.partnerId).toBe(a.id);
    const kinds = (await t.db.select().from(clientEvents)).map((e) => [e.clientId, e.kind]);
    expect(kinds).toContainEqual([2, "duplicate"]);
    expect(await t.db.$count(clients)).toBe(2);
  });

  it("does not flag outside the claim window", async () => {
    const p = await givenPartner(t.db);
    await createClient(t.db, p.id, input(), t.clock.now);
    t.clock.advance(31 * 86_400_000);
    const later = await createClient(t.db, p.id, input(), t.clock.now);
    expect(later.ok && later.client.duplicateOfId).toBeNull();
  });

  it("refuses a reused form token and stores nothing", async () => {
    const p = await givenPartner(t.db);
    expect((await createClient(t.db, p.id, input(), t.clock.now, "nonce-1")).ok).toBe(true);
    const before = await snapshot(t.client);
    expect(await createClient(t.db, p.id, input({ phone: "+79990000000" }), t.clock.now, "nonce-1")).toEqual({ ok: false, reason: "token_reused" });
    expect(await snapshot(t.client)).toBe(before);
    expect(await t.db.$count(deliveryJobs)).toBe(1);
  });
});
