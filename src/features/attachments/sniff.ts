/**
 * What a received file really is, from its bytes; its name's extension must agree. Nothing is ever
 * decompressed (SECURITY.md B7): office files are recognised by their ZIP central directory only.
 */
import { open } from "node:fs/promises";

export type ImageFormat = "jpeg" | "png" | "webp" | "gif";
export type Sniffed = { kind: "image"; format: ImageFormat } | { kind: "file"; type: keyof typeof FILE_TYPES; mime: string; ext: string };

export const FILE_TYPES = {
  pdf: { mime: "application/pdf", ext: "pdf" },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext: "docx" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: "xlsx" },
  odt: { mime: "application/vnd.oasis.opendocument.text", ext: "odt" },
  ods: { mime: "application/vnd.oasis.opendocument.spreadsheet", ext: "ods" },
  zip: { mime: "application/zip", ext: "zip" },
  // The charset is decided from the bytes (sniffFile).
  txt: { mime: "text/plain", ext: "txt" },
  csv: { mime: "text/csv", ext: "csv" },
} as const;

const IMAGE_EXTENSIONS = new Set(["jpg", "jpeg", "png", "webp", "gif"]);
export const ACCEPTED_EXTENSIONS = [...IMAGE_EXTENSIONS, ...Object.keys(FILE_TYPES)];

export type SniffProblem = "unsupported" | "mismatch";

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

function imageFormat(head: Uint8Array): ImageFormat | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  if (ascii(head, 0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WEBP") return "webp";
  if (ascii(head, 0, 6) === "GIF87a" || ascii(head, 0, 6) === "GIF89a") return "gif";
  return null;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}

async function readAt(path: string, position: number, length: number): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Entry names from a ZIP's central directory (end record in the last 64 KB); null when it is no ZIP. */
async function zipEntryNames(path: string, size: number): Promise<string[] | null> {
  const tailLength = Math.min(size, 65_557);
  const tail = await readAt(path, size - tailLength, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  const dirSize = view.getUint32(end + 12, true);
  const dirOffset = view.getUint32(end + 16, true);
  if (dirOffset + dirSize > size || dirSize > 4 * 1024 * 1024) return null;
  const dir = await readAt(path, dirOffset, dirSize);
  const dv = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
  const names: string[] = [];
  let at = 0;
  for (let n = 0; n < count && at + 46 <= dir.length; n++) {
    if (dv.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = dv.getUint16(at + 28, true);
    const extra = dv.getUint16(at + 30, true);
    const comment = dv.getUint16(at + 32, true);
    names.push(new TextDecoder().decode(dir.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

/**
 * C0 bytes no text holds (NUL first of all): all but tab, line feed, form feed, carriage return and
 * the DOS end-of-file mark. Tested on a latin1 view of the bytes (one native scan per chunk).
 */
const BINARY_BYTE = /[\x00-\x08\x0b\x0e-\x19\x1b-\x1f]/;
const latin1 = new TextDecoder("latin1");

/**
 * Plain text: no NUL or other binary controls anywhere (read in 64 KB chunks, never whole), and
 * nothing a browser could take for markup at the start. Answers the charset: UTF-8 when the whole
 * file decodes as UTF-8, else a single-byte export (Windows-1251, the usual one here).
 */
async function plainTextCharset(path: string, head: Uint8Array): Promise<"utf-8" | "windows-1251" | null> {
  let start = latin1.decode(head.subarray(0, 1024)).toLowerCase();
  if (start.startsWith("\u00ef\u00bb\u00bf")) start = start.slice(3);
  if (start.trimStart().startsWith("<")) return null;
  if (/<script|<svg|<html|<!doctype|<\?xml|<iframe|<body|<head/.test(start)) return null;
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let valid = true;
  const handle = await open(path, "r");
  try {
    const chunk = new Uint8Array(64 * 1024);
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      const bytes = chunk.subarray(0, bytesRead);
      if (BINARY_BYTE.test(latin1.decode(bytes))) return null;
      if (valid) {
        try {
          utf8.decode(bytes, { stream: true });
        } catch {
          valid = false;
        }
      }
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  if (valid) {
    try {
      utf8.decode();
    } catch {
      valid = false;
    }
  }
  return valid ? "utf-8" : "windows-1251";
}

/** OpenDocument: the first local entry is a stored (uncompressed) `mimetype` whose content names the type. */
function odfTypeOf(head: Uint8Array): string | null {
  if (head.length < 30) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const method = view.getUint16(8, true);
  const size = view.getUint32(18, true);
  const nameLength = view.getUint16(26, true);
  const extraLength = view.getUint16(28, true);
  if (method !== 0 || nameLength !== 8 || ascii(head, 30, 38) !== "mimetype" || size > 100) return null;
  const from = 38 + extraLength;
  return from + size <= head.length ? ascii(head, from, from + size) : null;
}

/** The file's real type when its content is on the allowlist and its extension agrees. */
export async function sniffFile(path: string, name: string, size: number): Promise<Sniffed | { problem: SniffProblem }> {
  const ext = extensionOf(name);
  if (!ACCEPTED_EXTENSIONS.includes(ext)) return { problem: "unsupported" };
  const head = await readAt(path, 0, 4096);
  const format = imageFormat(head);
  if (IMAGE_EXTENSIONS.has(ext)) return format ? { kind: "image", format } : { problem: "mismatch" };
  if (format) return { problem: "mismatch" };
  const file = (type: keyof typeof FILE_TYPES): Sniffed => ({ kind: "file", type, ...FILE_TYPES[type] });
  if (ext === "pdf") return ascii(head, 0, 5) === "%PDF-" ? file("pdf") : { problem: "mismatch" };
  if (ext === "txt" || ext === "csv") {
    const charset = await plainTextCharset(path, head);
    if (!charset) return { problem: "mismatch" };
    return { kind: "file", type: ext, ext, mime: `${ext === "txt" ? "text/plain" : "text/csv"}; charset=${charset}` };
  }
  // ZIP family: a local file header at the start and a readable central directory.
  if (ascii(head, 0, 4) !== "PK\x03\x04") return { problem: "mismatch" };
  const names = await zipEntryNames(path, size);
  if (!names) return { problem: "mismatch" };
  if (ext === "zip") return file("zip");
  if (ext === "docx") return names.includes("[Content_Types].xml") && names.includes("word/document.xml") ? file("docx") : { problem: "mismatch" };
  if (ext === "xlsx") return names.includes("[Content_Types].xml") && names.includes("xl/workbook.xml") ? file("xlsx") : { problem: "mismatch" };
  const odfType = ext === "odt" ? "application/vnd.oasis.opendocument.text" : "application/vnd.oasis.opendocument.spreadsheet";
  return odfTypeOf(head) === odfType ? file(ext as "odt" | "ods") : { problem: "mismatch" };
}
