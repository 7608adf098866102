/**
 * A text input for numbers people read off a card or a bank letter: a numeric keypad on phones
 * (`inputmode`), no `pattern` (the form is `novalidate` and the server accepts spaces and dashes, so
 * pasting "2200 1234-5678 9012" works). Same markup as components/form-field's Field.
 */
export type DigitsFieldProps = {
  name: string;
  label: string;
  hint?: string;
  value?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  maxlength: number;
  autocomplete?: string;
  /** Card numbers are regrouped in fours as they are typed (static/requisites.js). */
  card?: boolean;
};

export function DigitsField(p: DigitsFieldProps) {
  const id = `f-${p.name}`;
  const described = [p.hint ? `${id}-hint` : "", p.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={p.error ? "field field-invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <input
        id={id}
        name={p.name}
        type="text"
        inputmode="numeric"
        class="digits-input"
        value={p.value}
        required={p.required}
        autocomplete={p.autocomplete ?? "off"}
        maxlength={p.maxlength}
        spellcheck={false}
        data-card-number={p.card ? "" : undefined}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={described || undefined}
      />
      {p.hint && (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="error" id={`${id}-error`}>
          {p.error}
        </p>
      )}
    </div>
  );
}
