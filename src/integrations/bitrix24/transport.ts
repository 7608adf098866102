/**
 * One HTTP exchange with the portal and the retry loop around it (BITRIX24.md §1.2–§1.4, §4.3, §4.6;
 * SECURITY.md F1–F3, F11). Everything above this file sees either a parsed success envelope or a Bitrix24Error.
 */
import { Bitrix24Error, errorFromEnvelope, invalidResponseError, networkError, redactSecret, timeoutError } from "./errors.js";
import { errorEnvelopeSchema, successEnvelopeSchema } from "./payloads.js";
import type { Clock, Outcome, RateLimiter } from "./rate-limiter.js";
import type { BatchCommand, BatchOutcome, Envelope } from "./types.js";

export type { Envelope } from "./types.js";

export interface TransportOptions {
  webhookUrl: string;
  timeoutMs: number;
  maxRetries: number;
  fetch: typeof globalThis.fetch;
  limiter: RateLimiter;
  clock: Clock;
  /** Returns [0, 1); full jitter multiplies the back-off ceiling by it. */
  random: () => number;
  backoffBaseMs: number;
  backoffCapMs: number;
  userAgent: string;
}

export interface RequestOptions {
  /**
   * False for calls that create something (`*.add`): after an ambiguous failure (timeout, reset, 5xx)
   * the error is surfaced instead of retried, so the caller can look the record up by ORIGIN_ID first (§4.6).
   */
  idempotent: boolean;
}

export interface Transport {
  request(method: string, params: Record<string, unknown>, options: RequestOptions): Promise<Envelope>;
}

const METHOD_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/i;

