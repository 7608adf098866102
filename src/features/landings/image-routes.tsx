/** Image upload, reorder and delete for a landing the partner owns. */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { t } from "../../i18n/ru.js";
import { requestBodyStream } from "../../web/body-stream.js";
import { requireConfirmation } from "../../web/confirm.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { redirectTo } from "../../web/htmx.js";
import { editorPage } from "./editor-page.js";
import {
  addImagesWithinCaps,
  imageUsage,
  landingImageDir,
  MAX_IMAGES_PER_LANDING,
  PARTNER_IMAGE_QUOTA_BYTES,
  removeLandingImageFile,
  removeLandingImageFiles,
  storeLandingImages,
} from "./image-upload.js";
import { deleteImage, getImage, type getLanding, listImages, moveImage } from "./landings.js";
import { discardReceived, drain, MAX_FILES_PER_UPLOAD, MAX_UPLOAD_BYTES, receiveUpload } from "./upload-stream.js";

type OwnLanding = (c: AppContext) => ReturnType<typeof getLanding>;
const MB = 1024 * 1024;

export function uploadImages(ownLanding: OwnLanding) {
  const app = new Hono<AppEnv>();

  app.post("/:id/images", async (c) => {
    const landing = await ownLanding(c);
    if (!landing) return c.notFound();
    const { db, config, now } = c.var.deps;
    const errors = t.landings.imageErrors;
    // A body left unread (over the request limit) cannot be followed by another request on this connection.
    const refuse = (messages: string[], status: 413 | 415 | 422, drained = true) => {
      if (!drained) c.header("Connection", "close");
      return editorPage(c, landing, { uploadErrors: messages, status });
    };
    const capMessage = (reason: "landing_full" | "quota", usage: { landingImages: number; partnerBytes: number }) =>
      reason === "landing_full"
        ? errors.landingFull(MAX_IMAGES_PER_LANDING, Math.max(0, MAX_IMAGES_PER_LANDING - usage.landingImages))
        : errors.quota(Math.ceil(usage.partnerBytes / MB), PARTNER_IMAGE_QUOTA_BYTES / MB);

    const source = requestBodyStream(c);
    if (!source) return refuse([errors.none], 422);
    // Caps already reached: refuse before writing anything.
    const usage = await imageUsage(db, landing.partnerId, landing.id);
    const full = usage.landingImages >= MAX_IMAGES_PER_LANDING ? "landing_full" : usage.partnerBytes >= PARTNER_IMAGE_QUOTA_BYTES ? "quota" : null;
    if (full) return refuse([capMessage(full, usage)], 422, await drain(source));

    const { UPLOAD_DIR } = config;
    const received = await receiveUpload(source, c.req.header("content-type"), landingImageDir(UPLOAD_DIR));
    // A body that is not multipart at all is a malformed request (400, one warn line), like every other form route.
    if (!received.ok && received.problem === "not_multipart") throw new HTTPException(400, { message: "malformed multipart upload" });
    if (!received.ok) {
      const message =
        received.problem === "too_large"
          ? errors.too_large(received.name)
          : received.problem === "request_too_large"
            ? errors.requestTooLarge(Math.floor(MAX_UPLOAD_BYTES / MB))
            : received.problem === "too_many_files"
              ? errors.tooMany
              : errors.none;
      const status = received.problem === "too_large" || received.problem === "request_too_large" ? 413 : 422;
      return refuse([message], status, received.drained);
    }
    const files = received.files;
    if (files.length === 0) return refuse([errors.none], 422);
    if (files.length > MAX_FILES_PER_UPLOAD) {
      await discardReceived(files);
      return refuse([errors.tooMany], 422);
    }
    if (usage.landingImages + files.length > MAX_IMAGES_PER_LANDING) {
      await discardReceived(files);
      return refuse([capMessage("landing_full", usage)], 422);
    }
    // All or nothing: one bad file refuses the whole upload, and files already written are removed.
    const stored = await storeLandingImages(UPLOAD_DIR, files);
    if (!stored.ok) return refuse([errors[stored.problem](stored.name)], stored.problem === "too_large" ? 413 : 415);
    let added: Awaited<ReturnType<typeof addImagesWithinCaps>>;
    try {
      added = await addImagesWithinCaps(db, landing.partnerId, landing.id, stored.images, now());
    } catch (error) {
      // No row may point at a missing file, and no file may stay without a row (SQLITE_FULL → 503 in onError).
      await removeLandingImageFiles(UPLOAD_DIR, stored.images);
      throw error;
    }
    if (!added.ok) {
      await removeLandingImageFiles(UPLOAD_DIR, stored.images);
      return refuse([capMessage(added.reason, await imageUsage(db, landing.partnerId, landing.id))], 422);
    }
    return redirectTo(c, `/landings/${landing.id}/edit#images`, { kind: "success", text: t.landings.uploaded(stored.images.length) });
  });

  app.post("/:id/images/:imageId/deletion", async (c) => {
    const landing = await ownLanding(c);
    const imageId = parseId(c.req.param("imageId"));
    if (!landing || imageId === null) return c.notFound();
    const image = await getImage(c.var.deps.db, landing.id, imageId);
    if (!image) return c.notFound();
    // Without JavaScript (or a hand-made post) the partner sees what goes and confirms on a page; nothing changes before.
    const position = (await listImages(c.var.deps.db, landing.id)).findIndex((i) => i.id === image.id) + 1;
    const asked = await requireConfirmation(c, {
      question: t.landings.deleteImageQuestion(position),
      okLabel: t.landings.deleteImage,
      cancelHref: `/landings/${landing.id}/edit#images`,
    });
    if (asked) return asked;
    const deleted = await deleteImage(c.var.deps.db, landing.id, imageId);
    if (!deleted) return c.notFound();
    await removeLandingImageFile(c.var.deps.config.UPLOAD_DIR, deleted.fileName);
    return redirectTo(c, `/landings/${landing.id}/edit#images`, { kind: "success", text: t.landings.imageDeleted });
  });

  app.post("/:id/images/:imageId/move", async (c) => {
    const landing = await ownLanding(c);
    const imageId = parseId(c.req.param("imageId"));
    if (!landing || imageId === null) return c.notFound();
    const direction = (await c.req.parseBody()).direction === "up" ? "up" : "down";
    if (!(await moveImage(c.var.deps.db, landing.id, imageId, direction))) return c.notFound();
    return redirectTo(c, `/landings/${landing.id}/edit#images`);
  });
  return app;
}
