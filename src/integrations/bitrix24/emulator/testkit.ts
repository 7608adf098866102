/**
 * Helpers for tests that talk to the emulator: a raw REST call and a tiny event receiver
 * (node:http on 127.0.0.1:0) that records what the emulator POSTs.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { demoSeed } from "./demo.js";

export { demoSeed };

export type RawAnswer = { status: number; body: Record<string, unknown> & { result?: unknown; error?: string; error_description?: string } };

/** POST JSON to `${webhookUrl}${method}` (or pass `init` for other encodings) and parse the JSON answer. */
export async function b24Call(webhookUrl: string, method: string, params?: unknown, init?: RequestInit): Promise<RawAnswer> {
  const res = await fetch(
    `${webhookUrl}${method}`,
    init ?? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(params ?? {}) },
  );
  return { status: res.status, body: (await res.json()) as RawAnswer["body"] };
}

export type ReceivedEvent = { body: string; contentType: string; form: URLSearchParams; event: string; id: string };

export type EventReceiver = {
  url: string;
  received: ReceivedEvent[];
  /** Status answered to the emulator (default 200). */
  status: number;
  /** Delay before answering (ms). */
  delayMs: number;
  /** Resolves once `count` events arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
};

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startEventReceiver(): Promise<EventReceiver> {
  const waiters: Array<() => boolean> = [];
  const receiver: EventReceiver = {
    url: "",
    received: [],
    status: 200,
    delayMs: 0,
    waitFor: (count, timeoutMs = 3000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (receiver.received.length < count) return false;
          clearTimeout(timer);
          resolve(receiver.received.slice(0, count));
          return true;
        };
        const timer = setTimeout(() => reject(new Error(`expected ${count} events, got ${receiver.received.length}`)), timeoutMs);
        if (!check()) waiters.push(check);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer(async (req, res) => {
    const body = await text(req);
    const form = new URLSearchParams(body);
    receiver.received.push({
      body,
      contentType: req.headers["content-type"] ?? "",
      form,
      event: form.get("event") ?? "",
      id: form.get("data[FIELDS][ID]") ?? "",
    });
    for (const w of waiters.splice(0)) if (!w()) waiters.push(w);
    if (receiver.delayMs > 0) await new Promise((r) => setTimeout(r, receiver.delayMs));
    res.writeHead(receiver.status, { "content-type": "application/json" });
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return receiver;
}
