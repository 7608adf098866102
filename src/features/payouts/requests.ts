/**
 * Payout requests from the partner's side: create one from chosen clients, list them, open one.
 *
 * Exclusivity is the database's job: the request and its claims are one batch, and the partial unique
 * index payout_request_clients_active_uq refuses a client that a live request already claims, which
 * aborts the whole batch. The checks before it only exist to give a precise reason.
 */
import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { clients, type PayoutRequest, payoutRequestClients, payoutRequests } from "../../db/schema.js";
import { outer } from "../../db/sql.js";
import { getPayoutMethod, snapshotOf } from "../requisites/requisites.js";
import { holdCutoff, MAX_CLIENTS_PER_REQUEST } from "./balance.js";
import { getPayoutSettings } from "./payout-settings.js";

export type CreateRequestInput = { clientIds: number[]; methodId: number | null; comment: string | null; requestKey: string };

export type CreateRefusal =
  | "empty_selection"
  | "too_many_clients"
  | "method_missing"
  | "client_not_found"
  | "client_ineligible"
  | "client_on_hold"
  | "already_requested"
  | "below_minimum"
  | "clients_changed";

export type CreateResult =
  | { ok: true; request: PayoutRequest; repeated: boolean }
  | { ok: false; reason: CreateRefusal; totalKopecks?: number; minKopecks?: number };

async function findByKey(db: Db, partnerId: number, requestKey: string) {
  return db
    .select()
    .from(payoutRequests)
    .where(and(eq(payoutRequests.partnerId, partnerId), eq(payoutRequests.requestKey, requestKey)))
    .get();
}

const errorText = (error: unknown) => String((error as { cause?: unknown }).cause ?? error);

/**
 * Creates a pending request for the partner's chosen clients, the total summed here from their current
 * commissions. The same request key again (a second click on one form) returns the first request.
 */
export async function createPayoutRequest(db: Db, partnerId: number, input: CreateRequestInput, now: number): Promise<CreateResult> {
  const existing = await findByKey(db, partnerId, input.requestKey);
  if (existing) return { ok: true, request: existing, repeated: true };
  const result = await tryCreate(db, partnerId, input, now);
  if (result.ok) return result;
  // A second click racing the first sees the first one's claims: it is still the same request.
  const first = await findByKey(db, partnerId, input.requestKey);
  return first ? { ok: true, request: first, repeated: true } : result;
}

async function tryCreate(db: Db, partnerId: number, input: CreateRequestInput, now: number): Promise<CreateResult> {
  const ids = [...new Set(input.clientIds)];
  if (ids.length === 0) return { ok: false, reason: "empty_selection" };
  if (ids.length > MAX_CLIENTS_PER_REQUEST) return { ok: false, reason: "too_many_clients" };
  const method = input.methodId === null ? null : await getPayoutMethod(db, partnerId, input.methodId);
  if (!method) return { ok: false, reason: "method_missing" };
  const { holdDays, minKopecks } = await getPayoutSettings(db);
  const cutoff = holdCutoff(now, holdDays);

  const rows = await db
    .select({
      id: clients.id,
      statusGroup: clients.statusGroup,
      commissionKopecks: clients.commissionKopecks,
      isPaid: clients.isPaid,
      flagged: clients.commissionFlagged,
      wonAt: clients.wonAt,
      claimed: sql<number>`exists (select 1 from ${payoutRequestClients} where ${payoutRequestClients.clientId} = ${outer(clients.id)} and ${payoutRequestClients.active} = 1)`,
    })
    .from(clients)
    .where(and(eq(clients.partnerId, partnerId), inArray(clients.id, ids)));
  // Another partner's client reads exactly like a missing one.
  if (rows.length !== ids.length) return { ok: false, reason: "client_not_found" };
  if (rows.some((r) => r.statusGroup !== "won" || r.commissionKopecks <= 0 || r.isPaid || r.flagged)) return { ok: false, reason: "client_ineligible" };
  if (rows.some((r) => r.claimed)) return { ok: false, reason: "already_requested" };
  if (rows.some((r) => (r.wonAt ?? 0) > cutoff)) return { ok: false, reason: "client_on_hold" };
  const total = rows.reduce((sum, r) => sum + r.commissionKopecks, 0);
  if (total < minKopecks) return { ok: false, reason: "below_minimum", totalKopecks: total, minKopecks };

  const snapshot = snapshotOf(method);
  const requestId = sql`(select ${payoutRequests.id} from ${payoutRequests} where ${payoutRequests.partnerId} = ${partnerId} and ${payoutRequests.requestKey} = ${input.requestKey})`;
  try {
    await db.batch([
      db.insert(payoutRequests).values({
        partnerId,
        status: "pending",
        totalKopecks: total,
        methodSnapshot: JSON.stringify(snapshot),
        comment: input.comment,
        requestKey: input.requestKey,
        createdAt: now,
        updatedAt: now,
      }),
      // Claims at the commissions as they are inside the batch; a client claimed meanwhile fails the unique index.
      db.run(sql`insert into ${payoutRequestClients} (request_id, client_id, commission_kopecks, active)
        select ${requestId}, ${clients.id}, ${clients.commissionKopecks}, 1 from ${clients}
        where ${clients.partnerId} = ${partnerId} and ${inArray(clients.id, ids)} and ${clients.statusGroup} = 'won'
          and ${clients.commissionKopecks} > 0 and ${clients.isPaid} = 0 and ${clients.commissionFlagged} = 0
          and coalesce(${clients.wonAt}, 0) <= ${cutoff}`),
      // If a client changed between the checks and the batch (paid, reversed, recomputed), the claims no longer
      // match the total: a zero total fails payout_requests_total_ck and takes the whole batch back.
      db.run(sql`update ${payoutRequests} set total_kopecks = case
          when (select count(*) from ${payoutRequestClients} where request_id = ${requestId}) = ${ids.length}
           and (select sum(commission_kopecks) from ${payoutRequestClients} where request_id = ${requestId}) = ${total}
          then ${total} else 0 end
        where ${outer(payoutRequests.id)} = ${requestId}`),
    ]);
  } catch (error) {
    const text = errorText(error);
    if (text.includes("payout_request_clients.client_id")) return { ok: false, reason: "already_requested" };
    if (text.includes("payout_requests_total_ck")) return { ok: false, reason: "clients_changed" };
    // The same key inserted meanwhile: the caller finds that request by its key.
    if (text.includes("payout_requests.request_key")) return { ok: false, reason: "already_requested" };
    throw error;
  }
  const created = await findByKey(db, partnerId, input.requestKey);
  if (!created) throw new Error("payout request vanished after insert");
  return { ok: true, request: created, repeated: false };
}

