/**
 * Landing images and the brand logo: the streaming form reader (src/lib/upload-stream.ts) with the
 * image limits. Temp files are `<random>.partial` in the target folder, removed on any refusal.
 */
import type { Readable } from "node:stream";
import { drain as drainUpTo, type ReceiveResult, receiveForm } from "../../lib/upload-stream.js";

export { discardReceived, type ReceivedFile, type ReceiveResult, randomName, removeFile } from "../../lib/upload-stream.js";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_FILES_PER_UPLOAD = 10;
/** Ten full files plus multipart overhead; app.ts refuses a larger declared Content-Length up front. */
export const MAX_UPLOAD_BYTES = MAX_FILES_PER_UPLOAD * MAX_IMAGE_BYTES + 64 * 1024;

/**
 * Reads a multipart body from `source`, writing each non-empty `field` file to a temp file in `dir`
 * (the folder the images end up in, so the final rename stays on one disk). Text fields are ignored.
 */
export function receiveUpload(source: Readable, contentType: string | undefined, dir: string, field = "images"): Promise<ReceiveResult> {
  return receiveForm(source, contentType, dir, {
    field,
    maxFileBytes: MAX_IMAGE_BYTES,
    maxFiles: MAX_FILES_PER_UPLOAD,
    maxRequestBytes: MAX_UPLOAD_BYTES,
  });
}

/** Reads and drops the rest of a body up to MAX_UPLOAD_BYTES; false if it is longer (then left unread). */
export const drain = (source: Readable) => drainUpTo(source, MAX_UPLOAD_BYTES);
