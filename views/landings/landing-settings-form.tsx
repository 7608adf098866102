import { t } from "../../src/i18n/ru.js";
import { Field, FormError, TextAreaField } from "../components/form-field.js";

export type LandingFormProps = {
  landingId: number | null;
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
};

/** The settings form; on the editor it also drives the live preview (htmx, on input). */
export function LandingSettingsForm({ landingId, values, errors }: LandingFormProps) {
  const action = landingId ? `/landings/${landingId}` : "/landings";
  return (
    <form
      method="post"
      action={action}
      class="form"
      novalidate
      hx-post={landingId ? `/landings/${landingId}/preview` : undefined}
      hx-trigger={landingId ? "input delay:400ms" : undefined}
      hx-target={landingId ? "#landing-preview" : undefined}
      hx-swap="innerHTML"
    >
      <FormError message={Object.keys(errors).length ? t.validation.formErrors : undefined} />
      <Field name="title" label={t.landings.fields.title} value={values.title} error={errors.title} required maxlength={200} />
      <Field name="header_text" label={t.landings.fields.headerText} value={values.header_text} error={errors.header_text} required maxlength={200} />
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
      <Field
        name="theme_color"
        label={t.landings.fields.themeColor}
        hint={t.landings.fields.themeColorHint}
        value={values.theme_color ?? t.landings.defaults.themeColor}
        error={errors.theme_color}
        required
        maxlength={7}
      />
      <button type="submit" class="button">
        {t.save}
      </button>
    </form>
  );
}
