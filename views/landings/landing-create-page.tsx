import { t } from "../../src/i18n/ru.js";
import { type LandingFormProps, LandingSettingsForm } from "./landing-settings-form.js";

export function LandingCreatePage(p: Omit<LandingFormProps, "landingId">) {
  return (
    <>
      <h1>{t.landings.createHeading}</h1>
      <section class="card narrow">
        <LandingSettingsForm landingId={null} values={p.values} errors={p.errors} />
      </section>
    </>
  );
}
