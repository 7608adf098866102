import { t } from "../../src/i18n/ru.js";
import { Field, FormError, TextAreaField } from "../components/form-field.js";
import { ThemeColorField } from "./theme-color-field.js";

export type LandingFormProps = {
  landingId: number | null;
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
};

/**
 * The settings form; on the editor it also drives the live preview (htmx, on input). Every field
 * is required: the `form-marked` class draws an asterisk after each required label (the legend
 * at the top says what it means), and `required` tells assistive technology the same.
 */
export function LandingSettingsForm({ landingId, values, errors }: LandingFormProps) {
  const action = landingId ? `/landings/${landingId}` : "/landings";
  const previewUrl = landingId ? `/landings/${landingId}/preview` : "/landings/preview";
  return (
    <form
      method="post"
      action={action}
      class="form form-marked"
      novalidate
      hx-post={previewUrl}
      hx-trigger="input delay:400ms"
      hx-target="#landing-preview"
      hx-swap="innerHTML"
    >
      <FormError message={Object.keys(errors).length ? t.validation.formErrors : undefined} />
      <p class="hint required-legend">{t.landings.requiredLegend}</p>
      <Field
        name="header_text"
        label={t.landings.fields.headerText}
        hint={t.landings.fields.headerTextHint}
        value={values.header_text}
        error={errors.header_text}
        required
        maxlength={200}
      />
      <TextAreaField
        name="description"
        label={t.landings.fields.description}
        hint={t.landings.fields.descriptionHint}
        value={values.description}
        error={errors.description}
        required
        maxlength={5000}
        rows={6}
      />
      <Field
        name="button_text"
        label={t.landings.fields.buttonText}
        value={values.button_text ?? t.landings.defaults.buttonText}
        error={errors.button_text}
        required
        maxlength={60}
      />
      <ThemeColorField values={values} error={errors.theme_color} />
      <Field
        name="title"
        label={t.landings.fields.title}
        hint={t.landings.fields.titleHint}
        value={values.title}
        error={errors.title}
        required
        maxlength={200}
      />
      <div class="form-actions">
        <button type="submit" class="button">
          {t.save}
        </button>
      </div>
    </form>
  );
}
