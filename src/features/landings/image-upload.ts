/**
 * Landing images: the type comes from the file's bytes, never its name or Content-Type; only JPEG,
 * PNG, WebP and GIF are accepted (SVG can carry script). Each image is decoded and re-encoded by
 * sharp, which strips EXIF (GPS!) and any appended payload, under a pixel limit against bombs.
 * The upload itself arrives through upload-stream.ts (temp files, limits counted while reading);
 * sharp reads each temp file one image at a time, and the re-encoded image is written as
 * `<name>.partial` and renamed into place. A failed upload leaves no file behind.
 *
 * Caps (issue 10): at most 20 images per landing, and 200 MB of stored (re-encoded) images per
 * partner across all their landings — 10 full landings of large photos, and about 1 % of a 20 GB
 * disk per 100 partners. Both are checked in the same INSERT that stores the rows, so parallel
 * uploads cannot pass them together.
 */
import { mkdir, open, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import sharp, { type OutputInfo } from "sharp";
import type { Db } from "../../db/client.js";
import { MAX_PIXELS, withSharpSlot } from "../attachments/sharp-slot.js";
import type { StoredImage } from "./landings.js";
import { discardReceived, MAX_IMAGE_BYTES, type ReceivedFile, randomName, removeFile } from "./upload-stream.js";

export const MAX_IMAGES_PER_LANDING = 20;
export const PARTNER_IMAGE_QUOTA_BYTES = 200 * 1024 * 1024;
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

async function head(path: string): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buffer = new Uint8Array(16);
    const { bytesRead } = await handle.read(buffer, 0, 16, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Validates and re-encodes one received file into place under a random name; nothing is written on failure. */
async function storeOne(dir: string, file: ReceivedFile): Promise<{ ok: true; image: StoredImage } | { ok: false; problem: ImageProblem }> {
  if (file.bytes > MAX_IMAGE_BYTES) return { ok: false, problem: "too_large" };
  const kind = sniff(await head(file.path));
  if (!kind) return { ok: false, problem: "unsupported" };
  const animated = kind.format === "gif" || kind.format === "webp";
  const pipeline = sharp(file.path, { limitInputPixels: MAX_PIXELS, animated, failOn: "error" })
    .rotate()
    .resize({ width: MAX_WIDTH, withoutEnlargement: true });
  const encoded =
    kind.format === "jpeg"
      ? pipeline.jpeg({ quality: 82, mozjpeg: true })
      : kind.format === "png"
        ? pipeline.png({ compressionLevel: 9 })
        : kind.format === "webp"
          ? pipeline.webp({ quality: 82 })
          : pipeline.gif();
  const fileName = `${randomName()}.${kind.ext}`;
  const partial = join(dir, `${fileName}.partial`);
  let info: OutputInfo;
  try {
    // Straight to a file: no output buffer waits for the garbage collector.
    info = await withSharpSlot(() => encoded.toFile(partial));
    await rename(partial, join(dir, fileName));
  } catch (error) {
    await removeFile(partial);
    const storage = storageErrorOf(error);
    if (storage) throw storage;
    return { ok: false, problem: "broken" };
  }
  const height = info.pageHeight ?? info.height;
  return { ok: true, image: { fileName, mime: kind.mime, width: info.width, height, bytes: info.size } };
}

/** libvips reports a failed write by its message only; give it the errno code the storage check knows. */
function storageErrorOf(error: unknown): Error | null {
  if (error && typeof error === "object" && typeof (error as { code?: unknown }).code === "string") return error as Error;
  const message = error instanceof Error ? error.message : String(error);
  const code = /No space left on device/i.test(message)
    ? "ENOSPC"
    : /Disk quota exceeded/i.test(message)
      ? "EDQUOT"
      : /Read-only file system/i.test(message)
        ? "EROFS"
        : /Permission denied/i.test(message)
          ? "EACCES"
          : /Operation not permitted/i.test(message)
            ? "EPERM"
            : null;
  return code ? Object.assign(new Error(message, { cause: error }), { code }) : null;
}

/**
 * Re-encodes received files one after another (one decoded image in memory at a time). All or
 * nothing: on the first bad file the images already stored are removed and its name is returned.
 * The temp files are always removed; storage errors are rethrown after clean-up.
 */
export async function storeLandingImages(
  uploadDir: string,
  files: ReceivedFile[],
): Promise<{ ok: true; images: StoredImage[] } | { ok: false; problem: ImageProblem; name: string }> {
  const dir = landingImageDir(uploadDir);
  const images: StoredImage[] = [];
  try {
    for (const file of files) {
      const result = await storeOne(dir, file);
      if (!result.ok) {
        await removeLandingImageFiles(uploadDir, images);
        return { ok: false, problem: result.problem, name: file.name };
      }
      images.push(result.image);
      await removeFile(file.path);
    }
    return { ok: true, images };
  } catch (error) {
    await removeLandingImageFiles(uploadDir, images);
    throw error;
  } finally {
    await discardReceived(files);
  }
}

/** One image from bytes already in memory (seed data, tests): through a temp file like an upload. */
export async function storeLandingImage(
  uploadDir: string,
  bytes: Uint8Array,
): Promise<{ ok: true; image: StoredImage } | { ok: false; problem: ImageProblem }> {
  if (bytes.byteLength > MAX_IMAGE_BYTES) return { ok: false, problem: "too_large" };
  const dir = landingImageDir(uploadDir);
  await mkdir(dir, { recursive: true });
  const file: ReceivedFile = { name: "", path: join(dir, `${randomName()}.partial`), bytes: bytes.byteLength };
  try {
    await writeFile(file.path, bytes, { flag: "wx" });
    return await storeOne(dir, file);
  } finally {
    await removeFile(file.path);
  }
}

export async function removeLandingImageFile(uploadDir: string, fileName: string): Promise<void> {
  await removeFile(join(landingImageDir(uploadDir), fileName));
}

export async function removeLandingImageFiles(uploadDir: string, images: Pick<StoredImage, "fileName">[]): Promise<void> {
  await Promise.all(images.map((i) => removeLandingImageFile(uploadDir, i.fileName)));
}

export type ImageUsage = { landingImages: number; partnerBytes: number };

/** How many images the landing has and how many bytes all the partner's landing images take. */
export async function imageUsage(db: Db, partnerId: number, landingId: number): Promise<ImageUsage> {
  const row = await db.get<{ landing_images: number; partner_bytes: number }>(sql`select
      (select count(*) from landing_images where landing_images.landing_id = ${landingId}) as landing_images,
      (select coalesce(sum(li.bytes), 0) from landing_images li join landings l on l.id = li.landing_id where l.partner_id = ${partnerId}) as partner_bytes`);
  return { landingImages: Number(row?.landing_images ?? 0), partnerBytes: Number(row?.partner_bytes ?? 0) };
}

/**
 * Appends images after the landing's last one, in the order given, only if the landing stays within
 * MAX_IMAGES_PER_LANDING and the partner within PARTNER_IMAGE_QUOTA_BYTES: one INSERT … SELECT, so the
 * check and the write cannot be split by a parallel upload. Nothing is stored when a cap is hit.
 */
export async function addImagesWithinCaps(
  db: Db,
  partnerId: number,
  landingId: number,
  images: StoredImage[],
  now: number,
): Promise<{ ok: true } | { ok: false; reason: "landing_full" | "quota" }> {
  if (images.length === 0) return { ok: true };
  const bytes = images.reduce((n, i) => n + i.bytes, 0);
  const rows = sql.join(
    images.map((img, i) => sql`(${img.fileName}, ${img.mime}, ${img.width}, ${img.height}, ${img.bytes}, ${i + 1})`),
    sql`, `,
  );
  const inserted = await db.run(sql`insert into landing_images (landing_id, file_name, mime, width, height, bytes, sort_order, created_at)
    select ${landingId}, v.column1, v.column2, v.column3, v.column4, v.column5,
      coalesce((select max(landing_images.sort_order) from landing_images where landing_images.landing_id = ${landingId}), 0) + v.column6, ${now}
    from (values ${rows}) v
    where (select count(*) from landing_images where landing_images.landing_id = ${landingId}) + ${images.length} <= ${MAX_IMAGES_PER_LANDING}
      and (select coalesce(sum(li.bytes), 0) from landing_images li join landings l on l.id = li.landing_id where l.partner_id = ${partnerId}) + ${bytes} <= ${PARTNER_IMAGE_QUOTA_BYTES}`);
  if (inserted.rowsAffected === images.length) return { ok: true };
  const usage = await imageUsage(db, partnerId, landingId);
  return { ok: false, reason: usage.landingImages + images.length > MAX_IMAGES_PER_LANDING ? "landing_full" : "quota" };
}

export const LANDING_IMAGE_NAME = /^[0-9a-f]{32}\.(jpg|png|webp|gif)$/;
export const mimeOfImage = (fileName: string) =>
  ({ jpg: "image/jpeg", png: "image/png", webp: "image/webp", gif: "image/gif" })[fileName.split(".").pop() ?? ""] ?? "application/octet-stream";
