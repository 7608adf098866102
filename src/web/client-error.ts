/**
 * Requests node's HTTP parser refuses before any handler runs — headers over the size limit (431),
 * a malformed request line or header (400) — get a plain Russian page and one warn line instead of
 * node's bare status line (SECURITY.md B13). Nothing of the request is echoed back.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { t } from "../i18n/ru.js";
import type { Logger } from "./logger.js";

const page = (title: string, text: string) =>
  `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;

function answer(status: 400 | 431, reason: string, html: string): string {
  const body = Buffer.from(html, "utf8");
  return (
    [
      `HTTP/1.1 ${status} ${reason}`,
      "Content-Type: text/html; charset=utf-8",
      `Content-Length: ${body.length}`,
      "Content-Security-Policy: default-src 'none'",
      "X-Content-Type-Options: nosniff",
      "Cache-Control: no-store",
      "Connection: close",
      "",
      "",
    ].join("\r\n") + html
  );
}

const TOO_LARGE = answer(431, "Request Header Fields Too Large", page(t.errors.headersTooLargeTitle, t.errors.headersTooLargeText));
const BAD = answer(400, "Bad Request", page(t.errors.badRequestTitle, t.errors.badRequestText));

export function answerClientErrors(server: Server, log: Logger): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    // A connection the client already dropped, or a socket timeout, has nobody to read a page.
    if (error.code === "ECONNRESET" || error.code === "ERR_HTTP_REQUEST_TIMEOUT" || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    log.warn("request refused by the HTTP parser", { status: tooLarge ? 431 : 400, code: error.code ?? null });
    socket.end(tooLarge ? TOO_LARGE : BAD);
  });
}
