/**
 * /admin/settings/brand…: the brand's text fields, the logo upload and its removal. Brand changes
 * are not money, so they need no sudo mode; each one that changes something writes one audit row
 * and clears the public landing cache (landings show the brand).
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { requestBodyStream } from "../../web/body-stream.js";
import { requireConfirmation } from "../../web/confirm.js";
import type { AppEnv } from "../../web/env.js";
import { parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { discardReceived, receiveUpload } from "../landings/upload-stream.js";
import { getBrand, removeBrandLogo, saveBrandFields, setBrandLogo } from "./brand.js";
import { brandDir, removeLogoFile, storeLogo } from "./brand-logo.js";
import { brandInput } from "./inputs.js";
import { settingsPage } from "./settings-page.js";

const SETTINGS = "/admin/settings";

export const brandAdminRoutes = new Hono<AppEnv>();
brandAdminRoutes.use("*", requireAdmin);

brandAdminRoutes.post("/", async (c) => {
  const form = await parseForm(c, brandInput);
  if (!form.ok) return settingsPage(c, form.values, form.errors, 422);
  const { db, now, publicPages } = c.var.deps;
  const changed = await saveBrandFields(db, form.data, currentUser(c).id, now());
  if (changed) publicPages.clear();
  return redirectTo(c, SETTINGS, { kind: "success", text: changed ? t.brand.saved : t.brand.unchanged });
});

brandAdminRoutes.post("/logo", async (c) => {
  const errors = t.brand.logo.errors;
  // A body left unread (over the request limit) cannot be followed by another request on this connection.
  const refuse = (message: string, status: 413 | 422, drained = true) => {
    if (!drained) c.header("Connection", "close");
    return settingsPage(c, {}, { logo: message }, status);
  };
  const source = requestBodyStream(c);
  if (!source) return refuse(errors.none, 422);
  const { UPLOAD_DIR } = c.var.deps.config;
  const received = await receiveUpload(source, c.req.header("content-type"), brandDir(UPLOAD_DIR), "logo");
  if (!received.ok && received.problem === "not_multipart") throw new HTTPException(400, { message: "malformed multipart upload" });
  if (!received.ok) {
    if (received.problem === "too_many_files") return refuse(errors.tooMany, 422, received.drained);
    return refuse(errors.too_large, 413, received.drained);
  }
  const [file, ...more] = received.files;
  if (!file) return refuse(errors.none, 422);
  if (more.length > 0) {
    await discardReceived(received.files);
    return refuse(errors.tooMany, 422);
  }
  const stored = await storeLogo(UPLOAD_DIR, file);
  if (!stored.ok) return refuse(errors[stored.problem], stored.problem === "too_large" ? 413 : 422);

  const { db, now, publicPages } = c.var.deps;
  let previous: Awaited<ReturnType<typeof setBrandLogo>>;
  try {
    previous = await setBrandLogo(db, stored.logo, currentUser(c).id, now());
  } catch (error) {
    // No file may stay without its row (SQLITE_FULL → 503 in onError).
    await removeLogoFile(UPLOAD_DIR, stored.logo.file);
    throw error;
  }
  if (previous && previous.file !== stored.logo.file) await removeLogoFile(UPLOAD_DIR, previous.file);
  publicPages.clear();
  return redirectTo(c, SETTINGS, { kind: "success", text: t.brand.logo.uploaded });
});

brandAdminRoutes.post("/logo/deletion", async (c) => {
  const l = t.brand.logo;
  const { db, now, publicPages, config } = c.var.deps;
  if (!(await getBrand(db)).logo) return redirectTo(c, SETTINGS, { kind: "success", text: l.alreadyNone });
  const unconfirmed = await requireConfirmation(c, { question: l.removeQuestion, okLabel: l.remove, cancelHref: `${SETTINGS}#settings-logo` });
  if (unconfirmed) return unconfirmed;
  const removed = await removeBrandLogo(db, currentUser(c).id, now());
  if (!removed) return redirectTo(c, SETTINGS, { kind: "success", text: l.alreadyNone });
  await removeLogoFile(config.UPLOAD_DIR, removed.file);
  publicPages.clear();
  return redirectTo(c, SETTINGS, { kind: "success", text: l.removed });
});
