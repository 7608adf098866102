/**
 * `batch` (§4.7): ≤ 50 sequential sub-calls written as "method?query", `$result[key][...]`,
 * `$next`, `$total`, `$error` references, `halt`, per-call errors with HTTP 200.
 */
import { isPhpArray, isRecord, isTruthy, type Params, param, parseQueryString, phpArray } from "./params.js";
import { normalizeMethod, type Outcome, type TimeBlock } from "./runtime.js";
import { crmError, RestError } from "./util.js";

export const BATCH_MAX_LENGTH = 50;

type Sections = {
  result: Record<string, unknown>;
  result_error: Record<string, unknown>;
  result_total: Record<string, unknown>;
  result_next: Record<string, unknown>;
  result_time: Record<string, TimeBlock>;
};

export type SubCall = (method: string, params: Params) => Outcome;

const REF = /\$(result|next|total|error)((?:\[[^\]]*\])+)/g;

function lookup(sections: Sections, kind: string, path: string): unknown {
  const segments = [...path.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? "");
  const [key, ...rest] = segments;
  if (key === undefined) return undefined;
  const source = { result: sections.result, next: sections.result_next, total: sections.result_total, error: sections.result_error }[kind];
  let node: unknown = source?.[key];
  for (const seg of rest) {
    if (Array.isArray(node)) node = node[Number(seg)];
    else if (isRecord(node)) node = node[seg];
    else return undefined;
  }
  return node;
}

/** Replaces references in every string value: a whole-value reference by the value itself, embedded ones as text. */
function substitute(value: unknown, sections: Sections): unknown {
  if (typeof value === "string") {
    const whole = new RegExp(`^${REF.source}$`).exec(value);
    if (whole) {
      const v = lookup(sections, whole[1] ?? "", whole[2] ?? "");
      return v === undefined ? value : v;
    }
    return value.replace(REF, (m, kind: string, path: string) => {
      const v = lookup(sections, kind, path);
      return v === undefined || typeof v === "object" ? (v === undefined ? m : "") : String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, sections));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, sections)]));
  return value;
}

export type BatchCallback = (key: string, method: string | null, params: Params, outcome: Outcome) => void;

export function runBatch(params: Params, subCall: SubCall, onSubCall: BatchCallback) {
  const cmd = param(params, "cmd");
  if (!isPhpArray(cmd)) throw crmError("Parameter 'cmd' must be array.");
  const halt = isTruthy(param(params, "halt"));
  const s: Sections = { result: {}, result_error: {}, result_total: {}, result_next: {}, result_time: {} };
  const entries = Array.isArray(cmd) ? cmd.map((v, i) => [String(i), v] as const) : Object.entries(cmd);
  for (const [index, [key, raw]] of entries.entries()) {
    const text = String(raw ?? "");
    const q = text.indexOf("?");
    const method = normalizeMethod(q === -1 ? text : text.slice(0, q));
    const subParams = substitute(parseQueryString(q === -1 ? "" : text.slice(q + 1)), s) as Params;
    let outcome: Outcome;
    if (index >= BATCH_MAX_LENGTH) outcome = { ok: false, error: new RestError(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded") };
    else if (method === "batch") outcome = { ok: false, error: new RestError(400, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage") };
    else outcome = subCall(method, subParams);
    onSubCall(key, method || null, subParams, outcome);
    if (!outcome.ok) {
      s.result_error[key] = { error: outcome.error.code, error_description: outcome.error.description };
      if (halt) break;
      continue;
    }
    s.result[key] = outcome.result;
    if (outcome.total !== undefined) s.result_total[key] = outcome.total;
    if (outcome.next !== undefined) s.result_next[key] = outcome.next;
    s.result_time[key] = outcome.time;
  }
  return {
    result: {
      result: phpArray(s.result),
      result_error: phpArray(s.result_error),
      result_total: phpArray(s.result_total),
      result_next: phpArray(s.result_next),
      result_time: phpArray(s.result_time),
    },
  };
}
