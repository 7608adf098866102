/**
 * Attribution import (PRODUCT.md §5, an admin switch on /admin/crm): a deal or lead a manager made in
 * Bitrix24 — not we — that carries a partner's tracking value in the configured `UF_CRM_*` field
 * becomes that partner's client, exactly once. The sync then treats it like any other client, so a
 * won deal accrues the commission at the partner's rate.
 *
 * "Exactly once" lives in the database: the clients table has no unique index on the Bitrix24 ids, so
 * the insert is conditional (`insert … select … where not exists`) and runs in one batch with its
 * timeline entry; on our single connection that statement cannot interleave with another import.
 * Everything read from Bitrix24 is read before the write.
 */
import { asc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { type Client, clientEvents, clients, users } from "../../../db/schema.js";
import type { Bitrix24 } from "../../../integrations/bitrix24/client.js";
import type { Deal, Lead, Utm } from "../../../integrations/bitrix24/types.js";
import { ORIGINATOR_ID } from "../delivery/input.js";
import type { CrmSettings } from "../settings/crm-settings.js";

/** Where to look for the partner's tracking value; null while the switch is off. */
export type Attribution = { trackingField: string; trackingTemplate: string };

export const CODE_PLACEHOLDER = "{code}";

/** The import is on only with the switch, a tracking field, and a template that names the code. */
export function attributionOf(crm: Pick<CrmSettings, "attributionImport" | "trackingField" | "trackingTemplate">): Attribution | null {
  if (!crm.attributionImport || !crm.trackingField || !crm.trackingTemplate.includes(CODE_PLACEHOLDER)) return null;
  return { trackingField: crm.trackingField, trackingTemplate: crm.trackingTemplate };
}

/** users.partner_code as generateCode(8) makes it (src/lib/random.ts): 8 of "abcdefghjkmnpqrstuvwxyz23456789". */
const PARTNER_CODE = "[a-hjkmnp-z2-9]{8}";
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * The inverse of the delivery's `template.replaceAll("{code}", code)`: the code a value was written
 * with, or null. The template is the admin's text, so it is escaped (never a pattern); every
 * `{code}` in it must hold the same code; the match is whole and case-sensitive.
 */
export function partnerCodeFrom(template: string, value: unknown): string | null {
  if (typeof value !== "string") return null;
  const parts = template.split(CODE_PLACEHOLDER);
  if (parts.length < 2) return null;
  const match = new RegExp(`^${parts.map(escapeRegExp).join(`(${PARTNER_CODE})`)}$`).exec(value.trim());
  if (!match) return null;
  const codes = new Set(match.slice(1));
  return codes.size === 1 ? (match[1] ?? null) : null;
}

/** A UF value as read: a string, or an array for a "multiple" field; one partner's code or nothing. */
export function trackedCode(a: Attribution, userFields: Record<string, unknown>): string | null {
  const raw = userFields[a.trackingField];
  const codes = new Set((Array.isArray(raw) ? raw : [raw]).map((v) => partnerCodeFrom(a.trackingTemplate, v)).filter((c) => c !== null));
  return codes.size === 1 ? ([...codes][0] ?? null) : null;
}

const ORIGIN = /^client-\d+$/;
/** Created by us (the delivery worker writes ORIGINATOR_ID "partner-cabinet", ORIGIN_ID "client-<id>"). */
export const isOurs = (e: { originatorId: string | null; originId: string | null }) => e.originatorId === ORIGINATOR_ID || ORIGIN.test(e.originId ?? "");

type Candidate = {
  entity: "lead" | "deal";
  dealId: number | null;
  leadId: number | null;
  code: string;
  name: string;
  phone: string | null;
  email: string | null;
  company: string | null;
  utm: Utm;
};

const personOf = (l: Pick<Lead, "name" | "lastName">) =>
  [l.name, l.lastName]
    .map((v) => v?.trim() ?? "")
    .filter(Boolean)
    .join(" ");

/**
 * A deal no client of ours is linked to (the sync looked by its id, our ORIGIN_ID and its source
 * lead before calling this). A deal converted from a lead is skipped when that lead was ours: the
 * delivery may not have stored the lead's id yet, and the client must not be born twice.
 */
export async function importDeal(db: Db, b24: Bitrix24, a: Attribution | null | undefined, deal: Deal, now: number): Promise<Client | undefined> {
  if (!a || isOurs(deal)) return undefined;
  const code = trackedCode(a, deal.userFields);
  if (!code) return undefined;
  const lead = deal.leadId ? await b24.getLead(deal.leadId) : null;
  if (lead && isOurs(lead)) return undefined;
  const person = lead ? personOf(lead) : "";
  return insertOnce(db, now, {
    entity: "deal",
    dealId: deal.id,
    leadId: deal.leadId,
    code,
    name: person || deal.title.trim() || `#${deal.id}`,
    phone: lead?.phones[0]?.value ?? null,
    email: lead?.emails[0]?.value ?? null,
    company: lead?.companyTitle ?? null,
    utm: deal.utm,
  });
}

/** A lead no client of ours is linked to (neither by its id nor by our ORIGIN_ID). */
export async function importLead(db: Db, a: Attribution | null | undefined, lead: Lead, now: number): Promise<Client | undefined> {
  if (!a || isOurs(lead)) return undefined;
  const code = trackedCode(a, lead.userFields);
  if (!code) return undefined;
  return insertOnce(db, now, {
    entity: "lead",
    dealId: null,
    leadId: lead.id,
    code,
    name: personOf(lead) || lead.title.trim() || `#${lead.id}`,
    phone: lead.phones[0]?.value ?? null,
    email: lead.emails[0]?.value ?? null,
    company: lead.companyTitle,
    utm: lead.utm,
  });
}

/**
 * One batch: the client, only for an approved, active partner with that exact code and only if no
 * client holds the deal (or its lead) yet; then its "imported" entry, only if the insert wrote a row.
 * Returns the entity's client afterwards — ours, or the one a concurrent import wrote first.
 */
async function insertOnce(db: Db, now: number, c: Candidate): Promise<Client | undefined> {
  const taken: SQL[] = [];
  if (c.dealId !== null) taken.push(sql`exists (select 1 from ${clients} where b24_deal_id = ${c.dealId})`);
  if (c.leadId !== null) taken.push(sql`exists (select 1 from ${clients} where b24_lead_id = ${c.leadId})`);
  const insert = db.run(sql`insert into ${clients} (partner_id, source, name, phone, email, company,
      utm_source, utm_medium, utm_campaign, utm_content, utm_term, search_name, delivery_state,
      b24_entity, b24_lead_id, b24_deal_id, created_at, updated_at)
    select id, 'b24_sync', ${c.name}, ${c.phone}, ${c.email}, ${c.company},
      ${c.utm.source ?? null}, ${c.utm.medium ?? null}, ${c.utm.campaign ?? null}, ${c.utm.content ?? null}, ${c.utm.term ?? null},
      ${c.name.toLowerCase()}, 'sent', ${c.entity}, ${c.leadId}, ${c.dealId}, ${now}, ${now}
    from ${users}
    where partner_code = ${c.code} and role = 'partner' and approval_status = 'approved' and is_active = 1
      and not (${sql.join(taken, sql` or `)})`);
  const event = db.run(sql`insert into ${clientEvents} (client_id, at, kind, data)
    select last_insert_rowid(), ${now}, 'imported', ${JSON.stringify({ entity: c.entity, id: c.dealId ?? c.leadId })}
    where changes() > 0`);
  await db.batch([insert, event]);
  const key = c.dealId !== null ? eq(clients.b24DealId, c.dealId) : eq(clients.b24LeadId, c.leadId ?? 0);
  return db.select().from(clients).where(key).orderBy(asc(clients.id)).get();
}
