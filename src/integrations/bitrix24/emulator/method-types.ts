/** The shape of an emulated REST method (apart from methods.ts, which methods-directory.ts must not import back). */
import type { Emit } from "./crm.js";
import type { Params } from "./params.js";
import type { PortalState } from "./state.js";
import type { EntityKind } from "./types.js";

export type MethodResult = { result: unknown; total?: number; next?: number };
export type CallContext = { state: PortalState; params: Params; now: number; userId: number; emit: Emit };
export type MethodDef = {
  scope: "crm" | "user";
  handler: (ctx: CallContext) => MethodResult;
  /** Set on *.add methods, for the create counters. */
  creates?: EntityKind;
};
