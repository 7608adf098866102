/**
 * zod schemas for every Bitrix24 answer we read (BITRIX24.md §1.3–§1.5, §2.0–§2.16).
 * The legacy CRM API sends almost every scalar as a string ("ID": "123", "OPPORTUNITY": "15000.00"),
 * empty values as null, "" or "0", and empty objects as []. These schemas absorb that once.
 */
import { z } from "zod";
import type { Category, CommValue, Deal, FieldInfo, Lead, StageSemantic, Status, User, Utm } from "./types.js";

/** "15000.00" → 1500000. Parses the decimal string; never multiplies a float. Null when not a decimal. */
export function kopecksFromDecimal(value: string | number): number | null {
  const text = typeof value === "number" ? (Number.isFinite(value) ? value.toFixed(2) : "") : value.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const frac = (m[3] ?? "").padEnd(3, "0");
  let kopecks = BigInt(m[2] || "0") * 100n + BigInt(frac.slice(0, 2));
  if (Number(frac[2]) >= 5) kopecks += 1n; // half away from zero on the third decimal
  if (m[1] === "-") kopecks = -kopecks;
  if (kopecks > BigInt(Number.MAX_SAFE_INTEGER) || kopecks < -BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(kopecks);
}

/** 1500000 → "15000.00" (integer arithmetic, for OPPORTUNITY on input). */
export function decimalFromKopecks(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks)) throw new RangeError("amount must be an integer number of kopecks");
  const sign = kopecks < 0 ? "-" : "";
  const abs = Math.abs(kopecks);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

const numeric = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform((v) => Number(v));
/** A required id: "123" or 123. */
export const idSchema = numeric.pipe(z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER));
/** An optional scalar: null, undefined and "" → null; anything `convert` rejects (returns null) is an issue. */
const optional = <T>(convert: (v: string | number) => T | null, what: string) =>
  z
    .union([z.string(), z.number(), z.null()])
    .optional()
    .transform((v, ctx): T | null => {
      if (v === null || v === undefined || v === "") return null;
      const out = convert(v);
      if (out === null) ctx.addIssue({ code: "custom", message: `not ${what}` });
      return out;
    });
/** A link that may be empty: null, "", "0" and 0 all mean "none". */
const linkSchema = optional((v) => (Number.isSafeInteger(Number(v)) && Number(v) >= 0 ? Number(v) : null), "an id").transform((n) => (n === 0 ? null : n));
/** Optional text: null, undefined and "" → null. */
const textSchema = optional((v) => String(v), "text");
/** ISO-8601 with offset, or "" / null. */
const dateSchema = optional((v) => (typeof v === "string" && !Number.isNaN(Date.parse(v)) ? new Date(v) : null), "a date");
/** OPPORTUNITY and other doubles, as integer kopecks. */
const moneySchema = optional(kopecksFromDecimal, "a decimal amount");
const flagSchema = z.union([z.enum(["Y", "N"]), z.boolean(), z.null()]).optional();
const isYes = (v: "Y" | "N" | boolean | null | undefined) => v === "Y" || v === true;
const semanticLetter = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v): StageSemantic | null => (v === "P" || v === "S" || v === "F" ? v : null));

/** PHONE / EMAIL: absent when empty; items carry a string ID. */
const multiFieldSchema = z
  .array(z.looseObject({ ID: linkSchema, VALUE: z.union([z.string(), z.null()]).optional(), VALUE_TYPE: textSchema }))
  .optional()
  .transform((items): CommValue[] =>
    (items ?? [])
      .filter((i) => typeof i.VALUE === "string" && i.VALUE !== "")
      .map((i) => ({ id: i.ID ?? 0, value: i.VALUE ?? "", valueType: i.VALUE_TYPE ?? "WORK" })),
  );

function userFieldsOf(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => k.startsWith("UF_CRM_")));
}

const utmFields = { UTM_SOURCE: textSchema, UTM_MEDIUM: textSchema, UTM_CAMPAIGN: textSchema, UTM_CONTENT: textSchema, UTM_TERM: textSchema };
function utmOf(r: { [K in keyof typeof utmFields]: string | null }): Utm {
  const utm: Utm = {};
  if (r.UTM_SOURCE) utm.source = r.UTM_SOURCE;
  if (r.UTM_MEDIUM) utm.medium = r.UTM_MEDIUM;
  if (r.UTM_CAMPAIGN) utm.campaign = r.UTM_CAMPAIGN;
  if (r.UTM_CONTENT) utm.content = r.UTM_CONTENT;
  if (r.UTM_TERM) utm.term = r.UTM_TERM;
  return utm;
}

