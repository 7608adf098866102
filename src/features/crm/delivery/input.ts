/**
 * What one client becomes in Bitrix24: the partner's routing over the global settings, and the typed
 * lead, contact and deal inputs. Shared by the one-at-a-time path and the batch path, so both send
 * exactly the same fields under the same ORIGINATOR_ID / ORIGIN_ID.
 */
import type { Client } from "../../../db/schema.js";
import type { ContactInput, DealInput, LeadInput } from "../../../integrations/bitrix24/types.js";
import { COMMENTS, COMPANY_TITLE, isUserField } from "../settings/field-mapping.js";
import type { DeliverySettings } from "./types.js";

/**
 * Our system id on every record we create. Written explicitly (not left to the client's default) so the
 * look-ups by ORIGIN_ID of both delivery paths always search what the creates wrote.
 */
export const ORIGINATOR_ID = "partner-cabinet";

export const originIdOf = (clientId: number) => `client-${clientId}`;
export const contactOriginIdOf = (clientId: number) => `contact-${originIdOf(clientId)}`;

/** users.b24_entity_type / b24_category_id / b24_stage_id: null = the global /admin/crm value. */
export type PartnerRouting = { entityType: "lead" | "deal" | null; categoryId: number | null; stageId: string | null };

/** Where one client goes: entity, funnel and stage after the partner's override. */
export type Route = { entityType: "lead" | "deal"; categoryId: number; stageId: string | null; leadStatusId: string | null };

/**
 * The partner's override wins field by field. The stage override is a deal stage (funnels and stages
 * are deal concepts; a lead keeps the global lead status). A global stage belongs to the global funnel:
 * for a partner routed to another funnel Bitrix24 would silently replace it, so that funnel's first
 * stage is asked for openly instead (stage left empty).
 */
export function routeFor(s: DeliverySettings, partner: PartnerRouting): Route {
  const entityType = partner.entityType ?? s.entityType;
  const categoryId = partner.categoryId ?? s.categoryId;
  const stageId = partner.stageId ?? (categoryId === s.categoryId ? s.stageId : null);
  return { entityType, categoryId, stageId, leadStatusId: s.leadStatusId };
}

/** One claimed job with everything its delivery needs. */
export type DeliveryRow = { client: Client; partnerCode: string; partnerName: string; route: Route };

/**
 * The comment, the company and the tracking value, each where the settings map it. Only COMMENTS,
 * COMPANY_TITLE (leads; deals drop it) or UF_CRM_* ever come out: user fields go through `userFields`,
 * which refuses any other key, so no mapping reaches TITLE, PHONE, EMAIL or ORIGIN_ID. A contact gets the
 * comment and the tracking value (as before), not the company: it is the person, the company is on the lead or deal.
 */
function mappedFields(s: DeliverySettings, row: DeliveryRow, entity: "lead" | "deal" | "contact") {
  const c = row.client;
  const commentField = s.commentField ?? COMMENTS;
  const companyField = s.companyField === undefined ? COMPANY_TITLE : s.companyField;
  const userFields: Record<string, string> = {};
  let comments: string | undefined;
  let companyTitle: string | undefined;
  if (c.comment) {
    if (isUserField(commentField)) userFields[commentField.toUpperCase()] = c.comment;
    else comments = c.comment;
  }
  if (c.company && entity !== "contact" && companyField !== null) {
    if (isUserField(companyField)) userFields[companyField.toUpperCase()] = c.company;
    else if (entity === "lead") companyTitle = c.company;
  }
  // Written last: the attribution import reads the tracking value back, so nothing may take its field.
  if (s.trackingField) userFields[s.trackingField.toUpperCase()] = s.trackingTemplate.replaceAll("{code}", row.partnerCode);
  return { comments, companyTitle, userFields: Object.keys(userFields).length > 0 ? userFields : undefined };
}

function common(s: DeliverySettings, row: DeliveryRow, entity: "lead" | "deal" | "contact") {
  const c = row.client;
  const { comments, companyTitle, userFields } = mappedFields(s, row, entity);
  const fields = {
    originatorId: ORIGINATOR_ID,
    originId: originIdOf(c.id),
    comments,
    assignedById: s.assignedById ?? undefined,
    utm: {
      source: c.utmSource ?? undefined,
      medium: c.utmMedium ?? undefined,
      campaign: c.utmCampaign ?? undefined,
      content: c.utmContent ?? undefined,
      term: c.utmTerm ?? undefined,
    },
    userFields,
  };
  return { fields, companyTitle };
}

const phonesOf = (c: Client) => (c.phone ? [c.phone] : []);
const emailsOf = (c: Client) => (c.email ? [c.email] : []);

export function leadInputOf(s: DeliverySettings, row: DeliveryRow): LeadInput {
  const c = row.client;
  const { fields, companyTitle } = common(s, row, "lead");
  return {
    ...fields,
    title: s.title(c, row.partnerName),
    name: c.name,
    phones: phonesOf(c),
    emails: emailsOf(c),
    companyTitle,
    statusId: row.route.leadStatusId ?? undefined,
  };
}

/** Deals have no phone or email: they live on the contact, which carries its own ORIGIN_ID. */
export function contactInputOf(s: DeliverySettings, row: DeliveryRow): ContactInput {
  const c = row.client;
  return { ...common(s, row, "contact").fields, originId: contactOriginIdOf(c.id), name: c.name, phones: phonesOf(c), emails: emailsOf(c) };
}

export function dealInputOf(s: DeliverySettings, row: DeliveryRow, contactId: number | null): DealInput {
  return {
    ...common(s, row, "deal").fields,
    title: s.title(row.client, row.partnerName),
    categoryId: row.route.categoryId,
    stageId: row.route.stageId ?? undefined,
    contactIds: contactId ? [contactId] : [],
  };
}

/**
 * Keys under which Bitrix24 would find the same contact (crm.duplicate.findbycomm normalises phones to
 * digits, 8… → 7… for Russian numbers; e-mail case-insensitively), used to let clients of one batch
 * that share a phone or e-mail share one new contact.
 */
export function contactKeys(c: Pick<Client, "phone" | "email">): string[] {
  const keys: string[] = [];
  const digits = (c.phone ?? "").replace(/\D/g, "");
  if (digits) keys.push(`phone:${digits.length === 11 && digits.startsWith("8") ? `7${digits.slice(1)}` : digits}`);
  const email = (c.email ?? "").trim().toLowerCase();
  if (email) keys.push(`email:${email}`);
  return keys;
}
