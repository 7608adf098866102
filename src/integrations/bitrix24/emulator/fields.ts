/**
 * Field lists of leads, deals and contacts and the conversion between what callers send
 * (liberal input, unknown fields dropped) and what the legacy API returns (strings, §2.0).
 */
import { isPhpArray, isRecord, isTruthy, phpValues } from "./params.js";
import type { B24Row, EntityKind, UserFieldSeed } from "./types.js";
import { crmError, formatDate, parseDate } from "./util.js";

/**
 * Field kinds: s string · i integer · m money (2 decimals) · c Y/N · dt datetime · d date ·
 * st crm_status · cur currency · u user · l link (crm entity id). Suffix "!" read-only,
 * "^" immutable on update, "0" empty link reads as "0" instead of null.
 */
type Kind = "s" | "i" | "m" | "c" | "dt" | "d" | "st" | "cur" | "u" | "l";
export type FieldSpec = { kind: Kind; readOnly: boolean; immutable: boolean; emptyZero: boolean; statusType?: string };

const ADDRESS = "ADDRESS ADDRESS_2 ADDRESS_CITY ADDRESS_POSTAL_CODE ADDRESS_REGION ADDRESS_PROVINCE ADDRESS_COUNTRY ADDRESS_COUNTRY_CODE";
const UTM = "UTM_SOURCE UTM_MEDIUM UTM_CAMPAIGN UTM_CONTENT UTM_TERM";

function specs(def: string): Record<string, FieldSpec> {
  const out: Record<string, FieldSpec> = {};
  for (const token of def.trim().split(/\s+/)) {
    const [name = "", raw = "s"] = token.split(":");
    const [kindPart = "s", statusType] = raw.replace(/[!^0]/g, "").split("=");
    out[name] = {
      kind: kindPart as Kind,
      readOnly: raw.includes("!"),
      immutable: raw.includes("^"),
      emptyZero: raw.includes("0"),
      ...(statusType ? { statusType } : {}),
    };
  }
  return out;
}

const strings = (names: string) => names.replace(/(\S+)/g, "$1:s");

export const FIELD_SPECS: Record<EntityKind, Record<string, FieldSpec>> = {
  lead: specs(`ID:i! TITLE HONORIFIC:st=HONORIFIC NAME SECOND_NAME LAST_NAME COMPANY_TITLE COMPANY_ID:l CONTACT_ID:l
    IS_RETURN_CUSTOMER:c! BIRTHDATE:d SOURCE_ID:st=SOURCE SOURCE_DESCRIPTION STATUS_ID:st=STATUS STATUS_DESCRIPTION POST COMMENTS
    CURRENCY_ID:cur OPPORTUNITY:m IS_MANUAL_OPPORTUNITY:c HAS_PHONE:c! HAS_EMAIL:c! HAS_IMOL:c! ASSIGNED_BY_ID:u CREATED_BY_ID:u!
    MODIFY_BY_ID:u! DATE_CREATE:dt! DATE_MODIFY:dt! DATE_CLOSED:dt! STATUS_SEMANTIC_ID:s! OPENED:c ORIGINATOR_ID ORIGIN_ID
    MOVED_BY_ID:u! MOVED_TIME:dt! ${strings(ADDRESS)} ${strings(UTM)} LAST_ACTIVITY_BY:u! LAST_ACTIVITY_TIME:dt!`),
  deal: specs(`ID:i! TITLE TYPE_ID:st=DEAL_TYPE STAGE_ID:st=DEAL_STAGE PROBABILITY:i CURRENCY_ID:cur OPPORTUNITY:m
    IS_MANUAL_OPPORTUNITY:c TAX_VALUE:m LEAD_ID:l COMPANY_ID:l0 CONTACT_ID:l QUOTE_ID:l BEGINDATE:d CLOSEDATE:d ASSIGNED_BY_ID:u
    CREATED_BY_ID:u! MODIFY_BY_ID:u! DATE_CREATE:dt! DATE_MODIFY:dt! OPENED:c CLOSED:c! COMMENTS ADDITIONAL_INFO LOCATION_ID
    CATEGORY_ID:i^ STAGE_SEMANTIC_ID:s! IS_NEW:c! IS_RECURRING:c! IS_RETURN_CUSTOMER:c! IS_REPEATED_APPROACH:c! SOURCE_ID:st=SOURCE
    SOURCE_DESCRIPTION ORIGINATOR_ID ORIGIN_ID MOVED_BY_ID:u! MOVED_TIME:dt! LAST_ACTIVITY_TIME:dt! ${strings(UTM)} LAST_ACTIVITY_BY:u!`),
  contact: specs(`ID:i! HONORIFIC:st=HONORIFIC NAME SECOND_NAME LAST_NAME PHOTO BIRTHDATE:d TYPE_ID:st=CONTACT_TYPE
    SOURCE_ID:st=SOURCE SOURCE_DESCRIPTION POST ${strings(ADDRESS)} COMMENTS OPENED:c EXPORT:c HAS_PHONE:c! HAS_EMAIL:c! HAS_IMOL:c!
    ASSIGNED_BY_ID:u CREATED_BY_ID:u! MODIFY_BY_ID:u! DATE_CREATE:dt! DATE_MODIFY:dt! COMPANY_ID:l LEAD_ID:l! ORIGINATOR_ID ORIGIN_ID
    ORIGIN_VERSION ${strings(UTM)} LAST_ACTIVITY_TIME:dt! LAST_ACTIVITY_BY:u!`),
};

