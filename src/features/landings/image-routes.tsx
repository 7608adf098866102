/** Image upload, reorder and delete for a landing the partner owns. */
import { Hono } from "hono";
import { t } from "../../i18n/ru.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { redirectTo } from "../../web/htmx.js";
import { editorPage } from "./editor-page.js";
import { MAX_IMAGE_BYTES, removeLandingImageFile, storeLandingImage } from "./image-upload.js";
import { addImages, deleteImage, type getLanding, moveImage, type StoredImage } from "./landings.js";

const MAX_FILES = 10;
type OwnLanding = (c: AppContext) => ReturnType<typeof getLanding>;

export function uploadImages(ownLanding: OwnLanding) {
  const app = new Hono<AppEnv>();

  app.post("/:id/images", async (c) => {
    const landing = await ownLanding(c);
    if (!landing) return c.notFound();
    const body = await c.req.parseBody({ all: true });
    const files = [body.images].flat().filter((f): f is File => f instanceof File && f.size > 0);
    const refuse = (errors: string[], status: 413 | 415 | 422) => editorPage(c, landing, { uploadErrors: errors, status });
    if (files.length === 0) return refuse([t.landings.imageErrors.none], 422);
    if (files.length > MAX_FILES) return refuse([t.landings.imageErrors.tooMany], 422);
    const tooBig = files.filter((f) => f.size > MAX_IMAGE_BYTES);
    if (tooBig.length)
      return refuse(
        tooBig.map((f) => t.landings.imageErrors.too_large(f.name)),
        413,
      );
    // All or nothing: one bad file refuses the whole upload, and files already written are removed.
    const { UPLOAD_DIR } = c.var.deps.config;
    const stored: StoredImage[] = [];
    for (const file of files) {
      const result = await storeLandingImage(UPLOAD_DIR, new Uint8Array(await file.arrayBuffer()));
      if (!result.ok) {
        await Promise.all(stored.map((s) => removeLandingImageFile(UPLOAD_DIR, s.fileName)));
        return refuse([t.landings.imageErrors[result.problem](file.name)], result.problem === "too_large" ? 413 : 415);
      }
      stored.push(result.image);
    }
    await addImages(c.var.deps.db, landing.id, stored, c.var.deps.now());
    return redirectTo(c, `/landings/${landing.id}/edit#images`, { kind: "success", text: t.landings.uploaded(stored.length) });
  });

  app.post("/:id/images/:imageId/deletion", async (c) => {
    const landing = await ownLanding(c);
    const imageId = parseId(c.req.param("imageId"));
    if (!landing || imageId === null) return c.notFound();
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