/** Validates the webhook URL and returns it with exactly one trailing slash. The message never echoes the URL. */
export function normalizeWebhookUrl(webhookUrl: string): { base: string; secrets: string[] } {
  let url: URL;
  try {
    url = new URL(webhookUrl.trim());
  } catch {
    throw new TypeError("Bitrix24 webhook URL is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError("Bitrix24 webhook URL must use http or https");
  if (url.search || url.hash) throw new TypeError("Bitrix24 webhook URL must not have a query or fragment");
  const base = url.href.endsWith("/") ? url.href : `${url.href}/`;
  const segments = url.pathname.split("/").filter(Boolean);
  const code = segments.at(-1) ?? "";
  return { base, secrets: [webhookUrl.trim(), base, base.slice(0, -1), code].filter((s) => s.length >= 4) };
}

/** `min(cap, base · 2^attempt) · random()`: exponential back-off with full jitter. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.floor(ceiling * random());
}

function causeCode(e: unknown): string {
  let cur: unknown = e;
  for (let depth = 0; depth < 4 && cur && typeof cur === "object"; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return e instanceof Error && e.name !== "Error" && e.name !== "TypeError" ? e.name : "UNKNOWN";
}

export function createTransport(o: TransportOptions): Transport {
  const { base, secrets } = normalizeWebhookUrl(o.webhookUrl);
  const clean = (text: string) => redactSecret(text, secrets).slice(0, 1000);

  /** One attempt: POST JSON, bounded by timeoutMs from the first byte sent to the last byte read. */
  async function send(method: string, params: Record<string, unknown>): Promise<Envelope> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, o.timeoutMs);
    let status: number;
    let text: string;
    try {
      const res = await o.fetch(`${base}${method}.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "User-Agent": o.userAgent },
        body: JSON.stringify(params),
        signal: controller.signal,
        redirect: "error", // a redirect would re-send the body to a host we did not configure
      });
      status = res.status;
      text = await res.text();
    } catch (e) {
      if (timedOut) throw timeoutError(method, o.timeoutMs);
      throw networkError(method, causeCode(e));
    } finally {
      clearTimeout(timer);
    }
    return parse(method, status, text);
  }

  function parse(method: string, status: number, text: string): Envelope {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw invalidResponseError(method, status, status >= 200 && status < 300 ? "response is not JSON" : `HTTP ${status} without a JSON body`);
    }
    const err = errorEnvelopeSchema.safeParse(json);
    if (err.success) throw errorFromEnvelope(method, status, clean(err.data.error), clean(err.data.error_description ?? ""));
    if (status < 200 || status >= 300) return throwStatus(method, status);
    const ok = successEnvelopeSchema.safeParse(json);
    if (!ok.success) throw invalidResponseError(method, status, "response has no result");
    return ok.data;
  }

  function throwStatus(method: string, status: number): never {
    throw errorFromEnvelope(method, status, "", `HTTP ${status}`);
  }

  async function request(method: string, params: Record<string, unknown>, options: RequestOptions): Promise<Envelope> {
    if (!METHOD_NAME.test(method)) throw new TypeError("Bitrix24 method name must look like crm.lead.add");
    for (let attempt = 0; ; attempt++) {
      const slot = await o.limiter.acquire(method);
      if (!slot.ok) {
        throw new Bitrix24Error({
          method,
          httpStatus: 429,
          code: "OPERATION_TIME_LIMIT",
          description: "method paused by the client after a 429 from the portal",
          kind: "operation_limit",
          retryable: true,
          ambiguous: false,
          retryAfterMs: slot.blockedForMs,
          attempts: attempt,
        });
      }
      let outcome: Outcome = "no_answer";
      try {
        const envelope = await send(method, params);
        outcome = "answered";
        return envelope;
      } catch (e) {
        if (!(e instanceof Bitrix24Error)) throw e;
        e.attempts = attempt + 1;
        outcome = e.kind === "rate_limit" ? "rate_limited" : e.httpStatus !== null ? "answered" : "no_answer";
        if (e.kind === "operation_limit") {
          // The method is blocked for minutes: waiting inside one call would stall the caller. Surface it.
          const blocked = o.limiter.onOperationLimit(method);
          throw new Bitrix24Error({
            method,
            httpStatus: e.httpStatus,
            code: e.code,
            description: e.description,
            kind: e.kind,
            retryable: true,
            ambiguous: false,
            retryAfterMs: blocked,
            attempts: attempt + 1,
          });
        }
        const mayRetry = e.retryable && attempt < o.maxRetries && (options.idempotent || !e.ambiguous);
        if (!mayRetry) throw e;
      } finally {
        o.limiter.settle(slot.permit, outcome);
      }
      await o.clock.sleep(backoffDelay(attempt, o.backoffBaseMs, o.backoffCapMs, o.random));
    }
  }

  return { request };
}

// ---- batch sub-call encoding (§4.7) ----

/** `$result[key]…`, `$next[key]`, `$total[key]`, `$error[key]`: substituted by the portal inside one batch. */
const REF = /\$(result|next|total|error)((?:\[[^\]]*\])+)/g;
const segmentsOf = (brackets: string) => [...brackets.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? "");

/** PHP bracket notation for one sub-call. References stay literal so the portal can substitute them. */
export function encodeBatchCommand(command: BatchCommand): { method: string; line: string } {
  const method = typeof command === "string" ? (command.split("?", 1)[0] ?? "") : command.method;
  if (!METHOD_NAME.test(method)) throw new TypeError("Bitrix24 method name must look like crm.lead.add");
  if (typeof command === "string") return { method, line: command };
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(command.params ?? {})) encodePair(encodeURIComponent(k), v, pairs);
  return { method, line: pairs.length > 0 ? `${method}?${pairs.join("&")}` : method };
}

function encodePair(key: string, value: unknown, out: string[]): void {
  if (value === undefined) return;
  if (value === null) out.push(`${key}=`);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) encodePair(`${key}[${i}]`, v, out);
  else if (value instanceof Date) out.push(`${key}=${encodeURIComponent(value.toISOString())}`);
  else if (typeof value === "object") for (const [k, v] of Object.entries(value)) encodePair(`${key}[${encodeURIComponent(k)}]`, v, out);
  else if (typeof value === "boolean") out.push(`${key}=${value ? "Y" : "N"}`);
  else out.push(`${key}=${encodeValue(String(value))}`);
}

function encodeValue(s: string): string {
  let out = "";
  let last = 0;
  for (const m of s.matchAll(REF)) {
    out += encodeURIComponent(s.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + encodeURIComponent(s.slice(last));
}

function walkStrings(value: unknown, map: (s: string) => unknown): unknown {
  if (typeof value === "string") return map(value);
  if (Array.isArray(value)) return value.map((v) => walkStrings(v, map));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walkStrings(v, map)]));
  }
  return value;
}

/** The command keys a sub-call refers to. */
export function referencedKeys(command: BatchCommand): string[] {
  const keys: string[] = [];
  const scan = (s: string) => {
    for (const m of s.matchAll(REF)) keys.push(segmentsOf(m[2] ?? "")[0] ?? "");
    return s;
  };
  if (typeof command === "string") scan(command);
  else walkStrings(command.params ?? {}, scan);
  return keys;
}

/**
 * Replaces references to commands of an earlier chunk (more than 50 commands) with their values, as the portal
 * would have done: a reference that is the whole value becomes the value itself, one inside a string is
 * substituted as text.
 */
export function resolveReferences(command: BatchCommand, earlier: ReadonlySet<string>, done: BatchOutcome): BatchCommand {
  const lookup = (kind: string, segments: string[]): unknown => {
    const [key = "", ...path] = segments;
    const err = done.errors[key];
    let cur: unknown =
      kind === "result"
        ? done.result[key]
        : kind === "next"
          ? done.next[key]
          : kind === "total"
            ? done.total[key]
            : err && { error: err.code, error_description: err.description };
    for (const p of path) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[p] : undefined;
    return cur ?? "";
  };
  const scalar = (v: unknown) => {
    if (v !== null && typeof v === "object") throw new TypeError("a batch reference across chunks of 50 must point to a scalar inside a string");
    return String(v);
  };
  const isEarlier = (m: RegExpMatchArray) => earlier.has(segmentsOf(m[2] ?? "")[0] ?? "");
  const substitute = (s: string, encode: (v: string) => string) =>
    s.replace(REF, (whole, kind: string, brackets: string) =>
      earlier.has(segmentsOf(brackets)[0] ?? "") ? encode(scalar(lookup(kind, segmentsOf(brackets)))) : whole,
    );
  if (typeof command === "string") return substitute(command, encodeURIComponent);
  const params = walkStrings(command.params ?? {}, (s) => {
    const whole = [...s.matchAll(REF)];
    const first = whole[0];
    if (whole.length === 1 && first && first[0] === s && isEarlier(first)) return lookup(first[1] ?? "", segmentsOf(first[2] ?? ""));
    return substitute(s, (v) => v);
  });
  return { method: command.method, params: params as Record<string, unknown> };
}
