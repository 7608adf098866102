/**
 * Landing images: the type comes from the file's bytes, never its name or Content-Type; only JPEG,
 * PNG, WebP and GIF are accepted (SVG can carry script). Each image is decoded and re-encoded by
 * sharp, which strips EXIF (GPS!) and any appended payload, under a pixel limit against bombs.
 */
import { randomBytes } from "node:crypto";
import { mkdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp, { type OutputInfo } from "sharp";
import type { StoredImage } from "./landings.js";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MAX_PIXELS = 25_000_000;
const MAX_WIDTH = 1600;

export type ImageProblem = "too_large" | "unsupported" | "broken";

type Kind = { format: "jpeg" | "png" | "webp" | "gif"; ext: string; mime: string };

function sniff(bytes: Uint8Array): Kind | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { format: "jpeg", ext: "jpg", mime: "image/jpeg" };
  if (ascii(0, 8) === "\x89PNG\r\n\x1a\n") return { format: "png", ext: "png", mime: "image/png" };
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return { format: "webp", ext: "webp", mime: "image/webp" };
  if (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a") return { format: "gif", ext: "gif", mime: "image/gif" };
  return null;
}

export function landingImageDir(uploadDir: string): string {
  return join(uploadDir, "landings");
}

/** Validates and re-encodes one upload, writing it under a random name; nothing is written on failure. */
export async function storeLandingImage(
  uploadDir: string,
  bytes: Uint8Array,
): Promise<{ ok: true; image: StoredImage } | { ok: false; problem: ImageProblem }> {
  if (bytes.byteLength > MAX_IMAGE_BYTES) return { ok: false, problem: "too_large" };
  const kind = sniff(bytes);
  if (!kind) return { ok: false, problem: "unsupported" };
  let output: { data: Buffer; info: OutputInfo };
  try {
    const animated = kind.format === "gif" || kind.format === "webp";
    const pipeline = sharp(bytes, { limitInputPixels: MAX_PIXELS, animated, failOn: "error" }).rotate().resize({ width: MAX_WIDTH, withoutEnlargement: true });
    const encoded =
      kind.format === "jpeg"
        ? pipeline.jpeg({ quality: 82, mozjpeg: true })
        : kind.format === "png"
          ? pipeline.png({ compressionLevel: 9 })
          : kind.format === "webp"
            ? pipeline.webp({ quality: 82 })
            : pipeline.gif();
    output = await encoded.toBuffer({ resolveWithObject: true });
  } catch {
    return { ok: false, problem: "broken" };
  }
  const fileName = `${randomBytes(16).toString("hex")}.${kind.ext}`;
  const dir = landingImageDir(uploadDir);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, fileName), output.data, { flag: "wx" });
  const height = output.info.pageHeight ?? output.info.height;
  return { ok: true, image: { fileName, mime: kind.mime, width: output.info.width, height, bytes: output.data.byteLength } };
}

export async function removeLandingImageFile(uploadDir: string, fileName: string): Promise<void> {
  await unlink(join(landingImageDir(uploadDir), fileName)).catch(() => undefined);
}

export const LANDING_IMAGE_NAME = /^[0-9a-f]{32}\.(jpg|png|webp|gif)$/;
export const mimeOfImage = (fileName: string) =>
  ({ jpg: "image/jpeg", png: "image/png", webp: "image/webp", gif: "image/gif" })[fileName.split(".").pop() ?? ""] ?? "application/octet-stream";