export const PARTNER_REQUESTS_PAGE_SIZE = 20;

export type PartnerRequestRow = Pick<PayoutRequest, "id" | "status" | "totalKopecks" | "comment" | "adminComment" | "createdAt" | "decidedAt" | "paidAt"> & {
  clientCount: number;
};

const rowColumns = {
  id: payoutRequests.id,
  status: payoutRequests.status,
  totalKopecks: payoutRequests.totalKopecks,
  comment: payoutRequests.comment,
  adminComment: payoutRequests.adminComment,
  createdAt: payoutRequests.createdAt,
  decidedAt: payoutRequests.decidedAt,
  paidAt: payoutRequests.paidAt,
  clientCount: sql<number>`(select count(*) from ${payoutRequestClients} where ${payoutRequestClients.requestId} = ${outer(payoutRequests.id)})`,
};

/** The partner's requests, newest first, one page. */
export async function listPartnerRequests(db: Db, partnerId: number, page: number) {
  const rows: PartnerRequestRow[] = await db
    .select(rowColumns)
    .from(payoutRequests)
    .where(eq(payoutRequests.partnerId, partnerId))
    .orderBy(desc(payoutRequests.createdAt), desc(payoutRequests.id))
    .limit(PARTNER_REQUESTS_PAGE_SIZE)
    .offset((page - 1) * PARTNER_REQUESTS_PAGE_SIZE);
  const total = (await db.select({ n: count() }).from(payoutRequests).where(eq(payoutRequests.partnerId, partnerId)).get())?.n ?? 0;
  return { rows, total };
}

export type RequestClient = {
  id: number;
  name: string;
  /** The commission claimed when the request was made. */
  claimedKopecks: number;
  /** The client's commission now (it may have been recomputed since). */
  commissionKopecks: number;
  amountKopecks: number | null;
  currencyId: string | null;
  statusGroup: "new" | "in_progress" | "won" | "lost";
  statusName: string | null;
  isPaid: boolean;
  paidAt: number | null;
  b24DealId: number | null;
  b24LeadId: number | null;
  /** false once the request released the client (rejected). */
  active: boolean;
};

export async function listRequestClients(db: Db, requestId: number): Promise<RequestClient[]> {
  const rows = await db
    .select({
      id: clients.id,
      name: clients.name,
      claimedKopecks: payoutRequestClients.commissionKopecks,
      commissionKopecks: clients.commissionKopecks,
      amountKopecks: clients.amountKopecks,
      currencyId: clients.currencyId,
      statusGroup: clients.statusGroup,
      statusName: clients.statusName,
      isPaid: clients.isPaid,
      paidAt: clients.paidAt,
      b24DealId: clients.b24DealId,
      b24LeadId: clients.b24LeadId,
      active: payoutRequestClients.active,
    })
    .from(payoutRequestClients)
    .innerJoin(clients, eq(clients.id, payoutRequestClients.clientId))
    .where(eq(payoutRequestClients.requestId, requestId))
    .orderBy(clients.name, clients.id);
  return rows.map((r) => ({ ...r, active: r.active === 1 }));
}

/** One of the partner's requests with its clients; another partner's id reads as missing. */
export async function getPartnerRequest(db: Db, partnerId: number, id: number) {
  const request = await db
    .select()
    .from(payoutRequests)
    .where(and(eq(payoutRequests.id, id), eq(payoutRequests.partnerId, partnerId)))
    .get();
  if (!request) return null;
  return { request, clients: await listRequestClients(db, request.id) };
}
