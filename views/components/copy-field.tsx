import { t } from "../../src/i18n/ru.js";

/** A read-only value with a copy button (static/copy.js); without JS the text can still be selected. */
export function CopyField({ id, label, value, multiline }: { id: string; label: string; value: string; multiline?: boolean }) {
  return (
    <div class="field copy-field">
      <label for={id}>{label}</label>
      <div class="copy-row">
        {multiline ? (
          <textarea id={id} readonly rows={3}>
            {value}
          </textarea>
        ) : (
          <input id={id} value={value} readonly />
        )}
        <button type="button" class="button button-secondary button-small" data-copy={id} data-copied={t.links.copied}>
          {t.links.copy}
        </button>
      </div>
    </div>
  );
}
