import { t } from "../../src/i18n/ru.js";
import { type LandingFormProps, LandingSettingsForm } from "./landing-settings-form.js";

export function LandingCreatePage(p: Omit<LandingFormProps, "landingId">) {
  return (
    <>
      <div class="page-head">
        <div class="page-title">
          <h1>{t.landings.createHeading}</h1>
          <p class="muted page-sub">{t.landings.createLead}</p>
        </div>
      </div>
      <section class="card narrow">
        <LandingSettingsForm landingId={null} values={p.values} errors={p.errors} />
      </section>
      <script src="/static/landing-editor.js" defer />
    </>
  );
}
