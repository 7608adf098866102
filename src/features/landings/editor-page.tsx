/** The landing editor page (address, settings, images, preview), shared by the settings and image routes. */

import { LandingEditorPage } from "../../../views/landings/landing-editor-page.js";
import { t } from "../../i18n/ru.js";
import type { AppContext } from "../../web/env.js";
import type { FormValues } from "../../web/forms.js";
import { renderPage } from "../../web/render.js";
import { MAX_IMAGES_PER_LANDING } from "./image-upload.js";
import { type getLanding, getLandingAddress, type LandingInput, listImages } from "./landings.js";
import { MAX_FILES_PER_UPLOAD, MAX_IMAGE_BYTES } from "./upload-stream.js";

const UPLOAD_LIMITS = { perFileMb: MAX_IMAGE_BYTES / (1024 * 1024), perUpload: MAX_FILES_PER_UPLOAD, perLanding: MAX_IMAGES_PER_LANDING };

export const valuesOf = (l: LandingInput): FormValues => ({
  title: l.title,
  header_text: l.headerText,
  description: l.description,
  button_text: l.buttonText,
  theme_color: l.themeColor,
});

/** The editor page; `form` overrides the saved values after a failed save. */
export async function editorPage(
  c: AppContext,
  landing: NonNullable<Awaited<ReturnType<typeof getLanding>>>,
  extra: { form?: { values: FormValues; errors: Partial<Record<string, string>> }; uploadErrors?: string[]; status?: 200 | 413 | 415 | 422 } = {},
) {
  const { db, config } = c.var.deps;
  const [rows, address] = await Promise.all([listImages(db, landing.id), getLandingAddress(db, landing.partnerId, landing.id)]);
  const images = rows.map((i) => ({ id: i.id, url: `/media/landings/${i.fileName}`, width: i.width, height: i.height }));
  const values = extra.form?.values ?? valuesOf(landing);
  return renderPage(
    c,
    t.landings.editHeading,
    <LandingEditorPage
      landingId={landing.id}
      title={landing.title}
      isActive={landing.isActive}
      address={address ? { linkId: address.linkId, url: `${config.origin}/l/${address.code}` } : null}
      values={values}
      errors={extra.form?.errors ?? {}}
      preview={{ ...landing, images }}
      images={images}
      uploadErrors={extra.uploadErrors ?? []}
      limits={UPLOAD_LIMITS}
    />,
    { status: extra.status ?? 200 },
  );
}