export const MULTI_TYPES = ["PHONE", "EMAIL", "WEB", "IM"] as const;
export type MultiType = (typeof MULTI_TYPES)[number];
export const hasMultiFields = (kind: EntityKind) => kind !== "deal";

export type MultiItem = { id: number; typeId: MultiType; valueType: string; value: string };

export type Entity = {
  kind: EntityKind;
  id: number;
  /** Standard fields in internal form: strings, numbers, epoch ms for dates. */
  values: Record<string, unknown>;
  uf: Record<string, unknown>;
  multi: MultiItem[];
  /** Deal/lead contact bindings, primary first. */
  contactIds: number[];
};

export type FieldContext = { tz: string; currencies: string[]; userFields: UserFieldSeed[] };

function internalValue(kind: Kind, v: unknown, ctx: FieldContext): { ok: true; value: unknown } | { ok: false } {
  if (v === null || v === undefined || v === "") return { ok: true, value: null };
  switch (kind) {
    case "i":
    case "u":
    case "l": {
      const n = Math.trunc(Number(v));
      if (!Number.isFinite(n)) return { ok: false };
      return { ok: true, value: kind !== "i" && n === 0 ? null : n };
    }
    case "m": {
      const n = Number(v);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
    }
    case "c":
      return { ok: true, value: isTruthy(v) ? "Y" : "N" };
    case "dt":
    case "d": {
      const ms = parseDate(v, ctx.tz);
      return ms === null ? { ok: false } : { ok: true, value: ms };
    }
    case "cur": {
      const code = String(v).toUpperCase();
      if (!ctx.currencies.includes(code)) throw crmError('Invalid value for the "Currency" field');
      return { ok: true, value: code };
    }
    default:
      return typeof v === "object" ? { ok: false } : { ok: true, value: String(v) };
  }
}

function internalUf(def: UserFieldSeed, v: unknown, ctx: FieldContext): unknown {
  const one = (x: unknown): unknown => {
    if (x === null || x === undefined || x === "") return null;
    switch (def.type ?? "string") {
      case "integer":
        return Number.isFinite(Number(x)) ? Math.trunc(Number(x)) : null;
      case "double":
        return Number.isFinite(Number(x)) ? Number(x) : null;
      case "boolean":
        return isTruthy(x) || x === "on" ? 1 : 0;
      case "date":
      case "datetime":
        return parseDate(x, ctx.tz);
      default:
        return typeof x === "object" ? null : String(x);
    }
  };
  if (def.multiple)
    return phpValues(isPhpArray(v) ? v : [v])
      .map(one)
      .filter((x) => x !== null);
  return one(isPhpArray(v) ? phpValues(v)[0] : v);
}

