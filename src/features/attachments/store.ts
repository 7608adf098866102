/**
 * Attachment files: received temp files are checked (sniff.ts) and moved under
 * `<UPLOAD_DIR>/attachments/` with random names. Images are decoded and re-encoded by sharp (EXIF and
 * GPS gone, anything appended dropped) with a thumbnail; other files are kept byte for byte and only
 * ever served as downloads. All or nothing: the first bad file removes what was stored.
 */
import { rename } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { discardReceived, type ReceivedFile, randomName, removeFile } from "../../lib/upload-stream.js";
import { MAX_ATTACHMENT_BYTES, type StoredAttachment } from "./attachments.js";
import { MAX_PIXELS, withSharpSlot } from "./sharp-slot.js";
import { type ImageFormat, type SniffProblem, sniffFile } from "./sniff.js";

const MAX_WIDTH = 2560;
const THUMB_WIDTH = 480;
const MAX_NAME_CHARS = 200;

export type StoreProblem = SniffProblem | "too_large" | "broken" | "empty";

export const attachmentDir = (uploadDir: string) => join(uploadDir, "attachments");

/**
 * The name shown and offered for download: no path, no control or bidi characters, NFC, at most 200
 * characters (the extension kept); `fallback` when nothing is left (the web layer passes its word).
 */
export function cleanFileName(raw: string, fallback = "file"): string {
  // A lone surrogate would not survive the database or the download header.
  const wellFormed = raw.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "");
  const base = wellFormed.normalize("NFC").split(/[\\/]/).pop() ?? "";
  const clean = base
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g, "")
    .trim()
    .replace(/^\.+/, "");
  const chars = Array.from(clean);
  if (chars.length === 0) return fallback;
  if (chars.length <= MAX_NAME_CHARS) return clean;
  const dot = clean.lastIndexOf(".");
  const ext = dot > 0 && clean.length - dot <= 10 ? Array.from(clean.slice(dot)) : [];
  return [...chars.slice(0, MAX_NAME_CHARS - ext.length), ...ext].join("");
}

const IMAGE_OUT: Record<ImageFormat, { ext: string; mime: string }> = {
  jpeg: { ext: "jpg", mime: "image/jpeg" },
  png: { ext: "png", mime: "image/png" },
  webp: { ext: "webp", mime: "image/webp" },
  gif: { ext: "gif", mime: "image/gif" },
};

/** Gives a libvips write error the errno code the storage check knows (ENOSPC → 503). */
function storageError(error: unknown): Error | null {
  if (error && typeof error === "object" && typeof (error as { code?: unknown }).code === "string") return error as Error;
  const message = error instanceof Error ? error.message : String(error);
  const code = /No space left/i.test(message)
    ? "ENOSPC"
    : /Read-only file system/i.test(message)
      ? "EROFS"
      : /Permission denied/i.test(message)
        ? "EACCES"
        : null;
  return code ? Object.assign(new Error(message, { cause: error }), { code }) : null;
}

async function storeImage(dir: string, file: ReceivedFile, format: ImageFormat, originalName: string): Promise<StoredAttachment | null> {
  const out = IMAGE_OUT[format];
  const storedName = `${randomName()}.${out.ext}`;
  const thumbName = `${randomName()}.thumb.webp`;
  const animated = format === "gif" || format === "webp";
  const input = () => sharp(file.path, { limitInputPixels: MAX_PIXELS, animated, failOn: "error" }).rotate();
  const resized = input().resize({ width: MAX_WIDTH, withoutEnlargement: true });
  const encoded =
    format === "jpeg"
      ? resized.jpeg({ quality: 85, mozjpeg: true })
      : format === "png"
        ? resized.png({ compressionLevel: 9 })
        : format === "webp"
          ? resized.webp({ quality: 85 })
          : resized.gif();
  const partial = join(dir, `${storedName}.partial`);
  const thumbPartial = join(dir, `${thumbName}.partial`);
  try {
    // Straight to files, one image decoded at a time across all requests (sharp-slot.ts).
    const info = await withSharpSlot(async () => {
      const full = await encoded.toFile(partial);
      await input().resize({ width: THUMB_WIDTH, withoutEnlargement: true }).webp({ quality: 75 }).toFile(thumbPartial);
      return full;
    });
    await rename(partial, join(dir, storedName));
    await rename(thumbPartial, join(dir, thumbName));
    return {
      storedName,
      thumbName,
      originalName,
      mime: out.mime,
      kind: "image",
      bytes: info.size,
      width: info.width,
      height: info.pageHeight ?? info.height,
    };
  } catch (error) {
    await Promise.all([removeFile(partial), removeFile(thumbPartial), removeFile(join(dir, storedName)), removeFile(join(dir, thumbName))]);
    const storage = storageError(error);
    if (storage) throw storage;
    return null;
  }
}

async function storeOne(
  dir: string,
  file: ReceivedFile,
  originalName: string,
): Promise<{ ok: true; stored: StoredAttachment } | { ok: false; problem: StoreProblem }> {
  if (file.bytes > MAX_ATTACHMENT_BYTES) return { ok: false, problem: "too_large" };
  if (file.bytes === 0) return { ok: false, problem: "empty" };
  const sniffed = await sniffFile(file.path, originalName, file.bytes);
  if ("problem" in sniffed) return { ok: false, problem: sniffed.problem };
  if (sniffed.kind === "image") {
    const stored = await storeImage(dir, file, sniffed.format, originalName);
    return stored ? { ok: true, stored } : { ok: false, problem: "broken" };
  }
  const storedName = `${randomName()}.${sniffed.ext}`;
  await rename(file.path, join(dir, storedName));
  return {
    ok: true,
    stored: { storedName, thumbName: null, originalName, mime: sniffed.mime, kind: "file", bytes: file.bytes, width: null, height: null },
  };
}

/**
 * Checks and stores received files one after another (one image decoded at a time). All or nothing:
 * the first bad file removes the ones already stored and is named in the answer. The temp files are
 * always removed; storage errors (ENOSPC, EROFS…) are rethrown after clean-up (onError → 503).
 */
export async function storeAttachments(
  uploadDir: string,
  files: ReceivedFile[],
  fallbackName = "file",
): Promise<{ ok: true; stored: StoredAttachment[] } | { ok: false; problem: StoreProblem; name: string }> {
  const dir = attachmentDir(uploadDir);
  const stored: StoredAttachment[] = [];
  try {
    for (const file of files) {
      const name = cleanFileName(file.name, fallbackName);
      const result = await storeOne(dir, file, name);
      if (!result.ok) {
        await removeStoredAttachments(uploadDir, stored);
        return { ok: false, problem: result.problem, name };
      }
      stored.push(result.stored);
    }
    return { ok: true, stored };
  } catch (error) {
    await removeStoredAttachments(uploadDir, stored);
    throw error;
  } finally {
    await discardReceived(files);
  }
}

/** Removes stored files (and thumbnails): a refused message, a failed or repeated write, a deletion. */
export async function removeStoredAttachments(uploadDir: string, files: Pick<StoredAttachment, "storedName" | "thumbName">[]): Promise<void> {
  const dir = attachmentDir(uploadDir);
  await Promise.all(files.flatMap((f) => [removeFile(join(dir, f.storedName)), f.thumbName ? removeFile(join(dir, f.thumbName)) : Promise.resolve()]));
}
