/**
 * Where the client's comment and company land on a lead or deal (PRODUCT.md §5 field mapping).
 * Only the two native fields meant for them (COMMENTS, COMPANY_TITLE) or a portal's own UF_CRM_* field
 * are ever accepted, so no mapping can overwrite TITLE, PHONE, EMAIL, ORIGIN_ID or any other field we set.
 */

export const COMMENTS = "COMMENTS";
/** A lead-only field (BITRIX24.md §2.1, §2.6): a deal silently drops it, so deals send the company only to a UF field. */
export const COMPANY_TITLE = "COMPANY_TITLE";
/** The form's and the environment's word for "do not send the company". */
export const NOT_SENT = "none";

const USER_FIELD = /^UF_CRM_[A-Z0-9_]{1,50}$/i;

export const isUserField = (v: string): boolean => USER_FIELD.test(v);

/** "COMMENTS" or a UF_CRM_* code (upper-cased, as Bitrix24 spells them); anything else is null. */
export function commentFieldOf(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  return v === COMMENTS || isUserField(v) ? v : null;
}

/** "COMPANY_TITLE", a UF_CRM_* code, or `{ notSent }`; anything else is null. */
export function companyFieldOf(raw: string): string | { notSent: true } | null {
  const v = raw.trim();
  if (v.toLowerCase() === NOT_SENT) return { notSent: true };
  const upper = v.toUpperCase();
  return upper === COMPANY_TITLE || isUserField(upper) ? upper : null;
}

export type FieldClash = "commentIsTracking" | "companyIsTracking" | "companyIsComment";

/**
 * Two values written into one UF field would overwrite each other; the tracking value above all must
 * survive, since the attribution import reads it back.
 */
export function fieldClash(m: { trackingField: string | null; commentField: string; companyField: string | null }): FieldClash | null {
  const same = (a: string | null, b: string | null) => a !== null && b !== null && isUserField(a) && a.toUpperCase() === b.toUpperCase();
  if (same(m.commentField, m.trackingField)) return "commentIsTracking";
  if (same(m.companyField, m.trackingField)) return "companyIsTracking";
  if (same(m.companyField, m.commentField)) return "companyIsComment";
  return null;
}
