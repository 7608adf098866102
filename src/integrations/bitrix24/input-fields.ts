/** Our typed inputs → the legacy CRM field names Bitrix24 expects (BITRIX24.md §2.1, §2.5, §2.6). */
import { decimalFromKopecks } from "./payloads.js";
import type { ContactInput, DealInput, LeadInput } from "./types.js";

const UF_KEY = /^UF_CRM_[A-Z0-9_]+$/i;

export function checkId(id: number): number {
  if (!Number.isSafeInteger(id) || id <= 0) throw new TypeError("Bitrix24 ids are positive integers");
  return id;
}

type Fields = Record<string, unknown>;

function put(f: Fields, key: string, value: unknown): void {
  if (value !== undefined && value !== null && value !== "") f[key] = value;
}

function comms(list: Array<string | { value: string; valueType?: string }> | undefined) {
  const items = (list ?? [])
    .map((c) => (typeof c === "string" ? { VALUE: c.trim(), VALUE_TYPE: "WORK" } : { VALUE: c.value.trim(), VALUE_TYPE: c.valueType ?? "WORK" }))
    .filter((c) => c.VALUE !== "");
  return items.length > 0 ? items : undefined;
}

function commonFields(input: LeadInput | DealInput | ContactInput, originator: string): Fields {
  const f: Fields = {};
  put(f, "COMMENTS", input.comments);
  put(f, "SOURCE_ID", input.sourceId);
  put(f, "SOURCE_DESCRIPTION", input.sourceDescription);
  put(f, "UTM_SOURCE", input.utm?.source);
  put(f, "UTM_MEDIUM", input.utm?.medium);
  put(f, "UTM_CAMPAIGN", input.utm?.campaign);
  put(f, "UTM_CONTENT", input.utm?.content);
  put(f, "UTM_TERM", input.utm?.term);
  if (input.assignedById !== undefined) f.ASSIGNED_BY_ID = checkId(input.assignedById);
  if (input.originId !== undefined || input.originatorId !== undefined) f.ORIGINATOR_ID = input.originatorId ?? originator;
  put(f, "ORIGIN_ID", input.originId);
  for (const [key, value] of Object.entries(input.userFields ?? {})) {
    if (!UF_KEY.test(key)) throw new TypeError(`user field keys must look like UF_CRM_<code>: ${key}`);
    f[key.toUpperCase()] = value;
  }
  return f;
}

function person(f: Fields, input: LeadInput | ContactInput): Fields {
  put(f, "NAME", input.name);
  put(f, "LAST_NAME", input.lastName);
  put(f, "SECOND_NAME", input.secondName);
  put(f, "PHONE", comms(input.phones));
  put(f, "EMAIL", comms(input.emails));
  return f;
}

function money(f: Fields, kopecks: number | undefined, currency: string | undefined): void {
  if (kopecks !== undefined) f.OPPORTUNITY = decimalFromKopecks(kopecks);
  put(f, "CURRENCY_ID", currency);
}

export function leadFields(input: LeadInput, originator: string): Fields {
  const f = person({ TITLE: input.title, ...commonFields(input, originator) }, input);
  put(f, "COMPANY_TITLE", input.companyTitle);
  put(f, "STATUS_ID", input.statusId);
  money(f, input.opportunityKopecks, input.currencyId);
  return f;
}

export function contactFields(input: ContactInput, originator: string): Fields {
  return person(commonFields(input, originator), input);
}

export function dealFields(input: DealInput, originator: string): Fields {
  const f: Fields = { TITLE: input.title, ...commonFields(input, originator) };
  if (input.categoryId !== undefined) {
    if (!Number.isSafeInteger(input.categoryId) || input.categoryId < 0) throw new TypeError("categoryId must be a non-negative integer");
    f.CATEGORY_ID = input.categoryId;
  }
  put(f, "STAGE_ID", input.stageId);
  if (input.contactIds?.length) f.CONTACT_IDS = input.contactIds.map(checkId);
  if (input.companyId !== undefined) f.COMPANY_ID = checkId(input.companyId);
  money(f, input.opportunityKopecks, input.currencyId);
  return f;
}
