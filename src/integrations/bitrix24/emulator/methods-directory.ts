/** Directory methods: crm.status.list, crm.category.list, crm.duplicate.findbycomm, user.get (§2.11–§2.16). */
import type { MethodDef } from "./method-types.js";
import { isPhpArray, isRecord, isTruthy, type Params, param, phpValues } from "./params.js";
import { paginate } from "./query.js";
import { PortalState, type StatusRow } from "./state.js";
import type { UserSeed } from "./types.js";
import { crmError, phoneKey, RestError } from "./util.js";

const EXTRA_SEMANTICS = (entityId: string) => entityId === "STATUS" || entityId.startsWith("DEAL_STAGE");

function statusRow(s: StatusRow) {
  const semantic = PortalState.semanticId(s);
  return {
    ID: String(s.rowId),
    ENTITY_ID: s.entityId,
    STATUS_ID: s.statusId,
    NAME: s.name,
    NAME_INIT: s.nameInit,
    SORT: String(s.sort),
    SYSTEM: s.system ? "Y" : "N",
    CATEGORY_ID: s.categoryId === null ? null : String(s.categoryId),
    COLOR: s.color === "" ? null : s.color,
    SEMANTICS: semantic === "P" ? null : semantic,
    ...(EXTRA_SEMANTICS(s.entityId) ? { EXTRA: { SEMANTICS: s.semantics ?? "process", COLOR: s.color } } : {}),
  };
}

const STRING_ONLY_FILTERS = ["ENTITY_ID", "STATUS_ID", "SORT", "SEMANTICS"];

function statusList(state: PortalState, params: Params) {
  const filter = param(params, "filter");
  if (filter !== undefined && filter !== "" && !isPhpArray(filter)) throw crmError("Parameter 'filter' must be array.");
  const conditions = Object.entries(isRecord(filter) ? filter : {}).map(([key, wanted]) => {
    const name = key.replace(/^=/, "").toUpperCase();
    if (STRING_ONLY_FILTERS.includes(name) && typeof wanted !== "string" && typeof wanted !== "number") throw crmError(`Filter by ${name} must be a string`);
    return (row: Record<string, unknown>) => !(name in row) || String(row[name] ?? "") === String(wanted);
  });
  const order = param(params, "order");
  const [orderKey, orderDir] = isRecord(order) && Object.keys(order).length > 0 ? (Object.entries(order)[0] ?? ["SORT", "ASC"]) : ["SORT", "ASC"];
  const key = String(orderKey).toUpperCase();
  const rows = [];
  for (const s of state.statuses) {
    const row = statusRow(s);
    if (conditions.every((c) => c(row))) rows.push({ row, s });
  }
  const value = (x: { row: Record<string, unknown>; s: StatusRow }) => (key === "SORT" ? x.s.sort : key === "ID" ? x.s.rowId : String(x.row[key] ?? ""));
  rows.sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const cmp = x === y ? a.s.rowId - b.s.rowId : x < y ? -1 : 1;
    return String(orderDir).toUpperCase() === "DESC" ? -cmp : cmp;
  });
  return { result: rows.map((r) => r.row), total: rows.length };
}

function findByComm(state: PortalState, params: Params) {
  const rawType = param(params, "type");
  if (rawType === undefined || rawType === "") throw crmError("Communication type is not defined.");
  const type = String(rawType).toUpperCase();
  if (type !== "PHONE" && type !== "EMAIL") throw crmError(`Communication type '${String(rawType)}' is not supported in current context.`);
  const values = [...new Set(phpValues(param(params, "values")).map((v) => String(v).trim()))].filter((v) => v !== "").slice(0, 20);
  if (values.length === 0) throw crmError("Communication values is not defined.");
  const entityType = param(params, "entity_type");
  const kinds = entityType === undefined || entityType === "" ? ["CONTACT", "LEAD", "COMPANY"] : [String(entityType).toUpperCase()];
  const bad = kinds.find((k) => !["CONTACT", "LEAD", "COMPANY"].includes(k));
  if (bad) throw crmError(`Entity type '${String(entityType)}' is not supported in current context.`);
  const key = (v: string) => (type === "PHONE" ? phoneKey(v) : v.toLowerCase());
  const wanted = new Set(values.map(key).filter((k) => k !== ""));
  const result: Record<string, number[]> = {};
  for (const k of kinds) {
    if (k === "COMPANY") continue;
    const store = state.entities[k === "LEAD" ? "lead" : "contact"];
    const ids = [...store.values()]
      .filter((e) => e.multi.some((m) => m.typeId === type && wanted.has(key(m.value))))
      .map((e) => e.id)
      .sort((a, b) => a - b)
      .slice(0, 20);
    if (ids.length > 0) result[k] = ids;
  }
  return { result: Object.keys(result).length === 0 ? [] : result };
}

