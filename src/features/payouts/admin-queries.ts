/** The admin's payout desk: the filtered queue, the pending count for the sidebar, one request in full. */
import { and, count, desc, eq, gte, lt, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { type PayoutRequest, type PayoutStatus, payoutRequestClients, payoutRequests, users } from "../../db/schema.js";
import { outer } from "../../db/sql.js";
import { listRequestClients } from "./requests.js";

export const ADMIN_PAGE_SIZE = 25;

export type AdminPayoutFilters = {
  status: PayoutStatus | "all";
  partnerId: number | null;
  minKopecks: number | null;
  maxKopecks: number | null;
  /** Half-open range of created_at: from ≤ created_at < to. */
  from: number | null;
  to: number | null;
};

export type AdminPayoutRow = {
  id: number;
  partnerId: number;
  partnerName: string;
  status: PayoutStatus;
  totalKopecks: number;
  clientCount: number;
  createdAt: number;
  decidedAt: number | null;
  paidAt: number | null;
};

const countClaims = sql<number>`(select count(*) from ${payoutRequestClients} where ${payoutRequestClients.requestId} = ${outer(payoutRequests.id)})`;

function whereOf(f: AdminPayoutFilters): SQL | undefined {
  return and(
    f.status === "all" ? undefined : eq(payoutRequests.status, f.status),
    f.partnerId === null ? undefined : eq(payoutRequests.partnerId, f.partnerId),
    f.minKopecks === null ? undefined : gte(payoutRequests.totalKopecks, f.minKopecks),
    f.maxKopecks === null ? undefined : lte(payoutRequests.totalKopecks, f.maxKopecks),
    f.from === null ? undefined : gte(payoutRequests.createdAt, f.from),
    f.to === null ? undefined : lt(payoutRequests.createdAt, f.to),
  );
}

/** Oldest first while looking at pending ones (the queue's order of work), newest first otherwise. */
export async function listPayoutRequests(db: Db, filters: AdminPayoutFilters, page: number) {
  const where = whereOf(filters);
  const order = filters.status === "pending" ? [payoutRequests.createdAt, payoutRequests.id] : [desc(payoutRequests.createdAt), desc(payoutRequests.id)];
  const rows: AdminPayoutRow[] = await db
    .select({
      id: payoutRequests.id,
      partnerId: payoutRequests.partnerId,
      partnerName: users.name,
      status: payoutRequests.status,
      totalKopecks: payoutRequests.totalKopecks,
      clientCount: countClaims,
      createdAt: payoutRequests.createdAt,
      decidedAt: payoutRequests.decidedAt,
      paidAt: payoutRequests.paidAt,
    })
    .from(payoutRequests)
    .innerJoin(users, eq(users.id, payoutRequests.partnerId))
    .where(where)
    .orderBy(...order)
    .limit(ADMIN_PAGE_SIZE)
    .offset((page - 1) * ADMIN_PAGE_SIZE);
  const total = (await db.select({ n: count() }).from(payoutRequests).where(where).get())?.n ?? 0;
  return { rows, total };
}

export async function countPendingPayouts(db: Db): Promise<number> {
  return (await db.select({ n: count() }).from(payoutRequests).where(eq(payoutRequests.status, "pending")).get())?.n ?? 0;
}

/** Partners who have ever asked for a payout, for the filter's picker. */
export async function listRequestingPartners(db: Db) {
  return db
    .selectDistinct({ id: users.id, name: users.name })
    .from(payoutRequests)
    .innerJoin(users, eq(users.id, payoutRequests.partnerId))
    .orderBy(users.name, users.id);
}

export type AdminPayoutDetails = {
  request: PayoutRequest;
  partner: { id: number; name: string; email: string; company: string | null; phone: string | null; partnerCode: string };
  decidedByName: string | null;
  paidByName: string | null;
  clients: Awaited<ReturnType<typeof listRequestClients>>;
};

const nameOf = async (db: Db, id: number | null) =>
  id === null ? null : ((await db.select({ name: users.name }).from(users).where(eq(users.id, id)).get())?.name ?? null);

export async function getPayoutRequestForAdmin(db: Db, id: number): Promise<AdminPayoutDetails | null> {
  const request = await db.select().from(payoutRequests).where(eq(payoutRequests.id, id)).get();
  if (!request) return null;
  const partner = await db
    .select({ id: users.id, name: users.name, email: users.email, company: users.company, phone: users.phone, partnerCode: users.partnerCode })
    .from(users)
    .where(eq(users.id, request.partnerId))
    .get();
  if (!partner) return null;
  const [decidedByName, paidByName, claimed] = await Promise.all([nameOf(db, request.decidedById), nameOf(db, request.paidById), listRequestClients(db, id)]);
  return { request, partner, decidedByName, paidByName, clients: claimed };
}

/**
 * The portal's address from the webhook URL (https://<host>/rest/<user>/<secret>/): only the origin is
 * kept, so the secret path never reaches a page. Deal links are <origin>/crm/deal/details/<id>/. Null when no webhook is set or it does not parse.
 */
export function portalBaseOf(webhookUrl: string | null): string | null {
  if (!webhookUrl) return null;
  try {
    const url = new URL(webhookUrl);
    // The origin drops the path (and any user:password@): nothing secret is left.
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : null;
  } catch {
    return null;
  }
}
