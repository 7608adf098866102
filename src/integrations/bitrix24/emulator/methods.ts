/**
 * The REST method table: crm.lead.*, crm.deal.*, crm.contact.*, crm.deal.contact.*.
 * Other methods live in methods-directory.ts; batch is wired in server.ts.
 */
import { addEntity, deleteEntity, findEntity, updateEntity } from "./crm.js";
import { describeFields, externalize } from "./fields.js";
import type { CallContext, MethodDef } from "./method-types.js";
import { directoryMethods } from "./methods-directory.js";
import { isPhpArray, isRecord, type Params, param, phpValues, toId } from "./params.js";
import { compileFilter, paginate, selectList, sortEntities } from "./query.js";
import type { B24Row, EntityKind } from "./types.js";
import { crmError, Errors } from "./util.js";

export type { CallContext, MethodDef, MethodResult } from "./method-types.js";

function fieldsParam(params: Params): B24Row {
  const fields = param(params, "fields");
  if (!isPhpArray(fields)) throw Errors.fieldsNotArray();
  const p = param(params, "params");
  if (p !== undefined && p !== "" && !isPhpArray(p)) throw crmError("Parameter 'params' must be array.");
  return isRecord(fields) ? fields : {};
}

function idParam(params: Params): number {
  const id = toId(param(params, "id"));
  if (id === null) throw Errors.badId();
  return id;
}

const op = (ctx: CallContext) => ({ now: ctx.now, userId: ctx.userId, emit: ctx.emit });

function entityMethods(kind: EntityKind): Record<string, MethodDef> {
  const p = `crm.${kind}`;
  return {
    [`${p}.add`]: { scope: "crm", creates: kind, handler: (ctx) => ({ result: addEntity(ctx.state, kind, fieldsParam(ctx.params), op(ctx)) }) },
    [`${p}.get`]: {
      scope: "crm",
      handler: (ctx) => {
        const entity = findEntity(ctx.state, kind, idParam(ctx.params));
        if (!entity) throw Errors.notFound();
        return { result: externalize(entity, ctx.state.fieldCtx()) };
      },
    },
    [`${p}.update`]: {
      scope: "crm",
      handler: (ctx) => {
        const id = idParam(ctx.params);
        updateEntity(ctx.state, kind, id, fieldsParam(ctx.params), op(ctx));
        return { result: true };
      },
    },
    [`${p}.delete`]: {
      scope: "crm",
      handler: (ctx) => {
        deleteEntity(ctx.state, kind, idParam(ctx.params), op(ctx));
        return { result: true };
      },
    },
    [`${p}.list`]: {
      scope: "crm",
      handler: (ctx) => {
        const fctx = ctx.state.fieldCtx();
        const matches = compileFilter(kind, param(ctx.params, "filter"), fctx);
        const rows = sortEntities(kind, [...ctx.state.entities[kind].values()].filter(matches), param(ctx.params, "order"), fctx);
        const select = selectList(param(ctx.params, "select"));
        const { page, total, next } = paginate(rows, param(ctx.params, "start"));
        const result = page.map((e) => externalize(e, fctx, select));
        return next === undefined ? { result, total } : { result, total, next };
      },
    },
    [`${p}.fields`]: { scope: "crm", handler: (ctx) => ({ result: describeFields(kind, ctx.state.fieldCtx()) }) },
  };
}

function dealOf(ctx: CallContext) {
  const deal = findEntity(ctx.state, "deal", idParam(ctx.params));
  if (!deal) throw Errors.notFound();
  return deal;
}

const dealContactMethods: Record<string, MethodDef> = {
  "crm.deal.contact.add": {
    scope: "crm",
    handler: (ctx) => {
      const deal = dealOf(ctx);
      const fields = fieldsParam(ctx.params);
      const contactId = toId(fields.CONTACT_ID);
      if (contactId === null) throw crmError("The parameter 'fields' must contain CONTACT_ID.");
      if (!findEntity(ctx.state, "contact", contactId)) throw Errors.notFound();
      const rest = deal.contactIds.filter((c) => c !== contactId);
      deal.contactIds = String(fields.IS_PRIMARY ?? "").toUpperCase() === "Y" || rest.length === 0 ? [contactId, ...rest] : [...rest, contactId];
      deal.values.CONTACT_ID = deal.contactIds[0] ?? null;
      return { result: true };
    },
  },
  "crm.deal.contact.items.get": {
    scope: "crm",
    handler: (ctx) => ({
      result: dealOf(ctx).contactIds.map((id, i) => ({ CONTACT_ID: id, SORT: (i + 1) * 10, ROLE_ID: 0, IS_PRIMARY: i === 0 ? "Y" : "N" })),
    }),
  },
  "crm.deal.contact.items.set": {
    scope: "crm",
    handler: (ctx) => {
      const deal = dealOf(ctx);
      const items = phpValues(param(ctx.params, "items")).filter(isRecord);
      const ids = items.map((i) => toId(i.CONTACT_ID)).filter((i): i is number => i !== null);
      const primary = items.find((i) => String(i.IS_PRIMARY ?? "").toUpperCase() === "Y");
      const first = primary ? toId(primary.CONTACT_ID) : null;
      deal.contactIds = first ? [first, ...ids.filter((i) => i !== first)] : [...new Set(ids)];
      deal.values.CONTACT_ID = deal.contactIds[0] ?? null;
      return { result: true };
    },
  },
};

export const METHODS: Record<string, MethodDef> = {
  ...entityMethods("lead"),
  ...entityMethods("deal"),
  ...entityMethods("contact"),
  ...dealContactMethods,
  ...directoryMethods,
};
