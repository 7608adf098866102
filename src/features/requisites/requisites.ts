/**
 * Partner requisites (payout methods, PRODUCT.md §1): several per partner, exactly one default while
 * any exist. Every query is scoped by partner; every change is audited with card and account numbers
 * cut to their last four digits, so the audit log never holds a full number.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { auditLog, type PayoutMethod, type PayoutMethodKind, payoutMethods } from "../../db/schema.js";
import { maskNumber } from "../../lib/requisites.js";
import { auditInsertIfChanged } from "../audit/audit.js";

export type CardDetails = { recipient: string; cardNumber: string };
export type BankAccountDetails = {
  recipient: string;
  /** 10 digits for an organisation, 12 for a person or a sole trader. */
  inn: string;
  bik: string;
  account: string;
  corrAccount: string | null;
  bankName: string;
};
/**
 * A self-employed person (NPD tax regime) is paid to their own card: the simplest faithful shape. The INN is
 * what the company needs for the NPD receipt, and the card is where the money goes.
 */
export type SelfEmployedDetails = { recipient: string; inn: string; cardNumber: string; npdConfirmed: true };

export type PayoutMethodData =
  | { kind: "card"; details: CardDetails }
  | { kind: "bank_account"; details: BankAccountDetails }
  | { kind: "self_employed"; details: SelfEmployedDetails };

export type PayoutMethodRecord = PayoutMethodData & { id: number; partnerId: number; isDefault: boolean; createdAt: number; updatedAt: number };

/** A partner needs a few methods, not hundreds: the cap keeps the profile page and the table small. */
export const MAX_METHODS_PER_PARTNER = 10;

const ENTITY = "payout_method";

