/**
 * The request body as a node stream for the streaming upload reader (busboy): node's own request when
 * nothing has read it yet (no copy), else the web body Hono holds.
 */
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { AppContext } from "./env.js";

export function requestBodyStream(c: AppContext): Readable | null {
  const incoming: unknown = c.env?.incoming;
  if (incoming instanceof Readable && !incoming.readableDidRead) return incoming;
  const body = c.req.raw.body;
  return body ? Readable.fromWeb(body as NodeReadableStream<Uint8Array>) : null;
}
