/**
 * Clients: a submitted form or a manual entry becomes a client and, in the same atomic batch, a
 * delivery job for Bitrix24 (the outbox), so nothing a visitor submits can be lost between the two.
 */
import { and, desc, eq, gte, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { type Client, clientEvents, clients, deliveryJobs, usedFormTokens } from "../../db/schema.js";
import { getSetting } from "../settings/settings.js";

export type ClientInput = {
  source: "form" | "manual";
  name: string;
  phone: string | null;
  email: string | null;
  company: string | null;
  comment: string | null;
  linkId: number | null;
  landingId: number | null;
  utm: { utmSource: string | null; utmMedium: string | null; utmCampaign: string | null; utmContent: string | null; utmTerm: string | null };
};

const DAY = 86_400_000;
export const DEFAULT_CLAIM_WINDOW_DAYS = 30;

export async function claimWindowDays(db: Db): Promise<number> {
  const stored = Number(await getSetting(db, "claim_window_days"));
  return Number.isInteger(stored) && stored > 0 ? stored : DEFAULT_CLAIM_WINDOW_DAYS;
}

/** The earliest client with the same phone or email inside the claim window, of any partner. */
async function findEarlierClaim(db: Db, input: Pick<ClientInput, "phone" | "email">, since: number) {
  const same = or(input.phone ? eq(clients.phone, input.phone) : undefined, input.email ? eq(clients.email, input.email) : undefined);
  if (!input.phone && !input.email) return null;
  return (
    (await db
      .select({ id: clients.id, partnerId: clients.partnerId })
      .from(clients)
      .where(and(same, gte(clients.createdAt, since)))
      .orderBy(clients.createdAt, clients.id)
      .limit(1)
      .get()) ?? null
  );
}

export type CreateClientResult = { ok: true; client: Client; duplicateOf: { id: number; partnerId: number } | null } | { ok: false; reason: "token_reused" };

/**
 * Stores the client, its first timeline entries and its delivery job in one batch. A form token
 * nonce, when given, is burned in the same batch: a reused token fails the whole write.
 * Duplicates (same phone or email within the claim window) are stored and flagged, never dropped.
 */
export async function createClient(db: Db, partnerId: number, input: ClientInput, now: number, formNonce?: string): Promise<CreateClientResult> {
  const windowDays = await claimWindowDays(db);
  const earlier = await findEarlierClaim(db, input, now - windowDays * DAY);
  const { utm, ...fields } = input;
  const insertClient = db
    .insert(clients)
    .values({ ...fields, ...utm, partnerId, searchName: input.name.toLowerCase(), duplicateOfId: earlier?.id ?? null, createdAt: now, updatedAt: now })
    .returning();
  // last_insert_rowid() chains the rows of this batch on our single connection.
  const insertJob = db.run(sql`insert into ${deliveryJobs} (client_id, state, attempts, next_attempt_at, created_at, updated_at)
    values (last_insert_rowid(), 'pending', 0, ${now}, ${now}, ${now})`);
  const createdEvent = db.run(sql`insert into ${clientEvents} (client_id, at, kind, data)
    select client_id, ${now}, 'created', ${JSON.stringify({ source: input.source })} from ${deliveryJobs} where id = last_insert_rowid()`);
  const duplicateEvent = db.run(sql`insert into ${clientEvents} (client_id, at, kind, data)
    select client_id, ${now}, 'duplicate', ${JSON.stringify({ duplicateOf: earlier?.id ?? null, samePartner: earlier?.partnerId === partnerId })}
    from ${clientEvents} where id = last_insert_rowid() and ${earlier ? 1 : 0} = 1`);
  try {
    const [inserted] = formNonce
      ? (await db.batch([db.insert(usedFormTokens).values({ nonce: formNonce, usedAt: now }), insertClient, insertJob, createdEvent, duplicateEvent])).slice(1)
      : await db.batch([insertClient, insertJob, createdEvent, duplicateEvent]);
    const client = (inserted as Client[] | undefined)?.[0];
    if (!client) throw new Error("client insert returned no row");
    return { ok: true, client, duplicateOf: earlier };
  } catch (error) {
    if (formNonce && String((error as { cause?: unknown }).cause ?? error).includes("used_form_tokens.nonce")) return { ok: false, reason: "token_reused" };
    throw error;
  }
}

/** The partner's own client or null (another partner's id looks like a missing one). */
export async function getClient(db: Db, partnerId: number, clientId: number): Promise<Client | null> {
  return (
    (await db
      .select()
      .from(clients)
      .where(and(eq(clients.id, clientId), eq(clients.partnerId, partnerId)))
      .get()) ?? null
  );
}

export async function listClientEvents(db: Db, clientId: number) {
  return db.select().from(clientEvents).where(eq(clientEvents.clientId, clientId)).orderBy(desc(clientEvents.at), desc(clientEvents.id));
}

export async function countClientsSince(db: Db, partnerId: number, since: number): Promise<number> {
  return db.$count(clients, and(eq(clients.partnerId, partnerId), gte(clients.createdAt, since)));
}
