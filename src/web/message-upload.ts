/**
 * Reading a message form with attachments (chat messages, admin notifications). Multipart is streamed
 * to temp files and then checked and stored (features/attachments/store.ts); a plain urlencoded body
 * (no files) goes through the same streaming reader, so neither is ever held whole in memory. A
 * refusal carries a Russian message naming the file and the typed text, so the page can be shown
 * again; nothing stays on disk after a refusal.
 *
 * The body is consumed here: do not call readForm/requireConfirmation after it. The form should put
 * its file input after the text fields, so a refused file still leaves the typed text in `fields`.
 */
import { HTTPException } from "hono/http-exception";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE, type StoredAttachment } from "../features/attachments/attachments.js";
import { attachmentDir, removeStoredAttachments, type StoreProblem, storeAttachments } from "../features/attachments/store.js";
import { t } from "../i18n/ru.js";
import { receiveForm } from "../lib/upload-stream.js";
import { requestBodyStream } from "./body-stream.js";
import type { AppContext } from "./env.js";

export type MessageForm =
  | { ok: true; fields: Record<string, string>; files: StoredAttachment[] }
  | { ok: false; status: 413 | 415 | 422; message: string; fields: Record<string, string>; drained: boolean };

/** The form field the files come in. */
export const FILES_FIELD = "files";
/** Five full files plus the text and multipart overhead (app.ts refuses a larger declared length). */
export const MAX_MESSAGE_REQUEST_BYTES = MAX_ATTACHMENTS_PER_MESSAGE * MAX_ATTACHMENT_BYTES + 64 * 1024;
/** A form without files: the ordinary form limit. */
const MAX_TEXT_REQUEST_BYTES = 64 * 1024;
/** Without a list of fields: any field up to 5 000 characters of up to 4 bytes (then the route counts characters). */
const DEFAULT_FIELD_BYTES = 20 * 1024;

const STATUS: Record<StoreProblem, 413 | 415 | 422> = { too_large: 413, unsupported: 415, mismatch: 415, broken: 422, empty: 422 };

/**
 * The typed fields and the stored files of a message form. `opts.fields` names the text fields to
 * keep and the most bytes each may have (a longer one is refused, 413); without it every text field
 * is kept up to 20 KB. Not parseable, invalid UTF-8 or NUL → HTTPException(400) like readForm.
 * On `drained: false` the caller answers with `Connection: close` (the rest of the body is unread).
 */
export async function receiveMessageForm(c: AppContext, opts: { fields?: Record<string, number> } = {}): Promise<MessageForm> {
  const type = c.req.header("content-type") ?? "";
  const source = requestBodyStream(c);
  // No body at all (allowed by the content-type gate): nothing typed, nothing attached.
  if (!source || type === "") return { ok: true, fields: {}, files: [] };
  const multipart = /^multipart\/form-data/i.test(type);
  const { UPLOAD_DIR } = c.var.deps.config;
  const errors = t.attachments.errors;
  const received = await receiveForm(source, type, attachmentDir(UPLOAD_DIR), {
    field: FILES_FIELD,
    maxFileBytes: MAX_ATTACHMENT_BYTES,
    maxFiles: MAX_ATTACHMENTS_PER_MESSAGE,
    maxRequestBytes: multipart ? MAX_MESSAGE_REQUEST_BYTES : MAX_TEXT_REQUEST_BYTES,
    textFields: opts.fields,
    otherTextFieldBytes: opts.fields ? undefined : DEFAULT_FIELD_BYTES,
    keepEmpty: true,
  });
  if (!received.ok) {
    if (received.problem === "not_multipart") throw new HTTPException(400, { message: "malformed form body" });
    if (received.problem === "bad_text") throw new HTTPException(400, { message: "invalid UTF-8 or NUL in a form field" });
    const refused = (status: 413 | 422, message: string): MessageForm => ({ ok: false, status, message, fields: received.fields, drained: received.drained });
    if (received.problem === "too_large") return refused(413, errors.too_large(received.name));
    if (received.problem === "request_too_large") return refused(413, errors.requestTooLarge);
    if (received.problem === "field_too_long") return refused(413, errors.fieldTooLong);
    return refused(422, errors.tooMany);
  }
  const { fields, files } = received;
  if (files.length === 0) return { ok: true, fields, files: [] };
  const stored = await storeAttachments(UPLOAD_DIR, files, t.attachments.fallbackName);
  if (!stored.ok) return { ok: false, status: STATUS[stored.problem], message: errors[stored.problem](stored.name), fields, drained: true };
  return { ok: true, fields, files: stored.stored };
}

/** Removes the files stored for a message whose write failed or was a repeat (nothing points at them). */
export function discardStoredAttachments(c: AppContext, files: StoredAttachment[]): Promise<void> {
  return removeStoredAttachments(c.var.deps.config.UPLOAD_DIR, files);
}
