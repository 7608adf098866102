/**
 * Transport behaviours against a tiny local HTTP fake (independent of the emulator): envelopes, error mapping,
 * timeouts, resets, retries with full-jitter back-off, 503/429 handling, and the secret never leaking.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBitrix24Client } from "./client.js";
import { Bitrix24Error } from "./errors.js";
import { backoffDelay, normalizeWebhookUrl } from "./transport.js";

const SECRET = "k3x9q2w7e1r5t8y0";
type Seen = { path: string; method: string; contentType: string | undefined; body: unknown };
type Handler = (req: Seen, res: ServerResponse, raw: IncomingMessage) => void;

let server: Server;
let base: string;
let handler: Handler;
let seen: Seen[];

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
};
const ok = (result: unknown, extra: Record<string, unknown> = {}) => ({ result, ...extra, time: { start: 1, finish: 1.1, duration: 0.1 } });

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const entry = { path: req.url ?? "", method: req.method ?? "", contentType: req.headers["content-type"], body: text ? JSON.parse(text) : null };
      seen.push(entry);
      handler(entry, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest/1/${SECRET}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  handler = (_req, res) => json(res, 200, ok(true));
});

/** A client on virtual time: sleeps are recorded and advance the clock at once (one caller at a time). */
function client(options: Partial<Parameters<typeof createBitrix24Client>[0]> = {}) {
  const sleeps: number[] = [];
  const clock = { t: 1_000_000 };
  const c = createBitrix24Client({
    webhookUrl: base,
    rate: false,
    random: () => 1,
    now: () => clock.t,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.t += ms;
    },
    ...options,
  });
  return { c, sleeps, clock };
}

async function failure(p: Promise<unknown>): Promise<Bitrix24Error> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(Bitrix24Error);
    return e as Bitrix24Error;
  }
  throw new Error("expected a Bitrix24Error");
}

function expectNoSecret(e: unknown) {
  const err = e as Error;
  for (const text of [err.message, String(err), err.stack ?? "", JSON.stringify(err), (e as Bitrix24Error).description]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(base);
  }
}

describe("request shape", () => {
  it("POSTs JSON to <webhook><method>.json, with or without the trailing slash", async () => {
    handler = (_req, res) => json(res, 200, ok([{ ID: "1" }], { total: 1 }));
    for (const url of [base, base.slice(0, -1)]) {
      const { c } = client({ webhookUrl: url });
      const env = await c.call("crm.lead.list", { filter: { ORIGIN_ID: "x" } });
      expect(env).toMatchObject({ result: [{ ID: "1" }], total: 1 });
    }
    expect(seen.map((s) => [s.method, s.path, s.contentType])).toEqual([
      ["POST", `/rest/1/${SECRET}/crm.lead.list.json`, "application/json"],
      ["POST", `/rest/1/${SECRET}/crm.lead.list.json`, "application/json"],
    ]);
    expect(seen[0]?.body).toEqual({ filter: { ORIGIN_ID: "x" } });
  });

  it("refuses method names that could change the path, and bad webhook URLs without echoing them", async () => {
    const { c } = client();
    await expect(c.call("../../x", {})).rejects.toThrow(TypeError);
    await expect(c.call("crm.lead.get?id=1", {})).rejects.toThrow(TypeError);
    for (const bad of [`ftp://host/rest/1/${SECRET}/`, `not a url ${SECRET}`, `${base}?x=1`]) {
      try {
        normalizeWebhookUrl(bad);
        throw new Error("accepted");
      } catch (e) {
        expect((e as Error).message).not.toContain(SECRET);
      }
    }
    expect(normalizeWebhookUrl("https://p.bitrix24.ru/rest/1/abc12345").base).toBe("https://p.bitrix24.ru/rest/1/abc12345/");
  });
});

describe("error mapping", () => {
  it.each([
    [400, "", "Not found", "not_found", false],
    [400, "", "ID is not defined or invalid.", "validation", false],
    [400, "ERROR_ARGUMENT", "Filter operation not allowed: ~", "validation", false],
    [401, "INVALID_CREDENTIALS", "Invalid request credentials", "auth", false],
    [401, "NO_AUTH_FOUND", "Wrong authorization data", "auth", false],
    [401, "insufficient_scope", "The request requires higher privileges", "auth", false],
    [403, "ACCESS_DENIED", "REST is available only by subscription.", "auth", false],
    [503, "OVERLOAD_LIMIT", "REST API is blocked due to overload.", "auth", false],
    [404, "ERROR_METHOD_NOT_FOUND", "Method not found!", "method_not_found", false],
    [500, "ERROR_CORE", "SQL query error!", "server", true],
    [500, "INTERNAL_SERVER_ERROR", "", "server", true],
  ])("HTTP %i %j %j → %s, retryable %s", async (status, code, description, kind, retryable) => {
    handler = (_req, res) => json(res, status, { error: code, error_description: description });
    const { c } = client({ maxRetries: 0 });
    const e = await failure(c.call("crm.deal.get", { id: 5 }));
    expect(e).toMatchObject({ method: "crm.deal.get", httpStatus: status, code, description, kind, retryable });
    expect(e.message).toContain("crm.deal.get");
    expectNoSecret(e);
  });

  it("never lets the secret through, even when the server echoes the URL", async () => {
    handler = (req, res) => json(res, 400, { error: "", error_description: `bad call to http://127.0.0.1${req.path} (${SECRET})` });
    const e = await failure(client().c.call("crm.lead.get", { id: 1 }));
    expectNoSecret(e);
    expect(e.description).toContain("/rest/<id>/<secret>");
  });

  it("maps a 200 that is not JSON to a retryable, ambiguous INVALID_RESPONSE", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html>maintenance</html>");
    };
    const e = await failure(client({ maxRetries: 0 }).c.call("crm.lead.get", { id: 1 }));
    expect(e).toMatchObject({ code: "INVALID_RESPONSE", retryable: true, ambiguous: true, httpStatus: 200 });
  });

  it("maps a proxy's 502 HTML page to a retryable server error", async () => {
    handler = (_req, res) => {
      res.writeHead(502, { "Content-Type": "text/html" });
      res.end("<html>Bad gateway</html>");
    };
    const e = await failure(client({ maxRetries: 0 }).c.call("crm.lead.get", { id: 1 }));
    expect(e).toMatchObject({ httpStatus: 502, retryable: true, ambiguous: true });
  });
});

