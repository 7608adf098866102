/**
 * Add / update / delete of leads, deals and contacts with Bitrix24's server-side rules:
 * silent fallbacks (unknown status/funnel/stage), computed semantics, default titles (§2.1–§2.9, §5.1.10–11).
 * Shared by the REST methods and the control API (manager actions).
 */
import { applyMulti, type Entity, internalize } from "./fields.js";
import { PortalState } from "./state.js";
import type { B24Row, EntityKind } from "./types.js";
import { crmError, Errors, offsetMinutes } from "./util.js";

export type EventAction = "ADD" | "UPDATE" | "DELETE";
/** Called for every change that raises an outbound event. */
export type Emit = (kind: EntityKind, action: EventAction, id: number) => void;
export type OpContext = { now: number; userId: number; emit: Emit };

export const eventName = (kind: EntityKind, action: EventAction) => `ONCRM${kind.toUpperCase()}${action}`;

const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;
const localMidnight = (state: PortalState, ms: number) => {
  const day = 86_400_000;
  const offset = offsetMinutes(state.tz) * 60_000;
  return Math.floor((ms + offset) / day) * day - offset;
};

export function findEntity(state: PortalState, kind: EntityKind, id: number): Entity | undefined {
  return state.entities[kind].get(id);
}

function setLeadStatus(state: PortalState, lead: Entity, statusId: string, ctx: OpContext): void {
  const row = state.leadStatuses().find((s) => s.statusId === statusId);
  const semantic = PortalState.semanticId(row);
  lead.values.STATUS_ID = statusId;
  lead.values.STATUS_SEMANTIC_ID = semantic;
  lead.values.MOVED_TIME = seconds(ctx.now);
  lead.values.MOVED_BY_ID = ctx.userId;
  lead.values.DATE_CLOSED = semantic === "P" ? null : seconds(ctx.now);
}

/** Puts a deal on a stage of its funnel and recomputes STAGE_SEMANTIC_ID, CLOSED, IS_NEW, MOVED_TIME. */
export function setDealStage(state: PortalState, deal: Entity, stageId: string, ctx: OpContext): void {
  const stages = state.stagesOf(Number(deal.values.CATEGORY_ID ?? 0));
  const row = stages.find((s) => s.statusId === stageId);
  const semantic = PortalState.semanticId(row);
  deal.values.STAGE_ID = stageId;
  deal.values.STAGE_SEMANTIC_ID = semantic;
  deal.values.CLOSED = semantic === "P" ? "N" : "Y";
  deal.values.IS_NEW = stages[0]?.statusId === stageId ? "Y" : "N";
  deal.values.MOVED_TIME = seconds(ctx.now);
  deal.values.MOVED_BY_ID = ctx.userId;
}

function takeContactBinding(entity: Entity, values: Record<string, unknown>, contactIds: number[] | undefined): void {
  if (contactIds) entity.contactIds = contactIds;
  else if ("CONTACT_ID" in values) entity.contactIds = typeof values.CONTACT_ID === "number" ? [values.CONTACT_ID] : [];
  delete values.CONTACT_ID;
}

function checkRequired(state: PortalState, kind: EntityKind, uf: Record<string, unknown>): void {
  for (const f of state.userFields.filter((u) => u.entity === kind && u.mandatory)) {
    const v = uf[f.code];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) throw crmError(`Field "${f.label ?? f.code}" is required.`);
  }
}

