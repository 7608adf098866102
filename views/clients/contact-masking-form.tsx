import { t } from "../../src/i18n/ru.js";

/** The contact-masking switch on /admin/settings (a checkbox: unchecked sends nothing, which means off). */
export function ContactMaskingForm({ masked }: { masked: boolean }) {
  const m = t.clients.masking;
  return (
    <section class="card">
      <h2>{m.heading}</h2>
      <form method="post" action="/admin/settings/contact-masking" class="form narrow">
        <div class="field">
          <label>
            <input type="checkbox" name="mask_contacts" value="on" checked={masked} aria-describedby="f-mask_contacts-hint" /> {m.label}
          </label>
          <p class="hint" id="f-mask_contacts-hint">
            {m.hint}
          </p>
        </div>
        <div>
          <button type="submit" class="button">
            {m.submit}
          </button>
        </div>
      </form>
    </section>
  );
}
