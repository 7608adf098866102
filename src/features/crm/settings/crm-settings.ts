/**
 * The Bitrix24 connection as the admin sets it on /admin/crm, over the environment's defaults
 * (PRODUCT.md Configuration). The webhook URL and the application token are secrets: stored, used,
 * shown back only masked, and never written to the audit log.
 */
import type { Config } from "../../../config.js";
import type { Db } from "../../../db/client.js";
import { settings as settingsTable } from "../../../db/schema.js";
import type { Bitrix24 } from "../../../integrations/bitrix24/client.js";
import type { Category, Status } from "../../../integrations/bitrix24/types.js";
import { auditInsert } from "../../audit/audit.js";
import { getSetting } from "../../settings/settings.js";
import { COMMENTS, COMPANY_TITLE, commentFieldOf, companyFieldOf, fieldClash, isUserField } from "./field-mapping.js";

export type CrmSettings = {
  webhookUrl: string | null;
  applicationToken: string | null;
  entityType: "lead" | "deal";
  categoryId: number;
  stageId: string | null;
  leadStatusId: string | null;
  assignedById: number | null;
  trackingField: string | null;
  trackingTemplate: string;
  /** Where the client's comment goes: "COMMENTS" or a UF_CRM_* field (field-mapping.ts). */
  commentField: string;
  /** Where the company goes: "COMPANY_TITLE" (leads only), a UF_CRM_* field, or null = not sent. */
  companyField: string | null;
  /** Import deals and leads made in Bitrix24 that carry a partner's tracking value (attribution/import.ts). */
  attributionImport: boolean;
};

const KEY = "crm";

export function envCrmSettings(config: Config): CrmSettings {
  const mappings = config.B24_FIELD_MAPPINGS ?? {};
  const field = mappings.tracking_field;
  const trackingField = field && isUserField(field) ? field : null;
  const company = companyFieldOf(mappings.company_field ?? "");
  let commentField = commentFieldOf(mappings.comment_field ?? "") ?? COMMENTS;
  let companyField = company === null ? COMPANY_TITLE : typeof company === "string" ? company : null;
  // A clashing environment mapping falls back to the native field rather than overwrite another value.
  if (fieldClash({ trackingField, commentField, companyField: null })) commentField = COMMENTS;
  if (fieldClash({ trackingField, commentField, companyField })) companyField = COMPANY_TITLE;
  return {
    webhookUrl: config.B24_WEBHOOK_URL ?? null,
    applicationToken: config.B24_APPLICATION_TOKEN ?? null,
    entityType: config.B24_ENTITY_TYPE,
    categoryId: config.B24_DEAL_CATEGORY_ID,
    stageId: config.B24_DEAL_STAGE_ID ?? null,
    leadStatusId: config.B24_LEAD_STATUS_ID ?? null,
    assignedById: null,
    trackingField,
    trackingTemplate: mappings.tracking_template ?? "partner-{code}",
    commentField,
    companyField,
    // Off unless the admin turns it on: the environment has no value for it.
    attributionImport: false,
  };
}

/** The environment's values, overridden by whatever the admin saved (settings saved before a key existed get its default). */
export async function loadCrmSettings(db: Db, config: Config): Promise<CrmSettings> {
  const stored = await getSetting(db, KEY);
  const saved = stored ? (JSON.parse(stored) as Partial<CrmSettings>) : {};
  return { ...envCrmSettings(config), ...saved };
}

/** What a save may leave out, kept as it is: the import switch and the comment and company mapping. */
export type CrmSettingsInput = Omit<CrmSettings, "attributionImport" | "commentField" | "companyField"> &
  Partial<Pick<CrmSettings, "attributionImport" | "commentField" | "companyField">>;

/** Saves the admin's settings; `null` secrets in `input` mean "keep the current one". */
export async function saveCrmSettings(db: Db, config: Config, input: CrmSettingsInput, adminId: number, now: number): Promise<CrmSettings> {
  const current = await loadCrmSettings(db, config);
  const next: CrmSettings = {
    ...input,
    webhookUrl: input.webhookUrl ?? current.webhookUrl,
    applicationToken: input.applicationToken ?? current.applicationToken,
    attributionImport: input.attributionImport ?? current.attributionImport,
    commentField: input.commentField ?? current.commentField,
    companyField: input.companyField === undefined ? current.companyField : input.companyField,
  };
  const redacted = (s: CrmSettings) => ({
    ...s,
    webhookUrl: s.webhookUrl ? maskWebhookUrl(s.webhookUrl) : null,
    applicationToken: s.applicationToken ? "***" : null,
  });
  await db.batch([
    db
      .insert(settingsTable)
      .values({ key: KEY, value: JSON.stringify(next), updatedAt: now })
      .onConflictDoUpdate({ target: settingsTable.key, set: { value: JSON.stringify(next), updatedAt: now } }),
    auditInsert(db, {
      actorId: adminId,
      action: "crm.settings",
      entity: "settings",
      entityId: null,
      before: redacted(current),
      after: redacted(next),
      at: now,
    }),
  ]);
  return next;
}

/** `https://portal.bitrix24.ru/rest/1/abc…xyz/` → `https://portal.bitrix24.ru/rest/1/••••••/`. */
export function maskWebhookUrl(url: string): string {
  return url.replace(/(\/rest\/\d+\/)[^/]+/, "$1••••••");
}

export type CrmLists = { categories: Category[]; stages: Record<number, Status[]>; leadStatuses: Status[]; loadedAt: number };

const listCache = new Map<string, CrmLists>();
const LIST_TTL_MS = 10 * 60_000;

/** Funnels, their stages and lead statuses as the portal has them; cached 10 minutes per portal. */
export async function loadCrmLists(b24: Bitrix24, cacheKey: string, now: number, refresh = false): Promise<CrmLists> {
  const cached = listCache.get(cacheKey);
  if (cached && !refresh && now - cached.loadedAt < LIST_TTL_MS) return cached;
  const categories = await b24.listCategories();
  const stages: Record<number, Status[]> = {};
  for (const category of categories) stages[category.id] = await b24.listDealStages(category.id);
  const lists = { categories, stages, leadStatuses: await b24.listStatuses("STATUS"), loadedAt: now };
  listCache.set(cacheKey, lists);
  return lists;
}

/** A portal's custom string field that can take the comment or the company, and which entities have it. */
export type CrmUserField = { code: string; label: string; lead: boolean; deal: boolean };

const fieldCache = new Map<string, { fields: CrmUserField[]; loadedAt: number }>();

/**
 * The single-value string UF_CRM_* fields of leads and deals (crm.lead.fields / crm.deal.fields, BITRIX24.md
 * §2.14), one entry per code; cached 10 minutes per portal like the other lists.
 */
export async function loadCrmUserFields(b24: Bitrix24, cacheKey: string, now: number, refresh = false): Promise<CrmUserField[]> {
  const cached = fieldCache.get(cacheKey);
  if (cached && !refresh && now - cached.loadedAt < LIST_TTL_MS) return cached.fields;
  const byCode = new Map<string, CrmUserField>();
  for (const entity of ["lead", "deal"] as const) {
    for (const [code, info] of Object.entries(await b24.getFields(entity))) {
      if (!info.isCustom || info.type !== "string" || info.isMultiple || info.isReadOnly || !isUserField(code)) continue;
      const field = byCode.get(code) ?? { code, label: info.label || code, lead: false, deal: false };
      field[entity] = true;
      byCode.set(code, field);
    }
  }
  const fields = [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  fieldCache.set(cacheKey, { fields, loadedAt: now });
  return fields;
}
