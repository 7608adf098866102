import { t } from "../../src/i18n/ru.js";
import type { LandingView } from "../public/landing-content.js";
import { LandingPreviewCard } from "./landing-editor-page.js";
import { type LandingFormProps, LandingSettingsForm } from "./landing-settings-form.js";

/** The create page: the same form | preview layout as the editor, with sample text in the preview. */
export function LandingCreatePage(p: Omit<LandingFormProps, "landingId"> & { preview: LandingView }) {
  return (
    <>
      <div class="page-head">
        <div class="page-title">
          <h1>{t.landings.createHeading}</h1>
          <p class="muted page-sub">{t.landings.createLead}</p>
        </div>
      </div>
      <div class="editor editor-create">
        <section class="card editor-form" aria-labelledby="settings-title">
          <h2 id="settings-title" class="visually-hidden">
            {t.landings.createHeading}
          </h2>
          <LandingSettingsForm landingId={null} values={p.values} errors={p.errors} />
        </section>
        <LandingPreviewCard landing={p.preview} />
      </div>
      <script src="/static/landing-editor.js" defer />
    </>
  );
}
