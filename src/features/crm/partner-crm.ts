/**
 * The partner's /crm page (PRODUCT.md §5): where their leads go, how delivery stands and what became
 * of the clients. Funnel and stage names come from the portal's cached lists; the page never waits
 * long for Bitrix24 and never shows anything of the connection itself (no URL, no token).
 */
import { and, count, eq, sql, sum } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { clients, type deliveryStates, type statusGroups, users } from "../../db/schema.js";
import type { CrmLists, CrmSettings } from "./settings/crm-settings.js";

export type RoutingOverride = { entityType: "lead" | "deal" | null; categoryId: number | null; stageId: string | null };

export type Routing = {
  entityType: "lead" | "deal";
  /** Deal funnel; null for leads. */
  categoryId: number | null;
  /** Deal stage or lead status; null = the portal's first one. */
  stageId: string | null;
  /** The admin set this partner's own routing. */
  own: boolean;
};

/**
 * The partner's override, field by field over the global settings, read as delivery reads it
 * (delivery/input.ts routeFor): the stage override is a deal stage, a lead keeps the global lead
 * status, and a global stage never leaks into another funnel.
 */
export function routingFor(crm: CrmSettings, o: RoutingOverride): Routing {
  const entityType = o.entityType ?? crm.entityType;
  const own = o.entityType !== null || o.categoryId !== null || o.stageId !== null;
  if (entityType === "lead") return { entityType, categoryId: null, stageId: crm.leadStatusId, own };
  const categoryId = o.categoryId ?? crm.categoryId;
  const stageId = o.stageId ?? (categoryId === crm.categoryId ? crm.stageId : null);
  return { entityType, categoryId, stageId, own };
}

export async function getRoutingOverride(db: Db, partnerId: number): Promise<RoutingOverride> {
  const row = await db
    .select({ entityType: users.b24EntityType, categoryId: users.b24CategoryId, stageId: users.b24StageId })
    .from(users)
    .where(eq(users.id, partnerId))
    .get();
  return row ?? { entityType: null, categoryId: null, stageId: null };
}

export type RoutingNames = { category: string | null; stage: string | null };

/** Names from the portal's lists; a stage left to the portal is its first (lowest sort) one. */
export function routingNames(r: Routing, lists: CrmLists): RoutingNames {
  const statuses = r.entityType === "lead" ? lists.leadStatuses : (lists.stages[r.categoryId ?? 0] ?? []);
  const stage = r.stageId === null ? [...statuses].sort((a, b) => a.sort - b.sort)[0] : statuses.find((s) => s.statusId === r.stageId);
  const category = r.categoryId === null ? undefined : lists.categories.find((c) => c.id === r.categoryId);
  return { category: category?.name ?? null, stage: stage?.name ?? null };
}

const LIST_DEADLINE_MS = 3_000;
/** After a failed read, partner pages leave the portal alone this long instead of piling on. */
const FAILURE_PAUSE_MS = 60_000;
const failedAt = new Map<string, number>();

/**
 * The lists if they come within a short deadline, else null. A slow read keeps going in the background
 * and fills the lists cache for the next visit; errors are swallowed here because the page shows codes instead.
 */
export async function listsWithin(load: () => Promise<CrmLists>, key: string, now: number, deadlineMs = LIST_DEADLINE_MS): Promise<CrmLists | null> {
  const failed = failedAt.get(key);
  if (failed !== undefined && now - failed < FAILURE_PAUSE_MS && now >= failed) return null;
  const reading = load().then(
    (lists) => {
      failedAt.delete(key);
      return lists;
    },
    () => {
      failedAt.set(key, now);
      return null;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), deadlineMs);
    timer.unref();
  });
  try {
    return await Promise.race([reading, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** For tests: forget remembered failures. */
export function clearListFailures(): void {
  failedAt.clear();
}

export type StatusGroup = (typeof statusGroups)[number];
export type DeliveryState = (typeof deliveryStates)[number];
export type WonTotal = { currencyId: string; count: number; amountKopecks: number; commissionKopecks: number };
export type PartnerCrmStats = {
  delivery: Record<DeliveryState, number>;
  /** Among the clients delivered to Bitrix24 (delivery state "sent"). */
  groups: Record<StatusGroup, number>;
  /** Won deals by currency (amounts in different currencies are never added up). */
  won: WonTotal[];
};

export async function partnerCrmStats(db: Db, partnerId: number): Promise<PartnerCrmStats> {
  // Bitrix24 leaves CURRENCY_ID empty on some deals: those are in the portal's base currency, roubles here.
  const currency = sql<string>`coalesce(${clients.currencyId}, 'RUB')`;
  const [byState, won] = await Promise.all([
    db
      .select({ delivery: clients.deliveryState, group: clients.statusGroup, n: count() })
      .from(clients)
      .where(eq(clients.partnerId, partnerId))
      .groupBy(clients.deliveryState, clients.statusGroup),
    db
      .select({
        currencyId: currency,
        count: count(),
        amountKopecks: sql<number>`coalesce(${sum(clients.amountKopecks)}, 0)`.mapWith(Number),
        commissionKopecks: sql<number>`coalesce(${sum(clients.commissionKopecks)}, 0)`.mapWith(Number),
      })
      .from(clients)
      .where(and(eq(clients.partnerId, partnerId), eq(clients.statusGroup, "won")))
      .groupBy(currency)
      .orderBy(currency),
  ]);
  const delivery: Record<DeliveryState, number> = { pending: 0, sent: 0, failed: 0 };
  const groups: Record<StatusGroup, number> = { new: 0, in_progress: 0, won: 0, lost: 0 };
  for (const row of byState) {
    delivery[row.delivery] += row.n;
    if (row.delivery === "sent") groups[row.group] += row.n;
  }
  return { delivery, groups, won };
}
