/**
 * Every list that counts or picks rows through a correlated subquery, with two partners (issue 10, finding 1):
 * a bare column inside such a subquery binds to the inner table, so the list shows everybody's rows.
 * Each partner's data is made different in kind and number, so a leak changes a figure.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { landingImages, links, notificationReads, payoutRequestClients } from "./db/schema.js";
import { markClientsPaid } from "./features/commissions/paid-marks.js";
import { addImages, createLanding, listLandings } from "./features/landings/landings.js";
import { listAllNotifications, notifyAllPartners } from "./features/notifications/notifications.js";
import { listPayoutRequests } from "./features/payouts/admin-queries.js";
import { balanceOf, eligibleClients } from "./features/payouts/balance.js";
import { listPartnerRequests } from "./features/payouts/requests.js";
import { givenAdmin, givenPartner } from "./testing/fixtures.js";
import { givenMoneyClient, givenPayoutRequest } from "./testing/money.js";
import { createTestApp, FIXED_NOW, type TestApp } from "./testing/test-app.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});

const landingInput = { title: "L", headerText: "H", description: "D", buttonText: "B", themeColor: "#123456" };
const image = (name: string) => ({ fileName: name, width: 10, height: 10, bytes: 100, mime: "image/webp" });

async function givenLink(partnerId: number, landingId: number, code: string) {
  await t.db.insert(links).values({
    partnerId,
    code,
    title: code,
    linkType: "landing",
    landingId,
    isActive: true,
    createdAt: FIXED_NOW,
    updatedAt: FIXED_NOW,
  });
}

describe("GET /landings: image and link counts, the cover image", () => {
  it("shows each partner only their own images and links", async () => {
    const a = await givenPartner(t.db);
    const b = await givenPartner(t.db);
    // B's landing comes first, so its rows have the lowest ids and would be the ones a leak picks.
    const lb = await createLanding(t.db, b.id, landingInput, FIXED_NOW);
    const la = await createLanding(t.db, a.id, landingInput, FIXED_NOW);
    await addImages(t.db, lb.id, [image("b1.webp"), image("b2.webp"), image("b3.webp")], FIXED_NOW);
    await addImages(t.db, la.id, [image("a1.webp")], FIXED_NOW);
    await givenLink(b.id, lb.id, "bbbbbbbbb1");
    await givenLink(b.id, lb.id, "bbbbbbbbb2");
    await givenLink(a.id, la.id, "aaaaaaaaa1");

    const [mine] = await listLandings(t.db, a.id);
    expect(mine).toMatchObject({ id: la.id, imageCount: 1, firstImage: "a1.webp", linkCount: 1 });
    const [theirs] = await listLandings(t.db, b.id);
    expect(theirs).toMatchObject({ id: lb.id, imageCount: 3, firstImage: "b1.webp", linkCount: 2 });
    expect(await t.db.select().from(landingImages).where(eq(landingImages.landingId, la.id))).toHaveLength(1);

    const page = await (await t.request("/landings", { cookie: await t.cookieFor(a) })).text();
    expect(page).toContain("a1.webp");
    expect(page).not.toContain("b1.webp");
  });
});

describe("payouts: balance, eligible clients and request client counts", () => {
  it("a claimed client is neither payable nor eligible, and each request counts its own clients", async () => {
    const a = await givenPartner(t.db);
    const b = await givenPartner(t.db);
    const bClients = [await givenMoneyClient(t.db, b.id), await givenMoneyClient(t.db, b.id), await givenMoneyClient(t.db, b.id)];
    await givenPayoutRequest(t.db, b.id, bClients, "pending");
    const aClaimed = await givenMoneyClient(t.db, a.id, { commissionKopecks: 200_000 });
    const aFree = await givenMoneyClient(t.db, a.id, { commissionKopecks: 50_000 });
    await givenPayoutRequest(t.db, a.id, [aClaimed], "pending");

    const balance = await balanceOf(t.db, a.id, FIXED_NOW, 0);
    expect(balance.payableKopecks).toBe(50_000);
    expect(balance.requestedKopecks).toBe(200_000);
    expect((await eligibleClients(t.db, a.id, FIXED_NOW, 0)).map((c) => c.id)).toEqual([aFree.id]);

    const mine = await listPartnerRequests(t.db, a.id, 1);
    expect(mine.rows.map((r) => r.clientCount)).toEqual([1]);
    const theirs = await listPartnerRequests(t.db, b.id, 1);
    expect(theirs.rows.map((r) => r.clientCount)).toEqual([3]);

    const desk = await listPayoutRequests(t.db, { status: "all", partnerId: null, minKopecks: null, maxKopecks: null, from: null, to: null }, 1);
    const counts = Object.fromEntries(desk.rows.map((r) => [r.partnerId, r.clientCount]));
    expect(counts).toEqual({ [a.id]: 1, [b.id]: 3 });
    expect(await t.db.select().from(payoutRequestClients)).toHaveLength(4);
  });

  it("marking a client paid by hand sees only that client's own claim", async () => {
    const a = await givenPartner(t.db);
    const b = await givenPartner(t.db);
    const bClient = await givenMoneyClient(t.db, b.id);
    await givenPayoutRequest(t.db, b.id, [bClient], "pending");
    const aClaimed = await givenMoneyClient(t.db, a.id);
    const aFree = await givenMoneyClient(t.db, a.id);
    await givenPayoutRequest(t.db, a.id, [aClaimed], "pending");
    const admin = await givenAdmin(t.db);

    const free = await markClientsPaid(t.db, { partnerId: a.id, clientIds: [aFree.id], adminId: admin.id, now: FIXED_NOW });
    expect(free).toEqual({ ok: true, changed: 1 });
    const claimed = await markClientsPaid(t.db, { partnerId: a.id, clientIds: [aClaimed.id], adminId: admin.id, now: FIXED_NOW });
    expect(claimed).toMatchObject({ ok: false, reason: "claimed" });
  });
});

describe("GET /admin/notifications: read counts", () => {
  it("counts each notification's own reads", async () => {
    const a = await givenPartner(t.db);
    const b = await givenPartner(t.db);
    await notifyAllPartners(t.db, { kind: "admin", title: "First", message: "m", createdBy: null }, FIXED_NOW - 1000);
    await notifyAllPartners(t.db, { kind: "admin", title: "Second", message: "m", createdBy: null }, FIXED_NOW);
    const all = await listAllNotifications(t.db, 10, 0);
    const first = all.rows.find((r) => r.title === "First");
    const second = all.rows.find((r) => r.title === "Second");
    if (!first || !second) throw new Error("notifications missing");
    await t.db.insert(notificationReads).values([
      { notificationId: first.id, userId: a.id, readAt: FIXED_NOW },
      { notificationId: first.id, userId: b.id, readAt: FIXED_NOW },
    ]);
    const counted = Object.fromEntries((await listAllNotifications(t.db, 10, 0)).rows.map((r) => [r.title, r.reads]));
    expect(counted).toEqual({ First: 2, Second: 0 });
  });
});