export type Internalized = {
  values: Record<string, unknown>;
  uf: Record<string, unknown>;
  multi?: Partial<Record<MultiType, unknown[]>>;
  contactIds?: number[];
};

/** Keeps known writable fields (converted), drops the rest silently (§2.0, §5.1.8). */
export function internalize(kind: EntityKind, fields: Record<string, unknown>, ctx: FieldContext, isUpdate: boolean): Internalized {
  const spec = FIELD_SPECS[kind];
  const out: Internalized = { values: {}, uf: {} };
  for (const [name, raw] of Object.entries(fields)) {
    const s = spec[name];
    if (s) {
      if (s.readOnly || (isUpdate && s.immutable)) continue;
      const r = internalValue(s.kind, raw, ctx);
      if (r.ok) out.values[name] = r.value;
      continue;
    }
    if (hasMultiFields(kind) && (MULTI_TYPES as readonly string[]).includes(name)) {
      if (isPhpArray(raw)) out.multi = { ...out.multi, [name]: phpValues(raw) };
      continue;
    }
    if (name === "CONTACT_IDS" && kind !== "contact") {
      const ids = phpValues(isPhpArray(raw) ? raw : [raw])
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0);
      out.contactIds = [...new Set(ids)];
      continue;
    }
    const uf = ctx.userFields.find((f) => f.entity === kind && f.code === name);
    if (uf) out.uf[name] = internalUf(uf, raw, ctx);
  }
  return out;
}

const DEFAULT_VALUE_TYPE: Record<MultiType, string> = { PHONE: "WORK", EMAIL: "WORK", WEB: "WORK", IM: "OTHER" };

/** Multi-field write semantics (§2.0): no ID → append; ID + VALUE → rewrite; ID + DELETE=Y or empty VALUE → delete. */
export function applyMulti(entity: Entity, multi: Partial<Record<MultiType, unknown[]>>, nextId: () => number): void {
  for (const [type, items] of Object.entries(multi) as Array<[MultiType, unknown[]]>) {
    for (const item of items) {
      if (!isRecord(item)) continue;
      const id = Number(item.ID);
      const value = item.VALUE === undefined || item.VALUE === null ? "" : String(item.VALUE).trim();
      const valueType = item.VALUE_TYPE ? String(item.VALUE_TYPE).toUpperCase() : DEFAULT_VALUE_TYPE[type];
      const existing = Number.isInteger(id) && id > 0 ? entity.multi.find((m) => m.id === id && m.typeId === type) : undefined;
      if (existing) {
        if (isTruthy(item.DELETE) || value === "") entity.multi = entity.multi.filter((m) => m !== existing);
        else Object.assign(existing, { value, valueType: item.VALUE_TYPE ? valueType : existing.valueType });
      } else if (value !== "" && !isTruthy(item.DELETE)) {
        entity.multi.push({ id: nextId(), typeId: type, valueType, value });
      }
    }
  }
  if (hasMultiFields(entity.kind)) {
    entity.values.HAS_PHONE = entity.multi.some((m) => m.typeId === "PHONE") ? "Y" : "N";
    entity.values.HAS_EMAIL = entity.multi.some((m) => m.typeId === "EMAIL") ? "Y" : "N";
    entity.values.HAS_IMOL = "N";
  }
}

function externalValue(s: FieldSpec, v: unknown, tz: string): unknown {
  if (v === null || v === undefined) {
    if (s.kind === "dt" || s.kind === "d") return "";
    return s.emptyZero ? "0" : null;
  }
  if (s.kind === "m") return Number(v).toFixed(2);
  if (s.kind === "dt" || s.kind === "d") return formatDate(Number(v), tz);
  return String(v);
}

