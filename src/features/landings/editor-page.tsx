/** The landing editor page (settings, images, preview), shared by the settings and image routes. */

import { LandingEditorPage } from "../../../views/landings/landing-editor-page.js";
import { t } from "../../i18n/ru.js";
import type { AppContext } from "../../web/env.js";
import type { FormValues } from "../../web/forms.js";
import { renderPage } from "../../web/render.js";
import { type getLanding, type LandingInput, listImages } from "./landings.js";

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
  const images = (await listImages(c.var.deps.db, landing.id)).map((i) => ({
    id: i.id,
    url: `/media/landings/${i.fileName}`,
    width: i.width,
    height: i.height,
  }));
  const values = extra.form?.values ?? valuesOf(landing);
  return renderPage(
    c,
    t.landings.editHeading,
    <LandingEditorPage
      landingId={landing.id}
      isActive={landing.isActive}
      values={values}
      errors={extra.form?.errors ?? {}}
      preview={{ ...landing, images }}
      images={images}
      uploadErrors={extra.uploadErrors ?? []}
    />,
    { status: extra.status ?? 200 },
  );
}