function toRecord(row: PayoutMethod): PayoutMethodRecord {
  const details = JSON.parse(row.details) as PayoutMethodData["details"];
  const data = { kind: row.kind, details } as PayoutMethodData;
  return { ...data, id: row.id, partnerId: row.partnerId, isDefault: row.isDefault, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** What a payout request keeps of the method: later edits or deletion do not change a request. */
export function snapshotOf(method: PayoutMethodData): { kind: PayoutMethodKind; details: PayoutMethodData["details"] } {
  return { kind: method.kind, details: { ...method.details } };
}

/** The method as the audit log may hold it: card and account numbers reduced to "•••• 1234". */
export function maskedForAudit(method: PayoutMethodData): { kind: PayoutMethodKind; details: Record<string, unknown> } {
  const details: Record<string, unknown> = { ...method.details };
  for (const key of ["cardNumber", "account"]) {
    if (typeof details[key] === "string") details[key] = maskNumber(details[key]);
  }
  return { kind: method.kind, details };
}

/** The partner's methods: the default first, then in the order they were added. */
export async function listPayoutMethods(db: Db, partnerId: number): Promise<PayoutMethodRecord[]> {
  const rows = await db
    .select()
    .from(payoutMethods)
    .where(eq(payoutMethods.partnerId, partnerId))
    .orderBy(desc(payoutMethods.isDefault), asc(payoutMethods.createdAt), asc(payoutMethods.id));
  return rows.map(toRecord);
}

/** The partner's own method, or null: another partner's id looks exactly like a missing one. */
export async function getPayoutMethod(db: Db, partnerId: number, id: number): Promise<PayoutMethodRecord | null> {
  const row = await db
    .select()
    .from(payoutMethods)
    .where(and(eq(payoutMethods.id, id), eq(payoutMethods.partnerId, partnerId)))
    .get();
  return row ? toRecord(row) : null;
}

export type CreateResult = { ok: true; method: PayoutMethodRecord } | { ok: false; reason: "too_many" };

/**
 * Adds a method; the partner's first one becomes the default. The cap, the default and the audit row
 * are decided inside one batch, so two simultaneous submits cannot both become default or exceed the cap.
 */
export async function createPayoutMethod(db: Db, partnerId: number, data: PayoutMethodData, now: number): Promise<CreateResult> {
  const insert = db.run(sql`insert into ${payoutMethods} (partner_id, kind, details, is_default, created_at, updated_at)
    select ${partnerId}, ${data.kind}, ${JSON.stringify(data.details)},
      not exists (select 1 from ${payoutMethods} where partner_id = ${partnerId} and is_default = 1), ${now}, ${now}
    where (select count(*) from ${payoutMethods} where partner_id = ${partnerId}) < ${MAX_METHODS_PER_PARTNER}`);
  // auditInsert takes a known id; the new row's id exists only inside the batch, hence last_insert_rowid().
  const audit = db.run(sql`insert into ${auditLog} (at, actor_id, action, entity, entity_id, partner_id, before, after)
    select ${now}, ${partnerId}, 'requisites.create', ${ENTITY}, last_insert_rowid(), ${partnerId}, null, ${JSON.stringify(maskedForAudit(data))}
    where changes() > 0`);
  const [inserted] = await db.batch([insert, audit]);
  if (inserted.rowsAffected === 0) return { ok: false, reason: "too_many" };
  const method = await getPayoutMethod(db, partnerId, Number(inserted.lastInsertRowid));
  if (!method) throw new Error("payout method insert returned no row");
  return { ok: true, method };
}

/** Replaces the method's kind and details (the default flag stays); null when it is not the partner's. */
export async function updatePayoutMethod(db: Db, partnerId: number, id: number, data: PayoutMethodData, now: number): Promise<PayoutMethodRecord | null> {
  const before = await getPayoutMethod(db, partnerId, id);
  if (!before) return null;
  const [updated] = await db.batch([
    db
      .update(payoutMethods)
      .set({ kind: data.kind, details: JSON.stringify(data.details), updatedAt: now })
      .where(and(eq(payoutMethods.id, id), eq(payoutMethods.partnerId, partnerId)))
      .returning(),
    auditInsertIfChanged(db, {
      actorId: partnerId,
      partnerId,
      action: "requisites.update",
      entity: ENTITY,
      entityId: id,
      before: maskedForAudit(before),
      after: maskedForAudit(data),
      at: now,
    }),
  ]);
  const row = updated[0];
  return row ? toRecord(row) : null;
}

/**
 * Deletes the method. When it was the default, the most recently added remaining method takes over,
 * chosen inside the same batch (so a concurrent delete cannot leave methods without a default).
 */
export async function deletePayoutMethod(db: Db, partnerId: number, id: number, now: number): Promise<boolean> {
  const before = await getPayoutMethod(db, partnerId, id);
  if (!before) return false;
  const [deleted] = await db.batch([
    db
      .delete(payoutMethods)
      .where(and(eq(payoutMethods.id, id), eq(payoutMethods.partnerId, partnerId)))
      .returning({ id: payoutMethods.id }),
    auditInsertIfChanged(db, {
      actorId: partnerId,
      partnerId,
      action: "requisites.delete",
      entity: ENTITY,
      entityId: id,
      before: { ...maskedForAudit(before), isDefault: before.isDefault },
      at: now,
    }),
    db.run(sql`update ${payoutMethods} set is_default = 1, updated_at = ${now}
      where id = (select id from ${payoutMethods} where partner_id = ${partnerId} order by created_at desc, id desc limit 1)
        and not exists (select 1 from ${payoutMethods} where partner_id = ${partnerId} and is_default = 1)`),
    db.run(sql`insert into ${auditLog} (at, actor_id, action, entity, entity_id, partner_id, before, after)
      select ${now}, ${partnerId}, 'requisites.default', ${ENTITY}, id, ${partnerId}, ${JSON.stringify({ defaultId: id })}, json_object('defaultId', id)
      from ${payoutMethods} where partner_id = ${partnerId} and is_default = 1 and changes() > 0`),
  ]);
  return deleted.length > 0;
}

/**
 * Makes the method the partner's default: clear the old default, then set the new one, in one batch;
 * the partial unique index refuses any state with two. Clearing only happens when the target is
 * the partner's, so a foreign id never leaves the partner without a default.
 */
export async function setDefaultPayoutMethod(db: Db, partnerId: number, id: number, now: number): Promise<boolean> {
  const target = await getPayoutMethod(db, partnerId, id);
  if (!target) return false;
  if (target.isDefault) return true;
  const previous = await db
    .select({ id: payoutMethods.id })
    .from(payoutMethods)
    .where(and(eq(payoutMethods.partnerId, partnerId), eq(payoutMethods.isDefault, true)))
    .get();
  const [, set] = await db.batch([
    db.run(sql`update ${payoutMethods} set is_default = 0, updated_at = ${now}
      where partner_id = ${partnerId} and is_default = 1
        and exists (select 1 from ${payoutMethods} where id = ${id} and partner_id = ${partnerId})`),
    db
      .update(payoutMethods)
      .set({ isDefault: true, updatedAt: now })
      .where(and(eq(payoutMethods.id, id), eq(payoutMethods.partnerId, partnerId)))
      .returning({ id: payoutMethods.id }),
    auditInsertIfChanged(db, {
      actorId: partnerId,
      partnerId,
      action: "requisites.default",
      entity: ENTITY,
      entityId: id,
      before: { defaultId: previous?.id ?? null },
      after: { defaultId: id },
      at: now,
    }),
  ]);
  return set.length > 0;
}
