import { t } from "../../src/i18n/ru.js";

/** The value of the «own colour» radio: the hex then comes from the theme_color_custom text field. */
export const CUSTOM_COLOR = "custom";

/** Presets that read well as a header band and a button; the text colour on them is picked automatically. */
export const COLOR_PRESETS: ReadonlyArray<readonly [hex: string, name: keyof typeof t.landings.colors]> = [
  ["#1a73e8", "blue"],
  ["#0284c7", "sky"],
  ["#0f766e", "teal"],
  ["#15803d", "green"],
  ["#f59e0b", "amber"],
  ["#ea580c", "orange"],
  ["#dc2626", "red"],
  ["#db2777", "pink"],
  ["#7c3aed", "violet"],
  ["#334155", "graphite"],
];

const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * Swatches as radio buttons plus «own colour» with a hex text field: works without JavaScript.
 * static/landing-editor.js adds a native colour picker and selects «own colour» while typing a hex.
 * Each chip is an SVG fill, which the strict CSP does not treat as inline style.
 */
export function ThemeColorField({ values, error }: { values: Record<string, string>; error: string | undefined }) {
  const chosen = (values.theme_color ?? t.landings.defaults.themeColor).toLowerCase();
  const preset = COLOR_PRESETS.some(([hex]) => hex === chosen);
  const isCustom = chosen === CUSTOM_COLOR || !preset;
  // The hex box starts with the current colour, so «own colour» is a tweak of what is set.
  const customValue = values.theme_color_custom ?? (chosen === CUSTOM_COLOR ? "" : chosen);
  const shown = HEX.test(customValue) ? customValue.toLowerCase() : HEX.test(chosen) ? chosen : t.landings.defaults.themeColor;
  const describedBy = ["f-theme_color-hint", error ? "f-theme_color-error" : ""].filter(Boolean).join(" ");
  return (
    <fieldset class={error ? "field swatch-field is-required field-invalid" : "field swatch-field is-required"} aria-describedby={describedBy}>
      <legend>{t.landings.fields.themeColor}</legend>
      <p class="hint" id="f-theme_color-hint">
        {t.landings.fields.themeColorHint}
      </p>
      {error && (
        <p class="error" id="f-theme_color-error">
          {error}
        </p>
      )}
      <div class="swatches">
        {COLOR_PRESETS.map(([hex, name]) => (
          <label class="swatch" title={t.landings.colors[name]}>
            <input type="radio" name="theme_color" value={hex} checked={!isCustom && chosen === hex} />
            <Chip fill={hex} />
            <span class="visually-hidden">{t.landings.colors[name]}</span>
          </label>
        ))}
      </div>
      <div class="swatch-own">
        <label class="swatch swatch-labelled">
          <input type="radio" name="theme_color" value={CUSTOM_COLOR} checked={isCustom} data-custom-radio />
          <Chip fill={null} />
          <span>{t.landings.fields.customColor}</span>
        </label>
        <label class="visually-hidden" for="f-theme_color_custom">
          {t.landings.fields.customColorField}
        </label>
        <input
          id="f-theme_color_custom"
          class="hex-input"
          name="theme_color_custom"
          type="text"
          value={customValue}
          maxlength={7}
          autocomplete="off"
          spellcheck={false}
          aria-invalid={error && isCustom ? "true" : undefined}
          aria-describedby="f-theme_color-hint"
          data-hex-input
        />
        <input type="color" class="color-picker" value={shown} aria-label={t.landings.fields.colorPicker} hidden data-color-picker />
      </div>
    </fieldset>
  );
}

/** Quarters of the «own colour» chip: it stands for any colour; the picker and the hex show the one chosen. */
const WHEEL = ["#dc2626", "#f59e0b", "#15803d", "#1a73e8"];

/** A round colour chip (or the colour wheel, `fill` null) with a check mark shown by CSS when checked. */
function Chip({ fill }: { fill: string | null }) {
  return (
    <svg class="swatch-chip" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {fill ? (
        <circle cx="12" cy="12" r="11" fill={fill} />
      ) : (
        <>
          {WHEEL.map((colour, i) => (
            <path
              d={["M12 12V1A11 11 0 0 1 23 12Z", "M12 12H23A11 11 0 0 1 12 23Z", "M12 12V23A11 11 0 0 1 1 12Z", "M12 12H1A11 11 0 0 1 12 1Z"][i]}
              fill={colour}
            />
          ))}
          <circle cx="12" cy="12" r="11" fill="none" />
        </>
      )}
      <path class="swatch-check swatch-check-shadow" d="M7 12.5l3.2 3.2L17 9" />
      <path class="swatch-check" d="M7 12.5l3.2 3.2L17 9" />
    </svg>
  );
}