function userRow(u: UserSeed) {
  return {
    ID: String(u.id),
    XML_ID: null,
    ACTIVE: u.active ?? true,
    NAME: u.name,
    LAST_NAME: u.lastName ?? "",
    SECOND_NAME: "",
    EMAIL: u.email ?? "",
    PERSONAL_GENDER: "",
    WORK_POSITION: u.workPosition ?? "",
    UF_DEPARTMENT: [1],
    IS_ONLINE: "N",
    USER_TYPE: "employee",
  };
}

function userGet(state: PortalState, params: Params) {
  const nested = param(params, "filter");
  const filter: Record<string, unknown> = isRecord(nested) ? { ...nested } : {};
  for (const k of ["ID", "ACTIVE", "EMAIL", "NAME", "LAST_NAME"]) {
    const v = param(params, k);
    if (v !== undefined) filter[k] = v;
  }
  const rows = state.users
    .filter((u) =>
      Object.entries(filter).every(([k, v]) => {
        const name = k.replace(/^[=@]/, "").toUpperCase();
        if (name === "ID")
          return phpValues(isPhpArray(v) ? v : [v])
            .map(String)
            .includes(String(u.id));
        if (name === "ACTIVE") return isTruthy(v) === (u.active ?? true);
        const field = { EMAIL: u.email, NAME: u.name, LAST_NAME: u.lastName }[name as "EMAIL"];
        return !["EMAIL", "NAME", "LAST_NAME"].includes(name) || String(field ?? "").toLowerCase() === String(v).toLowerCase();
      }),
    )
    .sort((a, b) => a.id - b.id);
  const { page, total, next } = paginate(rows, param(params, "start"));
  return next === undefined ? { result: page.map(userRow), total } : { result: page.map(userRow), total, next };
}

function categoryList(state: PortalState, params: Params) {
  const raw = param(params, "entityTypeId");
  const entityTypeId = Number(raw);
  if (entityTypeId !== 2) {
    if ([1, 3, 4].includes(entityTypeId)) throw new RestError(400, "ENTITY_TYPE_NOT_SUPPORTED", `Entity type ${entityTypeId} is not supported`);
    throw new RestError(400, "NOT_FOUND", "Smart process not found");
  }
  const categories = [...state.funnels]
    .sort((a, b) => a.sort - b.sort || a.id - b.id)
    .map((f) => ({
      id: f.id,
      name: f.name,
      sort: f.sort,
      entityTypeId: 2,
      isDefault: f.id === 0 ? "Y" : "N",
      ...(f.id === 0 ? {} : { originId: "", originatorId: "" }),
    }));
  return { result: { categories }, total: categories.length };
}

export const directoryMethods: Record<string, MethodDef> = {
  "crm.status.list": { scope: "crm", handler: (ctx) => statusList(ctx.state, ctx.params) },
  "crm.category.list": { scope: "crm", handler: (ctx) => categoryList(ctx.state, ctx.params) },
  "crm.duplicate.findbycomm": { scope: "crm", handler: (ctx) => findByComm(ctx.state, ctx.params) },
  "user.get": { scope: "user", handler: (ctx) => userGet(ctx.state, ctx.params) },
};