function externalUf(def: UserFieldSeed | undefined, v: unknown, tz: string): unknown {
  const one = (x: unknown): unknown => {
    if (x === null || x === undefined) return null;
    if (def?.type === "boolean") return x === 1;
    if (def?.type === "date" || def?.type === "datetime") return formatDate(Number(x), tz);
    return String(x);
  };
  if (def?.multiple) return Array.isArray(v) ? v.map(one) : [];
  if (def?.type === "boolean" && (v === null || v === undefined)) return false;
  return one(v);
}

export function multiRows(entity: Entity, type: MultiType): B24Row[] {
  return entity.multi.filter((m) => m.typeId === type).map((m) => ({ ID: String(m.id), VALUE_TYPE: m.valueType, VALUE: m.value, TYPE_ID: m.typeId }));
}

/**
 * The row as *.get/*.list return it. `select` undefined = get (all standard + UF + non-empty multi-fields);
 * otherwise list select rules: empty or "*" = standard fields, "UF_*" = all UF, explicit names incl. PHONE/EMAIL.
 */
export function externalize(entity: Entity, ctx: FieldContext, select?: string[]): B24Row {
  const spec = FIELD_SPECS[entity.kind];
  const ufDefs = ctx.userFields.filter((f) => f.entity === entity.kind);
  const names: string[] = [];
  if (select === undefined) names.push(...Object.keys(spec), ...ufDefs.map((f) => f.code), ...(hasMultiFields(entity.kind) ? MULTI_TYPES : []));
  else {
    const wanted = select.length === 0 ? ["*"] : select;
    for (const w of wanted) {
      if (w === "*") names.push(...Object.keys(spec));
      else if (w === "UF_*") names.push(...ufDefs.map((f) => f.code));
      else names.push(w);
    }
  }
  const row: B24Row = {};
  for (const name of new Set(names)) {
    const s = spec[name];
    if (s) row[name] = externalValue(s, entity.values[name], ctx.tz);
    else if (hasMultiFields(entity.kind) && (MULTI_TYPES as readonly string[]).includes(name)) {
      const rows = multiRows(entity, name as MultiType);
      if (rows.length > 0) row[name] = rows;
    } else {
      const def = ufDefs.find((f) => f.code === name);
      if (def) row[name] = externalUf(def, entity.uf[name], ctx.tz);
    }
  }
  return row;
}

const FIELD_TYPE_NAMES: Record<Kind, string> = {
  s: "string",
  i: "integer",
  m: "double",
  c: "char",
  dt: "datetime",
  d: "date",
  st: "crm_status",
  cur: "crm_currency",
  u: "user",
  l: "integer",
};

const title = (name: string) => name.charAt(0) + name.slice(1).toLowerCase().replace(/_/g, " ");

/** crm.lead.fields / crm.deal.fields / crm.contact.fields (§2.14). */
export function describeFields(kind: EntityKind, ctx: FieldContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(FIELD_SPECS[kind])) {
    out[name] = {
      type: name === "CATEGORY_ID" ? "crm_category" : FIELD_TYPE_NAMES[s.kind],
      isRequired: false,
      isReadOnly: s.readOnly,
      isImmutable: s.immutable,
      isMultiple: false,
      isDynamic: false,
      title: title(name),
      ...(s.statusType ? { statusType: s.statusType } : {}),
    };
  }
  if (hasMultiFields(kind)) {
    for (const t of MULTI_TYPES)
      out[t] = { type: "crm_multifield", isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: true, isDynamic: false, title: title(t) };
  }
  for (const f of ctx.userFields.filter((u) => u.entity === kind)) {
    const label = f.label ?? f.code;
    out[f.code] = {
      type: f.type === "integer" ? "integer" : (f.type ?? "string"),
      isRequired: f.mandatory ?? false,
      isReadOnly: false,
      isImmutable: false,
      isMultiple: f.multiple ?? false,
      isDynamic: true,
      title: f.code,
      listLabel: label,
      formLabel: label,
      filterLabel: label,
      ...(f.items ? { items: f.items.map((i) => ({ ID: String(i.id), VALUE: i.value })) } : {}),
    };
  }
  return out;
}
