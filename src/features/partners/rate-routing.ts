/**
 * A partner's own reward rate and Bitrix24 routing, both over the program-wide settings (PRODUCT.md
 * §5, §6): null means "as in the general settings". Each change is one batch with its audit row,
 * written only when the value really changed.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { users } from "../../db/schema.js";
import { auditInsertIfChanged } from "../audit/audit.js";

export type Routing = { entityType: "lead" | "deal" | null; categoryId: number | null; stageId: string | null };
export const noRouting: Routing = { entityType: null, categoryId: null, stageId: null };

const partnerRow = (partnerId: number) => and(eq(users.id, partnerId), eq(users.role, "partner"));

async function current(db: Db, partnerId: number) {
  return db
    .select({ rateBp: users.rewardRateBp, entityType: users.b24EntityType, categoryId: users.b24CategoryId, stageId: users.b24StageId })
    .from(users)
    .where(partnerRow(partnerId))
    .get();
}

export type SaveResult = { ok: true; changed: boolean } | { ok: false; reason: "not_found" };

/** The partner's own rate in basis points, or null to go back to the global rate. */
export async function setPartnerRate(db: Db, partnerId: number, rateBp: number | null, adminId: number, now: number): Promise<SaveResult> {
  const before = await current(db, partnerId);
  if (!before) return { ok: false, reason: "not_found" };
  const [update] = await db.batch([
    db
      .update(users)
      .set({ rewardRateBp: rateBp, updatedAt: now })
      .where(and(partnerRow(partnerId), sql`${users.rewardRateBp} is not ${rateBp}`)),
    auditInsertIfChanged(db, {
      actorId: adminId,
      action: "partner.rate",
      entity: "partner",
      entityId: partnerId,
      partnerId,
      before: { rateBp: before.rateBp },
      after: { rateBp },
      at: now,
    }),
  ]);
  return { ok: true, changed: update.rowsAffected > 0 };
}

export async function setPartnerRouting(db: Db, partnerId: number, next: Routing, adminId: number, now: number): Promise<SaveResult> {
  const before = await current(db, partnerId);
  if (!before) return { ok: false, reason: "not_found" };
  const [update] = await db.batch([
    db
      .update(users)
      .set({ b24EntityType: next.entityType, b24CategoryId: next.categoryId, b24StageId: next.stageId, updatedAt: now })
      .where(
        and(
          partnerRow(partnerId),
          sql`(${users.b24EntityType} is not ${next.entityType} or ${users.b24CategoryId} is not ${next.categoryId} or ${users.b24StageId} is not ${next.stageId})`,
        ),
      ),
    auditInsertIfChanged(db, {
      actorId: adminId,
      action: "partner.routing",
      entity: "partner",
      entityId: partnerId,
      partnerId,
      before: { entityType: before.entityType, categoryId: before.categoryId, stageId: before.stageId },
      after: next,
      at: now,
    }),
  ]);
  return { ok: true, changed: update.rowsAffected > 0 };
}

export type RoutingLists = { categories: Array<{ id: number }>; stages: Record<number, Array<{ statusId: string }>> };
export type RoutingProblem =
  | { field: "category_id"; reason: "unknown_category" | "lead_has_no_funnel" }
  | { field: "stage_id"; reason: "unknown_stage" | "stage_required" | "category_required" };

/**
 * A funnel and its stage go together (a stage of another funnel would be silently replaced by
 * Bitrix24), both from the portal's current lists; leads have no funnel.
 */
export function checkRouting(r: Routing, lists: RoutingLists): RoutingProblem | null {
  if (r.categoryId === null) return r.stageId === null ? null : { field: "stage_id", reason: "category_required" };
  if (r.entityType === "lead") return { field: "category_id", reason: "lead_has_no_funnel" };
  if (!lists.categories.some((c) => c.id === r.categoryId)) return { field: "category_id", reason: "unknown_category" };
  if (r.stageId === null) return { field: "stage_id", reason: "stage_required" };
  if (!(lists.stages[r.categoryId] ?? []).some((s) => s.statusId === r.stageId)) return { field: "stage_id", reason: "unknown_stage" };
  return null;
}