export function addEntity(state: PortalState, kind: EntityKind, fields: B24Row, ctx: OpContext): number {
  const input = internalize(kind, fields, state.fieldCtx(), false);
  checkRequired(state, kind, input.uf);
  const id = state.takeId(kind);
  const now = seconds(ctx.now);
  const entity: Entity = { kind, id, values: {}, uf: {}, multi: [], contactIds: [] };
  const common = { ASSIGNED_BY_ID: ctx.userId, OPENED: "Y", ...input.values };
  takeContactBinding(entity, common, input.contactIds);
  Object.assign(entity.values, common, { ID: id, DATE_CREATE: now, DATE_MODIFY: now, CREATED_BY_ID: ctx.userId, MODIFY_BY_ID: ctx.userId });
  entity.uf = input.uf;

  if (kind === "lead") {
    Object.assign(entity.values, { CURRENCY_ID: state.currency, OPPORTUNITY: 0, IS_MANUAL_OPPORTUNITY: "N", ...input.values });
    delete entity.values.CONTACT_ID;
    entity.values.TITLE ??= `Lead #${id}`;
    const statuses = state.leadStatuses();
    const wanted = statuses.find((s) => s.statusId === input.values.STATUS_ID) ?? statuses[0];
    setLeadStatus(state, entity, wanted?.statusId ?? "NEW", ctx);
    entity.values.IS_RETURN_CUSTOMER = entity.contactIds.length > 0 ? "Y" : "N";
  } else if (kind === "deal") {
    const explicit = input.values.CATEGORY_ID;
    let categoryId = typeof explicit === "number" ? explicit : 0;
    const fromStage = /^C(\d+):/.exec(String(input.values.STAGE_ID ?? ""));
    if (explicit === undefined && fromStage) categoryId = Number(fromStage[1]);
    if (!state.hasFunnel(categoryId)) categoryId = 0;
    const stages = state.stagesOf(categoryId);
    const stage = stages.find((s) => s.statusId === input.values.STAGE_ID) ?? stages[0];
    Object.assign(entity.values, {
      TYPE_ID: state.statuses.find((s) => s.entityId === "DEAL_TYPE")?.statusId ?? null,
      CURRENCY_ID: state.currency,
      OPPORTUNITY: 0,
      TAX_VALUE: 0,
      IS_MANUAL_OPPORTUNITY: "N",
      BEGINDATE: localMidnight(state, now),
      IS_RECURRING: "N",
      IS_RETURN_CUSTOMER: "N",
      IS_REPEATED_APPROACH: "N",
      ...input.values,
      CATEGORY_ID: categoryId,
    });
    delete entity.values.CONTACT_ID;
    entity.values.TITLE ??= `Deal #${id}`;
    setDealStage(state, entity, stage?.statusId ?? "NEW", ctx);
  } else {
    Object.assign(entity.values, { TYPE_ID: "CLIENT", EXPORT: "Y", ...input.values });
  }
  if (kind !== "contact") entity.values.CONTACT_ID = entity.contactIds[0] ?? null;
  applyMulti(entity, input.multi ?? {}, () => state.takeId("multiField"));
  state.entities[kind].set(id, entity);
  ctx.emit(kind, "ADD", id);
  return id;
}

export function updateEntity(state: PortalState, kind: EntityKind, id: number, fields: B24Row, ctx: OpContext): void {
  const entity = findEntity(state, kind, id);
  if (!entity) throw kind === "lead" ? crmError("Lead is not found") : Errors.notFound();
  const input = internalize(kind, fields, state.fieldCtx(), true);
  const values = { ...input.values };
  if (kind !== "contact") takeContactBinding(entity, values, input.contactIds);
  const statusId = values.STATUS_ID;
  const stageId = values.STAGE_ID;
  delete values.STATUS_ID;
  delete values.STAGE_ID;
  for (const [k, v] of Object.entries(values)) {
    if (v === null && ["CURRENCY_ID", "OPPORTUNITY"].includes(k)) continue;
    entity.values[k] = v;
  }
  Object.assign(entity.uf, input.uf);
  if (kind === "lead" && typeof statusId === "string" && statusId !== entity.values.STATUS_ID) {
    // Unknown status: silently not changed (§2.3).
    if (state.leadStatuses().some((s) => s.statusId === statusId)) setLeadStatus(state, entity, statusId, ctx);
  }
  if (kind === "deal" && typeof stageId === "string" && stageId !== entity.values.STAGE_ID) {
    // A stage of another funnel is silently ignored (§2.9).
    if (state.stagesOf(Number(entity.values.CATEGORY_ID)).some((s) => s.statusId === stageId)) setDealStage(state, entity, stageId, ctx);
  }
  if (kind !== "contact") entity.values.CONTACT_ID = entity.contactIds[0] ?? null;
  if (kind === "lead" && input.contactIds) entity.values.IS_RETURN_CUSTOMER = entity.contactIds.length > 0 ? "Y" : "N";
  if (input.multi) applyMulti(entity, input.multi, () => state.takeId("multiField"));
  entity.values.DATE_MODIFY = seconds(ctx.now);
  entity.values.MODIFY_BY_ID = ctx.userId;
  ctx.emit(kind, "UPDATE", id);
}

export function deleteEntity(state: PortalState, kind: EntityKind, id: number, ctx: OpContext): void {
  if (!state.entities[kind].delete(id)) throw Errors.notFound();
  ctx.emit(kind, "DELETE", id);
}

/** A silent funnel move (crm.item.update in real life): no event for outgoing webhooks (§3.2). */
export function moveDealToFunnel(state: PortalState, deal: Entity, categoryId: number, stageId: string | undefined, ctx: OpContext): void {
  if (!state.hasFunnel(categoryId)) throw crmError(`Category ${categoryId} not found`);
  const stages = state.stagesOf(categoryId);
  const stage = stages.find((s) => s.statusId === stageId) ?? stages[0];
  deal.values.CATEGORY_ID = categoryId;
  setDealStage(state, deal, stage?.statusId ?? "", ctx);
  deal.values.DATE_MODIFY = seconds(ctx.now);
}
