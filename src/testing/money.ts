/** Clients with money and payout claims, straight into the DB, for the admin money tools' tests. */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { clients, type PayoutStatus, payoutRequestClients, payoutRequests } from "../db/schema.js";
import { createClient } from "../features/clients/clients.js";
import { FIXED_NOW } from "./test-app.js";

let seq = 0;

/** A client of the partner; `money` overrides the won deal's 150 000,00 ₽ at 10 % (15 000,00 ₽). */
export async function givenMoneyClient(db: Db, partnerId: number, money: Partial<typeof clients.$inferInsert> = {}) {
  seq += 1;
  const created = await createClient(
    db,
    partnerId,
    {
      source: "manual",
      name: money.name ?? `Client ${seq}`,
      phone: `+7912${String(seq).padStart(7, "0")}`,
      email: null,
      company: null,
      comment: null,
      linkId: null,
      landingId: null,
      utm: { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
    },
    FIXED_NOW - 3_600_000,
  );
  if (!created.ok) throw new Error("client fixture failed");
  const [row] = await db
    .update(clients)
    .set({
      statusGroup: "won",
      statusName: "Won",
      b24DealId: 7_000 + seq,
      amountKopecks: 15_000_000,
      currencyId: "RUB",
      commissionKopecks: 1_500_000,
      commissionRateBp: 1_000,
      wonAt: FIXED_NOW - 3_600_000,
      ...money,
    })
    .where(eq(clients.id, created.client.id))
    .returning();
  if (!row) throw new Error("client fixture update failed");
  return row;
}

/** A payout request of the partner claiming the clients; rejected requests hold their clients no more. */
export async function givenPayoutRequest(db: Db, partnerId: number, clientRows: Array<{ id: number; commissionKopecks: number }>, status: PayoutStatus) {
  seq += 1;
  const total = clientRows.reduce((sum, c) => sum + c.commissionKopecks, 0);
  const [request] = await db
    .insert(payoutRequests)
    .values({
      partnerId,
      status,
      totalKopecks: Math.max(total, 1),
      methodSnapshot: JSON.stringify({ kind: "card", details: { cardNumber: "•••• 4242" } }),
      requestKey: `key-${seq}`,
      createdAt: FIXED_NOW - 60_000,
      updatedAt: FIXED_NOW - 60_000,
    })
    .returning();
  if (!request) throw new Error("payout request fixture failed");
  for (const c of clientRows) {
    await db
      .insert(payoutRequestClients)
      .values({ requestId: request.id, clientId: c.id, commissionKopecks: c.commissionKopecks, active: status === "rejected" ? null : 1 });
  }
  return request;
}