/** Fields leads and deals share, and their mapping. */
const rowFields = {
  ID: idSchema,
  TITLE: textSchema,
  SOURCE_ID: textSchema,
  COMMENTS: textSchema,
  OPPORTUNITY: moneySchema,
  CURRENCY_ID: textSchema,
  ASSIGNED_BY_ID: linkSchema,
  CONTACT_ID: linkSchema,
  ORIGINATOR_ID: textSchema,
  ORIGIN_ID: textSchema,
  DATE_CREATE: dateSchema,
  DATE_MODIFY: dateSchema,
  ...utmFields,
};
type Row = z.output<z.ZodObject<typeof rowFields>> & Record<string, unknown>;
const common = (r: Row) => ({
  id: r.ID,
  title: r.TITLE ?? "",
  sourceId: r.SOURCE_ID,
  comments: r.COMMENTS,
  opportunityKopecks: r.OPPORTUNITY,
  currencyId: r.CURRENCY_ID,
  assignedById: r.ASSIGNED_BY_ID,
  contactId: r.CONTACT_ID,
  originatorId: r.ORIGINATOR_ID,
  originId: r.ORIGIN_ID,
  utm: utmOf(r),
  dateCreate: r.DATE_CREATE,
  dateModify: r.DATE_MODIFY,
  userFields: userFieldsOf(r),
});

export const leadSchema = z
  .looseObject({
    ...rowFields,
    NAME: textSchema,
    LAST_NAME: textSchema,
    SECOND_NAME: textSchema,
    COMPANY_TITLE: textSchema,
    STATUS_ID: textSchema,
    STATUS_SEMANTIC_ID: semanticLetter,
    SOURCE_DESCRIPTION: textSchema,
    PHONE: multiFieldSchema,
    EMAIL: multiFieldSchema,
  })
  .transform(
    (r): Lead => ({
      ...common(r),
      name: r.NAME,
      lastName: r.LAST_NAME,
      secondName: r.SECOND_NAME,
      companyTitle: r.COMPANY_TITLE,
      statusId: r.STATUS_ID,
      statusSemantic: r.STATUS_SEMANTIC_ID,
      sourceDescription: r.SOURCE_DESCRIPTION,
      phones: r.PHONE,
      emails: r.EMAIL,
    }),
  );

export const dealSchema = z
  .looseObject({
    ...rowFields,
    CATEGORY_ID: linkSchema,
    STAGE_ID: textSchema,
    STAGE_SEMANTIC_ID: semanticLetter,
    CLOSED: flagSchema,
    LEAD_ID: linkSchema,
    COMPANY_ID: linkSchema,
    MOVED_TIME: dateSchema,
  })
  .transform(
    (r): Deal => ({
      ...common(r),
      categoryId: r.CATEGORY_ID ?? 0,
      stageId: r.STAGE_ID,
      stageSemantic: r.STAGE_SEMANTIC_ID,
      closed: isYes(r.CLOSED),
      leadId: r.LEAD_ID,
      companyId: r.COMPANY_ID,
      movedTime: r.MOVED_TIME,
    }),
  );

/** EXTRA.SEMANTICS (§2.11): success → S, failure/apology → F, process → P. Never derived from names. */
const EXTRA_SEMANTICS: Record<string, StageSemantic> = { process: "P", success: "S", failure: "F", apology: "F" };
const HAS_SEMANTICS = /^(STATUS|DEAL_STAGE(_\d+)?|QUOTE_STATUS)$/;

export const statusSchema = z
  .looseObject({
    ENTITY_ID: z.string(),
    STATUS_ID: z.string(),
    NAME: textSchema,
    SORT: numeric.optional(),
    SYSTEM: flagSchema,
    CATEGORY_ID: linkSchema,
    COLOR: textSchema,
    SEMANTICS: textSchema,
    EXTRA: z.union([z.looseObject({ SEMANTICS: textSchema }), z.array(z.unknown()), z.null()]).optional(),
  })
  .transform((r): Status => {
    const extra = r.EXTRA && !Array.isArray(r.EXTRA) ? r.EXTRA.SEMANTICS : null;
    let semantic: StageSemantic | null = extra ? (EXTRA_SEMANTICS[extra] ?? null) : null;
    if (!semantic && (r.SEMANTICS === "S" || r.SEMANTICS === "F")) semantic = r.SEMANTICS;
    if (!semantic && HAS_SEMANTICS.test(r.ENTITY_ID)) semantic = "P";
    return {
      entityId: r.ENTITY_ID,
      statusId: r.STATUS_ID,
      name: r.NAME ?? r.STATUS_ID,
      sort: r.SORT ?? 0,
      semantic,
      categoryId: r.CATEGORY_ID,
      color: r.COLOR,
      system: isYes(r.SYSTEM),
    };
  });

