/** Won clients and payout methods straight into the DB, for the payout tests (no Bitrix24 involved). */
import type { Db } from "../db/client.js";
import { clients, payoutMethods } from "../db/schema.js";
import { FIXED_NOW } from "./test-app.js";

let seq = 0;

export type WonClientOverrides = Partial<typeof clients.$inferInsert>;

/** A client whose deal is won with a commission; by default won a day before FIXED_NOW and unpaid. */
export async function givenWonClient(db: Db, partnerId: number, overrides: WonClientOverrides = {}) {
  seq += 1;
  const name = overrides.name ?? `Won client ${seq}`;
  const [row] = await db
    .insert(clients)
    .values({
      partnerId,
      source: "manual",
      name,
      searchName: name.toLowerCase(),
      phone: `+7900000${String(seq).padStart(4, "0")}`,
      deliveryState: "sent",
      statusGroup: "won",
      statusName: "Won",
      b24Entity: "deal",
      b24DealId: 1000 + seq,
      amountKopecks: 1_000_000,
      currencyId: "RUB",
      commissionKopecks: 100_000,
      commissionRateBp: 1000,
      wonAt: FIXED_NOW - 86_400_000,
      createdAt: FIXED_NOW - 10 * 86_400_000,
      updatedAt: FIXED_NOW - 86_400_000,
      ...overrides,
    })
    .returning();
  if (!row) throw new Error("client insert failed");
  return row;
}

/** A valid bank card (Luhn-correct test number). */
export async function givenCardMethod(db: Db, partnerId: number, overrides: { isDefault?: boolean; cardNumber?: string; recipient?: string } = {}) {
  const details = { recipient: overrides.recipient ?? "Ivanov Ivan", cardNumber: overrides.cardNumber ?? "4111111111111111" };
  const [row] = await db
    .insert(payoutMethods)
    .values({ partnerId, kind: "card", details: JSON.stringify(details), isDefault: overrides.isDefault ?? true, createdAt: FIXED_NOW, updatedAt: FIXED_NOW })
    .returning();
  if (!row) throw new Error("method insert failed");
  return row;
}

/** A bank account method with every field filled in. */
export async function givenBankAccountMethod(db: Db, partnerId: number, isDefault = false) {
  const details = {
    recipient: "OOO Romashka",
    inn: "7707083893",
    bik: "044525225",
    account: "40702810938000000001",
    corrAccount: "30101810400000000225",
    bankName: "Sberbank",
  };
  const [row] = await db
    .insert(payoutMethods)
    .values({ partnerId, kind: "bank_account", details: JSON.stringify(details), isDefault, createdAt: FIXED_NOW, updatedAt: FIXED_NOW })
    .returning();
  if (!row) throw new Error("method insert failed");
  return row;
}
