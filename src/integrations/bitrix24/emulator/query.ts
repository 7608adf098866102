/**
 * Legacy list semantics: filter operators (§2.4), order, select and the 50-row paging with its
 * out-of-range quirk and start=-1 (§1.5).
 */
import { type Entity, FIELD_SPECS, type FieldContext, MULTI_TYPES } from "./fields.js";
import { isPhpArray, isRecord, isTruthy, phpValues } from "./params.js";
import { crmError, Errors, parseDate, phoneKey } from "./util.js";

export const PAGE_SIZE = 50;

type Op = "=" | "!" | ">" | ">=" | "<" | "<=" | "@" | "!@" | "%" | "!%" | "like" | "!like";
const PREFIXES: Array<[string, Op]> = [
  ["!=%", "!like"],
  ["!%=", "!like"],
  ["!@", "!@"],
  ["!%", "!%"],
  ["=%", "like"],
  ["%=", "like"],
  [">=", ">="],
  ["<=", "<="],
  ["!=", "!"],
  ["@", "@"],
  ["!", "!"],
  ["=", "="],
  [">", ">"],
  ["<", "<"],
  ["%", "%"],
];

type Comparable = "number" | "date" | "bool" | "phone" | "string";

function comparableOf(kind: Entity["kind"], name: string, ctx: FieldContext): Comparable | undefined {
  const s = FIELD_SPECS[kind][name];
  if (s) return ["i", "u", "l", "m"].includes(s.kind) ? "number" : s.kind === "dt" || s.kind === "d" ? "date" : "string";
  if (name === "PHONE" && kind !== "deal") return "phone";
  if ((MULTI_TYPES as readonly string[]).includes(name) && kind !== "deal") return "string";
  const uf = ctx.userFields.find((f) => f.entity === kind && f.code === name);
  if (!uf) return undefined;
  if (uf.type === "integer" || uf.type === "double") return "number";
  if (uf.type === "date" || uf.type === "datetime") return "date";
  return uf.type === "boolean" ? "bool" : "string";
}

function entityValues(e: Entity, name: string): unknown[] {
  if (name === "CONTACT_ID" && e.kind !== "contact") return e.contactIds.length > 0 ? e.contactIds : [null];
  if ((MULTI_TYPES as readonly string[]).includes(name)) {
    const values = e.multi.filter((m) => m.typeId === name).map((m) => m.value);
    return values.length > 0 ? values : [null];
  }
  const v = name in FIELD_SPECS[e.kind] ? e.values[name] : e.uf[name];
  if (Array.isArray(v)) return v.length > 0 ? v : [null];
  return [v ?? null];
}

function normalize(v: unknown, c: Comparable, tz: string): number | string | null {
  if (v === null || v === undefined || v === "") return null;
  switch (c) {
    case "number":
      return Number.isFinite(Number(v)) ? Number(v) : null;
    case "date":
      return parseDate(v, tz);
    case "bool":
      return isTruthy(v) ? 1 : 0;
    case "phone":
      return phoneKey(String(v));
    default:
      return String(v).toLowerCase();
  }
}