/**
 * Sorts by SORT and applies "stages after the success stage are failures" (§2.11) to rows whose
 * EXTRA did not say so (older portals, or a directory served without EXTRA).
 */
export function orderStages(rows: Status[]): Status[] {
  const sorted = [...rows].sort((a, b) => a.sort - b.sort);
  const success = sorted.findIndex((s) => s.semantic === "S");
  return sorted.map((s, i) => (success >= 0 && i > success && s.semantic === "P" ? { ...s, semantic: "F" } : s));
}

export const categoryListSchema = z
  .object({
    categories: z.array(
      z.looseObject({
        id: idSchema,
        name: z.string(),
        sort: numeric.optional(),
        isDefault: flagSchema,
      }),
    ),
  })
  .transform((r): Category[] => r.categories.map((c) => ({ id: c.id, name: c.name, sort: c.sort ?? 0, isDefault: isYes(c.isDefault) })));

/** `crm.duplicate.findbycomm`: `{CONTACT: [ids], LEAD: [...]}` or `[]` when nothing matched. */
export const duplicatesSchema = z.union([
  z
    .array(z.unknown())
    .length(0)
    .transform(() => ({})),
  z.record(z.string(), z.array(idSchema)),
]);

export const idRowsSchema = z.array(z.looseObject({ ID: idSchema })).transform((rows) => rows.map((r) => r.ID));

const labelSchema = z.union([z.string(), z.record(z.string(), z.string()), z.null()]).optional();
const labelText = (v: z.infer<typeof labelSchema>) => (typeof v === "string" ? v : v ? (Object.values(v)[0] ?? "") : "");

export const fieldsSchema = z.record(
  z.string(),
  z
    .looseObject({
      type: z.string(),
      title: textSchema,
      isRequired: z.boolean().optional(),
      isReadOnly: z.boolean().optional(),
      isMultiple: z.boolean().optional(),
      isDynamic: z.boolean().optional(),
      statusType: z.string().optional(),
      listLabel: labelSchema,
      formLabel: labelSchema,
      filterLabel: labelSchema,
      items: z.array(z.looseObject({ ID: z.union([z.string(), z.number()]), VALUE: textSchema })).optional(),
    })
    .transform((f): FieldInfo => {
      const info: FieldInfo = {
        type: f.type,
        title: f.title ?? "",
        label: labelText(f.listLabel) || labelText(f.formLabel) || labelText(f.filterLabel) || (f.title ?? ""),
        isRequired: f.isRequired ?? false,
        isReadOnly: f.isReadOnly ?? false,
        isMultiple: f.isMultiple ?? false,
        isCustom: f.isDynamic ?? false,
      };
      if (f.statusType) info.statusType = f.statusType;
      if (f.items) info.items = f.items.map((i) => ({ id: String(i.ID), value: i.VALUE ?? "" }));
      return info;
    }),
);

export const usersSchema = z.array(
  z
    .looseObject({ ID: idSchema, NAME: textSchema, LAST_NAME: textSchema, EMAIL: textSchema, ACTIVE: flagSchema })
    .transform((u): User => ({ id: u.ID, name: u.NAME, lastName: u.LAST_NAME, email: u.EMAIL, active: u.ACTIVE == null ? null : isYes(u.ACTIVE) })),
);

/** `*.add` answers with the new id as a JSON number (§2.0); accept a numeric string too. */
export const addResultSchema = idSchema.pipe(z.number().positive());

// Envelopes (§1.3, §1.4, §4.7).
const countSchema = numeric.optional();
export const successEnvelopeSchema = z
  .looseObject({ result: z.unknown(), total: countSchema, next: countSchema, time: z.record(z.string(), z.unknown()).optional() })
  .refine((e) => e.result !== undefined, "no result");
export const errorEnvelopeSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() });

/** A batch section: an object by command key, or `[]` / a list when PHP serialised it as one. */
const section = <T extends z.ZodType>(item: T) =>
  z
    .union([z.record(z.string(), item), z.array(item)])
    .optional()
    .transform((v): Record<string, z.output<T>> => (Array.isArray(v) ? Object.fromEntries(v.map((x, i) => [String(i), x])) : (v ?? {})));

export const batchResultSchema = z.looseObject({
  result: section(z.unknown()),
  result_error: section(z.union([errorEnvelopeSchema, z.string()])),
  result_total: section(numeric),
  result_next: section(numeric),
});