describe("retries", () => {
  it("retries 503 QUERY_LIMIT_EXCEEDED, even for *.add (the portal did not run it), after a pause", async () => {
    let n = 0;
    handler = (_req, res) => (n++ < 2 ? json(res, 503, { error: "QUERY_LIMIT_EXCEEDED", error_description: "Too many requests" }) : json(res, 200, ok(1001)));
    const { c, sleeps } = client({ random: () => 0 });
    expect(await c.addLead({ title: "x", originId: "o-1" })).toEqual({ id: 1001 });
    expect(seen).toHaveLength(3);
    // the jitter drew 0 both times, yet the global pause held the retries back: 1 s, then 2 s
    expect(sleeps).toEqual([0, 1000, 0, 2000]);
  });

  it("retries 5xx on reads with exponential back-off and full jitter, up to maxRetries", async () => {
    handler = (_req, res) => json(res, 500, { error: "INTERNAL_SERVER_ERROR", error_description: "" });
    const { c, sleeps } = client({ maxRetries: 5, random: () => 0.5 });
    const e = await failure(c.getDeal(7));
    expect(seen).toHaveLength(6);
    expect(e.attempts).toBe(6);
    expect(sleeps).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it("does not retry a *.add after a 5xx: the error is ambiguous and surfaced", async () => {
    handler = (_req, res) => json(res, 500, { error: "INTERNAL_SERVER_ERROR", error_description: "" });
    const e = await failure(client().c.addDeal({ title: "d", originId: "o-2" }));
    expect(e).toMatchObject({ method: "crm.deal.add", ambiguous: true, retryable: true, attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it("does not retry 4xx", async () => {
    handler = (_req, res) => json(res, 400, { error: "", error_description: "Parameter 'fields' must be array." });
    await failure(client().c.call("crm.lead.update", { id: 1, fields: "x" }));
    expect(seen).toHaveLength(1);
  });

  it("computes full-jitter delays capped at 60 s", () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, 1000, 60_000, () => 0.999_999))).toEqual([999, 1999, 3999, 7999, 59_999]);
    expect(backoffDelay(4, 1000, 60_000, () => 0)).toBe(0);
  });
});

describe("timeouts and lost connections", () => {
  it("times out a hanging call, marks it ambiguous, and retries it only when idempotent", async () => {
    handler = () => {}; // never answers
    const { c } = client({ timeoutMs: 150, maxRetries: 1 });
    const read = await failure(c.getLead(1));
    expect(read).toMatchObject({ kind: "timeout", code: "TIMEOUT", ambiguous: true, retryable: true, httpStatus: null, attempts: 2 });
    expect(seen).toHaveLength(2);
    seen = [];
    const write = await failure(c.addLead({ title: "t", originId: "o-3" }));
    expect(write).toMatchObject({ kind: "timeout", ambiguous: true, attempts: 1 });
    expect(seen).toHaveLength(1);
    expectNoSecret(write);
  });

  it("treats a reset after the request was sent as ambiguous (commit-then-reset)", async () => {
    handler = (_req, _res, raw) => raw.socket.destroy();
    const e = await failure(client({ maxRetries: 3 }).c.addLead({ title: "t", originId: "o-4" }));
    expect(e).toMatchObject({ kind: "network", ambiguous: true, retryable: true, attempts: 1 });
    expect(seen).toHaveLength(1);
    expectNoSecret(e);
  });

  it("retries a refused connection even for *.add: nothing reached the portal", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { c, sleeps } = client({ webhookUrl: `http://127.0.0.1:${port}/rest/1/${SECRET}/`, maxRetries: 2 });
    const e = await failure(c.addLead({ title: "t" }));
    expect(e).toMatchObject({ kind: "network", ambiguous: false, retryable: true, attempts: 3 });
    expect(e.description).toContain("ECONNREFUSED");
    expect(sleeps).toHaveLength(2);
    expectNoSecret(e);
  });
});

describe("429 OPERATION_TIME_LIMIT", () => {
  it("pauses that method for 10 minutes without sending, other methods go on", async () => {
    handler = (req, res) =>
      req.path.includes("crm.deal.list")
        ? json(res, 429, { error: "OPERATION_TIME_LIMIT", error_description: "Method is blocked due to operation time limit." })
        : json(res, 200, ok([]));
    const { c, clock } = client();
    const first = await failure(c.call("crm.deal.list", {}));
    expect(first).toMatchObject({ httpStatus: 429, kind: "operation_limit", retryable: true, retryAfterMs: 600_000, attempts: 1 });
    clock.t += 60_000;
    const second = await failure(c.call("crm.deal.list", {}));
    expect(second.retryAfterMs).toBe(540_000);
    expect(seen).toHaveLength(1);
    await c.call("crm.deal.get", { id: 1 });
    expect(seen).toHaveLength(2);
    clock.t += 540_000;
    await failure(c.call("crm.deal.list", {}));
    expect(seen).toHaveLength(3);
  });
});