const likeRegex = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      .replace(/%/g, ".*")
      .replace(/_/g, ".")}$`,
    "i",
  );

function test(op: Op, actual: number | string | null, wanted: unknown, c: Comparable, tz: string): boolean {
  if (op === "@" || op === "!@") {
    const list = phpValues(isPhpArray(wanted) ? wanted : String(wanted).split(",")).map((w) => normalize(w, c, tz));
    return list.includes(actual) === (op === "@");
  }
  if (op === "=" && isPhpArray(wanted)) return test("@", actual, wanted, c, tz);
  const w = normalize(wanted, c, tz);
  switch (op) {
    case "=":
      return actual === w;
    case "!":
      return actual !== w;
    case "%":
    case "!%":
      return (actual !== null && String(actual).toLowerCase().includes(String(wanted).toLowerCase())) === (op === "%");
    case "like":
    case "!like":
      return (actual !== null && likeRegex(String(wanted)).test(String(actual))) === (op === "like");
    default: {
      if (actual === null || w === null) return false;
      if (op === ">") return actual > w;
      if (op === ">=") return actual >= w;
      if (op === "<") return actual < w;
      return actual <= w;
    }
  }
}

export type Condition = (e: Entity) => boolean;

/** Compiles a filter object; unknown operators → 400 ERROR_ARGUMENT; unknown fields are ignored. */
export function compileFilter(kind: Entity["kind"], filter: unknown, ctx: FieldContext): Condition {
  if (filter === undefined || filter === null || filter === "") return () => true;
  if (!isPhpArray(filter)) throw crmError("Parameter 'filter' must be array.");
  const conditions: Condition[] = [];
  for (const [key, wanted] of Object.entries(filter)) {
    const prefix = PREFIXES.find(([p]) => key.startsWith(p));
    const op: Op = prefix?.[1] ?? "=";
    const name = key.slice(prefix?.[0].length ?? 0);
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw Errors.argument(`Filter operation not allowed: ${key}`, "filter");
    const c = comparableOf(kind, name, ctx);
    if (!c) continue;
    const negative = op === "!" || op === "!@" || op === "!%" || op === "!like";
    conditions.push((e) => {
      const values = entityValues(e, name).map((v) => normalize(v, c, ctx.tz));
      return negative ? values.every((v) => test(op, v, wanted, c, ctx.tz)) : values.some((v) => test(op, v, wanted, c, ctx.tz));
    });
  }
  return (e) => conditions.every((cond) => cond(e));
}

/** Sorts by an `order` object ({FIELD: "ASC"|"DESC"}); default ID ASC [inferred]. Nulls sort first. */
export function sortEntities(kind: Entity["kind"], rows: Entity[], order: unknown, ctx: FieldContext): Entity[] {
  if (order !== undefined && order !== null && order !== "" && !isPhpArray(order)) throw crmError("Parameter 'order' must be array.");
  const keys = isRecord(order) && Object.keys(order).length > 0 ? Object.entries(order) : [["ID", "ASC"] as [string, unknown]];
  return [...rows].sort((a, b) => {
    for (const [name, dir] of keys) {
      const c = comparableOf(kind, name, ctx);
      if (!c) continue;
      const x = normalize(entityValues(a, name)[0], c, ctx.tz);
      const y = normalize(entityValues(b, name)[0], c, ctx.tz);
      if (x === y) continue;
      const cmp = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return String(dir).toUpperCase() === "DESC" ? -cmp : cmp;
    }
    return a.id - b.id;
  });
}

/** select as a list of names (array or PHP-keyed object); anything else = default select. */
export function selectList(select: unknown): string[] {
  return phpValues(select).filter((s): s is string => typeof s === "string" && s !== "");
}

/**
 * 50-row pages: start floored to a multiple of 50, `next` only when more rows follow,
 * out-of-range start → page 1 (legacy quirk), start=-1 → first 50 without counting (total 0).
 */
export function paginate<T>(rows: T[], startRaw: unknown): { page: T[]; total: number; next?: number } {
  const start = Number(startRaw ?? 0);
  if (start === -1) return { page: rows.slice(0, PAGE_SIZE), total: 0 };
  const total = rows.length;
  let pageNo = Number.isFinite(start) && start > 0 ? Math.floor(start / PAGE_SIZE) + 1 : 1;
  if (pageNo > Math.max(1, Math.ceil(total / PAGE_SIZE))) pageNo = 1;
  const offset = (pageNo - 1) * PAGE_SIZE;
  const page = rows.slice(offset, offset + PAGE_SIZE);
  return offset + PAGE_SIZE < total ? { page, total, next: offset + PAGE_SIZE } : { page, total };
}
