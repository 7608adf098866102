/**
 * Downloads of chat and notification attachments: /attachments/:id (partner of the conversation or
 * recipient of the notification, and admins). Never a static folder: each request is authorized by
 * getReadableAttachment, and another partner's file answers 404 exactly like a missing one.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Hono } from "hono";
import { currentUser, requireUser } from "../../auth/guards.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { getReadableAttachment } from "./attachments.js";
import { attachmentDir } from "./store.js";

export const attachmentRoutes = new Hono<AppEnv>();
attachmentRoutes.use("*", requireUser);

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266 / 5987): Cyrillic names survive every browser. */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

async function send(c: AppContext, thumb: boolean) {
  const id = parseId(c.req.param("id"));
  if (id === null) return c.notFound();
  const user = currentUser(c);
  const file = await getReadableAttachment(c.var.deps.db, user, id);
  const storedName = thumb ? file?.thumbName : file?.storedName;
  if (!file || !storedName) return c.notFound();
  const path = join(attachmentDir(c.var.deps.config.UPLOAD_DIR), storedName);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) {
    c.var.deps.log.warn("attachment file missing", { attachmentId: id, thumb });
    return c.notFound();
  }
  const image = file.kind === "image";
  const headers = {
    "Content-Type": thumb ? "image/webp" : file.mime,
    "Content-Length": String(info.size),
    "Content-Disposition": contentDisposition(image ? "inline" : "attachment", thumb ? `${file.originalName}.webp` : file.originalName),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    // The file under an id never changes; the browser may keep it, no shared cache may.
    "Cache-Control": "private, max-age=3600",
  };
  if (c.req.method === "HEAD") return c.body(null, 200, headers);
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return c.body(body, 200, headers);
}

attachmentRoutes.get("/:id", (c) => send(c, false));
attachmentRoutes.get("/:id/thumb", (c) => send(c, true));
