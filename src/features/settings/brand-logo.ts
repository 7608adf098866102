/**
 * The brand logo file. The type comes from the bytes, never the name or Content-Type: PNG, JPEG,
 * WebP or SVG. Every logo is decoded and re-encoded by sharp to a PNG of at most 1024 × 1024 (aspect
 * kept), so what is served is plain pixels: an SVG's script, links, foreignObject or entities
 * cannot survive into it. The SVG is handed to librsvg as a buffer, so it has no base folder to
 * resolve relative files against; external entities are refused before it is parsed at all, and
 * brand-logo.test.ts checks that nothing is fetched over the network or read from disk.
 *
 * Files live in UPLOAD_DIR/brand under random names; the settings row (brand.ts) says which one is
 * current, and the previous file is removed once the new row is stored.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp, { type Sharp } from "sharp";
import { type ReceivedFile, randomName, removeFile } from "../landings/upload-stream.js";
import type { BrandLogo } from "./brand.js";

export const MAX_LOGO_BYTES = 2 * 1024 * 1024;
export const MAX_LOGO_SIDE = 1024;
/** Against decompression bombs: the decoded input (an SVG at the density it is drawn at too). */
const MAX_INPUT_PIXELS = 25_000_000;
/** A hostile SVG (filters, deep nesting) may take librsvg long; an admin's logo never does. */
const TIMEOUT_SECONDS = 10;

export const LOGO_FILE_NAME = /^[0-9a-f]{32}\.png$/;

export type LogoKind = "png" | "jpeg" | "webp" | "svg";
export type LogoProblem = "too_large" | "unsupported" | "broken";

export function brandDir(uploadDir: string): string {
  return join(uploadDir, "brand");
}

/** The format by its first bytes; SVG is text that opens with markup and has an <svg> root early on. */
export function sniffLogo(bytes: Uint8Array): LogoKind | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\ufeff/, "");
  if (/^\s*</.test(head) && /<svg[\s>]/.test(head) && !/<html[\s>]/i.test(head)) return "svg";
  return null;
}

/**
 * An entity that points outside the file (`<!ENTITY x SYSTEM "file:///etc/passwd">`, parameter entities)
 * has no place in a logo; librsvg does not resolve them either, this refuses them before it is asked.
 */
const EXTERNAL_ENTITY = /<!ENTITY\s+(%\s*)?[^\s>]+\s+(SYSTEM|PUBLIC)\b|<!ENTITY\s+%/i;

/** Decodes and re-encodes to PNG (at most MAX_LOGO_SIDE a side); a failure is "broken". */
export async function rasterise(
  bytes: Uint8Array,
  kind: LogoKind,
): Promise<{ ok: true; png: Buffer; width: number; height: number } | { ok: false; problem: LogoProblem }> {
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" as const };
  try {
    let pipeline: Sharp;
    if (kind === "svg") {
      if (EXTERNAL_ENTITY.test(new TextDecoder().decode(bytes))) return { ok: false, problem: "unsupported" };
      const meta = await sharp(bytes, options).metadata();
      if (meta.format !== "svg") return { ok: false, problem: "unsupported" };
      // Drawn at the density that makes its longer side MAX_LOGO_SIDE (72 dpi is 1 px per SVG unit).
      const side = Math.max(meta.width ?? 0, meta.height ?? 0, 1);
      const density = Math.min(Math.max((72 * MAX_LOGO_SIDE) / side, 1), 72 * 64);
      pipeline = sharp(bytes, { ...options, density });
    } else {
      const meta = await sharp(bytes, options).metadata();
      if (meta.format !== kind) return { ok: false, problem: "unsupported" };
      // rotate(): apply the EXIF orientation before the metadata is dropped.
      pipeline = sharp(bytes, options).rotate();
    }
    const { data, info } = await pipeline
      .timeout({ seconds: TIMEOUT_SECONDS })
      .resize({ width: MAX_LOGO_SIDE, height: MAX_LOGO_SIDE, fit: "inside", withoutEnlargement: true })
      .png({ compressionLevel: 9 })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, png: data, width: info.width, height: info.height };
  } catch {
    return { ok: false, problem: "broken" };
  }
}

/**
 * Stores one received upload as the new logo file (nothing is written on refusal) and always removes
 * the temp file. Storage errors (ENOSPC, EROFS…) are rethrown with their errno code for the 503 page.
 */
export async function storeLogo(uploadDir: string, file: ReceivedFile): Promise<{ ok: true; logo: BrandLogo } | { ok: false; problem: LogoProblem }> {
  try {
    if (file.bytes > MAX_LOGO_BYTES) return { ok: false, problem: "too_large" };
    const bytes = await readFile(file.path);
    if (bytes.byteLength > MAX_LOGO_BYTES) return { ok: false, problem: "too_large" };
    return await storeLogoBytes(uploadDir, bytes);
  } finally {
    await removeFile(file.path);
  }
}

/** The same from bytes in memory (seed data, tests). */
export async function storeLogoBytes(uploadDir: string, bytes: Uint8Array): Promise<{ ok: true; logo: BrandLogo } | { ok: false; problem: LogoProblem }> {
  if (bytes.byteLength > MAX_LOGO_BYTES) return { ok: false, problem: "too_large" };
  const kind = sniffLogo(bytes);
  if (!kind) return { ok: false, problem: "unsupported" };
  const result = await rasterise(bytes, kind);
  if (!result.ok) return result;
  const dir = brandDir(uploadDir);
  await mkdir(dir, { recursive: true });
  const name = randomName();
  const file = `${name}.png`;
  const partial = join(dir, `${file}.partial`);
  try {
    await writeFile(partial, result.png, { flag: "wx" });
    await rename(partial, join(dir, file));
  } catch (error) {
    await removeFile(partial);
    throw error;
  }
  return { ok: true, logo: { file, width: result.width, height: result.height, version: name.slice(0, 12) } };
}

export async function removeLogoFile(uploadDir: string, file: string): Promise<void> {
  if (LOGO_FILE_NAME.test(file)) await removeFile(join(brandDir(uploadDir), file));
}

/** The current logo's bytes, or null when the file is missing. */
export async function readLogoFile(uploadDir: string, file: string): Promise<Buffer | null> {
  if (!LOGO_FILE_NAME.test(file)) return null;
  return readFile(join(brandDir(uploadDir), file)).catch(() => null);
}
