/**
 * Reading a message form with attachments (chat messages, admin notifications): multipart streamed to
 * temp files and then checked and stored (features/attachments/store.ts), or a plain urlencoded body
 * without files. A refusal carries a Russian message naming the file and the typed text, so the page
 * can be shown again; nothing stays on disk after a refusal.
 */
import { HTTPException } from "hono/http-exception";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE, type StoredAttachment } from "../features/attachments/attachments.js";
import { attachmentDir, removeStoredAttachments, storeAttachments } from "../features/attachments/store.js";
import { t } from "../i18n/ru.js";
import { receiveForm } from "../lib/upload-stream.js";
import { requestBodyStream } from "./body-stream.js";
import type { AppContext } from "./env.js";
import { readForm } from "./forms.js";

export type MessageForm =
  | { ok: true; fields: Record<string, string>; files: StoredAttachment[] }
  | { ok: false; status: 413 | 415 | 422; message: string; fields: Record<string, string>; drained: boolean };

/** Five full files plus the text and multipart overhead (app.ts refuses a larger declared length). */
export const MAX_MESSAGE_REQUEST_BYTES = MAX_ATTACHMENTS_PER_MESSAGE * MAX_ATTACHMENT_BYTES + 64 * 1024;
/** The longest text field in bytes: 5 000 characters of up to 4 bytes, then the character count decides. */
const MAX_FIELD_BYTES = 24 * 1024;

/** Text fields kept from a message form, with the most UTF-8 bytes each. */
const TEXT_FIELDS = { body: MAX_FIELD_BYTES, key: 128, title: 2048, message: MAX_FIELD_BYTES, recipient: 64, confirmed: 8, after: 32, r: 32 };

export async function receiveMessageForm(c: AppContext): Promise<MessageForm> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) return { ok: true, fields: await readForm(c), files: [] };
  const source = requestBodyStream(c);
  if (!source) return { ok: true, fields: {}, files: [] };
  const { UPLOAD_DIR } = c.var.deps.config;
  const errors = t.attachments.errors;
  const received = await receiveForm(source, type, attachmentDir(UPLOAD_DIR), {
    field: "files",
    maxFileBytes: MAX_ATTACHMENT_BYTES,
    maxFiles: MAX_ATTACHMENTS_PER_MESSAGE,
    maxRequestBytes: MAX_MESSAGE_REQUEST_BYTES,
    textFields: TEXT_FIELDS,
  });
  const fields = received.fields;
  if (!received.ok) {
    if (received.problem === "not_multipart") throw new HTTPException(400, { message: "malformed multipart upload" });
    if (received.problem === "bad_text") throw new HTTPException(400, { message: "invalid UTF-8 or NUL in a form field" });
    const refused = (status: 413 | 422, message: string) => ({ ok: false as const, status, message, fields, drained: received.drained });
    if (received.problem === "too_large") return refused(413, errors.too_large(received.name));
    if (received.problem === "request_too_large") return refused(413, errors.requestTooLarge);
    if (received.problem === "field_too_long") return refused(413, errors.fieldTooLong);
    return refused(422, errors.tooMany);
  }
  if (received.files.length === 0) return { ok: true, fields, files: [] };
  const stored = await storeAttachments(UPLOAD_DIR, received.files);
  if (!stored.ok) {
    const status = stored.problem === "too_large" ? 413 : stored.problem === "broken" ? 422 : 415;
    return { ok: false, status, message: errors[stored.problem](stored.name), fields, drained: true };
  }
  return { ok: true, fields, files: stored.stored };
}

/** Files stored for a message whose write failed or was a repeat. */
export function discardStoredAttachments(c: AppContext, files: StoredAttachment[]): Promise<void> {
  return removeStoredAttachments(c.var.deps.config.UPLOAD_DIR, files);
}
