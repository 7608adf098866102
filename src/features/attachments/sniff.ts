/**
 * What a received file really is, from its bytes; its name's extension must agree. Nothing is ever
 * decompressed (SECURITY.md B7): office files are recognised by their ZIP central directory only.
 */
import { open } from "node:fs/promises";

export type ImageFormat = "jpeg" | "png" | "webp" | "gif";
export type Sniffed =
  | { kind: "image"; format: ImageFormat }
  | { kind: "file"; type: "pdf" | "docx" | "xlsx" | "odt" | "ods" | "zip" | "txt" | "csv"; mime: string; ext: string };

export const FILE_TYPES = {
  pdf: { mime: "application/pdf", ext: "pdf" },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext: "docx" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: "xlsx" },
  odt: { mime: "application/vnd.oasis.opendocument.text", ext: "odt" },
  ods: { mime: "application/vnd.oasis.opendocument.spreadsheet", ext: "ods" },
  zip: { mime: "application/zip", ext: "zip" },
  txt: { mime: "text/plain; charset=utf-8", ext: "txt" },
  csv: { mime: "text/csv; charset=utf-8", ext: "csv" },
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

/** Plain text: no NUL or other binary controls, and nothing a browser could take for markup. */
function isPlainText(head: Uint8Array): boolean {
  for (const b of head) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c)) return false;
  const start = new TextDecoder("latin1").decode(head).toLowerCase();
  if (start.trimStart().startsWith("<")) return false;
  return !/<script|<svg|<html|<!doctype|<\?xml|<iframe/.test(start);
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
  if (ext === "txt" || ext === "csv") return isPlainText(head) ? file(ext) : { problem: "mismatch" };
  // ZIP family: a local file header at the start and a readable central directory.
  if (ascii(head, 0, 4) !== "PK\x03\x04") return { problem: "mismatch" };
  const names = await zipEntryNames(path, size);
  if (!names) return { problem: "mismatch" };
  if (ext === "zip") return file("zip");
  if (ext === "docx") return names.includes("[Content_Types].xml") && names.includes("word/document.xml") ? file("docx") : { problem: "mismatch" };
  if (ext === "xlsx") return names.includes("[Content_Types].xml") && names.includes("xl/workbook.xml") ? file("xlsx") : { problem: "mismatch" };
  // OpenDocument: the first entry is an uncompressed `mimetype` naming the type.
  const odfType = ext === "odt" ? "application/vnd.oasis.opendocument.text" : "application/vnd.oasis.opendocument.spreadsheet";
  const firstName = ascii(head, 30, 38);
  const mimetype = ascii(head, 38, 38 + odfType.length);
  return firstName === "mimetype" && mimetype === odfType ? file(ext as "odt" | "ods") : { problem: "mismatch" };
}
