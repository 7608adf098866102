/**
 * The REST side of the HTTP server: /rest/<userId>/<secret>/<method>[.json] → faults, latency,
 * rate limit, method lookup, auth, operating limit, handler (§1.6), envelopes (§1.3/§1.4), events after the answer.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { runBatch } from "./batch.js";
import { type Params, parseBody, parseQueryString } from "./params.js";
import { isKnownMethod, normalizeMethod, type Runtime } from "./runtime.js";
import type { RequestLogEntry, RestFault } from "./types.js";
import { Errors, RestError } from "./util.js";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Splits /rest/… into credentials and method; `method` null when the path names none. */
function route(pathname: string): { userId: string | null; secret: string | null; method: string | null } {
  const segments = pathname
    .replace(/^\/rest\/?/, "")
    .split("/")
    .filter(Boolean)
    .map(decodeURIComponent);
  if (segments.length === 1) return { userId: null, secret: null, method: normalizeMethod(segments[0] ?? "") };
  // A malformed path (user id missing …) does not resolve to a method (§1.1).
  if (segments.length !== 3) return { userId: null, secret: null, method: null };
  return { userId: segments[0] ?? null, secret: segments[1] ?? null, method: normalizeMethod(segments[2] ?? "") };
}

export async function handleRest(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startMs = rt.now();
  const startPerf = performance.now();
  const url = new URL(req.url ?? "/", "http://emulator");
  const { userId, secret, method } = route(url.pathname);
  const body = await readBody(req);
  // Query first, body over it (body wins on a key collision).
  const params: Params = { ...parseQueryString(url.search.slice(1)), ...(await parseBody(req.headers["content-type"], body)) };
  rt.requests += 1;
  const base = { at: startMs, httpMethod: req.method ?? "GET", path: url.pathname, method, params };
  let batchLogId: number | undefined;
  const log = (status: RequestLogEntry["status"], extra: Partial<RequestLogEntry> = {}) =>
    rt.addLog({ ...base, status, durationMs: performance.now() - startPerf, ...extra }, batchLogId);
  const fail = (err: RestError, fault?: RestFault["kind"]) => {
    sendJson(res, err.status, { error: err.code, error_description: err.description, ...("argument" in err ? { argument: err.argument } : {}) });
    log(err.status, { error: err.code, ...(fault ? { fault } : {}) });
  };

  const fault = rt.takeFault(method);
  if (fault?.kind === "reset") {
    log("reset", { fault: fault.kind });
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "query-limit") return fail(Errors.queryLimit(), fault.kind);
  if (fault?.kind === "server-error") return fail(Errors.internal(), fault.kind);
  if (fault?.kind === "error") return fail(new RestError(fault.status, fault.error, fault.description), fault.kind);
  if (fault?.kind === "hang") await sleep(fault.ms);
  if (rt.latencyMs > 0) await sleep(rt.latencyMs);

  if (!rt.limiter.take()) {
    rt.rateLimited += 1;
    return fail(Errors.queryLimit());
  }
  if (method === null || !isKnownMethod(method)) return fail(Errors.methodNotFound());
  const authError = rt.authenticate(userId, secret);
  if (authError) return fail(authError);

  const events: Array<{ event: string; id: number }> = [];
  let outcome: ReturnType<Runtime["callMethod"]>;
  if (method === "batch") {
    rt.calls.batch = (rt.calls.batch ?? 0) + 1;
    const batchId = rt.reserveLogId();
    batchLogId = batchId;
    try {
      const out = runBatch(
        params,
        (m, p) => rt.callMethod(m, p, events),
        (_key, m, p, o) => {
          const status = o.ok ? 200 : o.error.status;
          rt.addLog({
            at: rt.now(),
            httpMethod: "BATCH",
            path: url.pathname,
            method: m,
            params: p,
            status,
            ...(o.ok ? {} : { error: o.error.code }),
            batchId,
            durationMs: 0,
          });
        },
      );
      outcome = { ok: true, ...out, time: rt.timeBlock(startMs, startPerf) };
    } catch (err) {
      outcome = { ok: false, error: err instanceof RestError ? err : new RestError(400, "ERROR_CORE", String(err)) };
    }
  } else {
    outcome = rt.callMethod(method, params, events);
  }

  // Events go out after the answer (the queue is asynchronous), or before it when the test asks so.
  if (rt.bus.options.beforeResponse && events.length > 0) await rt.bus.publish(events);
  else if (events.length > 0) setImmediate(() => void rt.bus.publish(events));

  if (fault?.kind === "commit-then-reset") {
    log("reset", { fault: fault.kind });
    req.socket.destroy();
    return;
  }
  if (!outcome.ok) return fail(outcome.error, fault?.kind);
  const envelope: Record<string, unknown> = { result: outcome.result };
  if (outcome.total !== undefined) envelope.total = outcome.total;
  if (outcome.next !== undefined) envelope.next = outcome.next;
  envelope.time = outcome.time;
  sendJson(res, 200, envelope);
  log(200, fault ? { fault: fault.kind } : {});
}
