import type { Child } from "hono/jsx";

export type FieldProps = {
  name: string;
  label: string;
  type?: "text" | "email" | "password" | "tel" | "search";
  value?: string | null;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  maxlength?: number;
  minlength?: number;
};

/**
 * A labelled input with its hint and error wired up through aria-describedby. GOV.UK order: label,
 * hint, error, then the input, so the hint is read before typing and the error sits right above the field.
 */
export function Field(p: FieldProps) {
  const id = `f-${p.name}`;
  const described = [p.hint ? `${id}-hint` : "", p.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={p.error ? "field field-invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <FieldNotes id={id} hint={p.hint} error={p.error} />
      <input
        id={id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.type === "password" ? undefined : (p.value ?? undefined)}
        required={p.required}
        autocomplete={p.autocomplete}
        maxlength={p.maxlength}
        minlength={p.minlength}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={described || undefined}
      />
    </div>
  );
}

export type TextAreaProps = Omit<FieldProps, "type" | "autocomplete"> & { rows?: number };

export function TextAreaField(p: TextAreaProps) {
  const id = `f-${p.name}`;
  const described = [p.hint ? `${id}-hint` : "", p.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={p.error ? "field field-invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <FieldNotes id={id} hint={p.hint} error={p.error} />
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 4}
        required={p.required}
        maxlength={p.maxlength}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={described || undefined}
      >
        {p.value ?? ""}
      </textarea>
    </div>
  );
}

/** The hint and the error under a field; their ids are what aria-describedby points at. */
function FieldNotes({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

/**
 * The GOV.UK error summary: a heading and one link per invalid field (to its input's id `f-<name>`),
 * shown above the form. `errors` maps field names to their messages, in the order of the form.
 */
export function ErrorSummary({ title, errors }: { title: string; errors: Record<string, string | undefined> }) {
  const entries = Object.entries(errors).filter((e): e is [string, string] => Boolean(e[1]));
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#f-${name}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A one-line form-level error shown above the fields (a refused login, a stale form). */
export function FormError({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return (
    <p class="flash flash-error" role="alert">
      {message}
    </p>
  );
}

export function Card({ title, children }: { title?: string; children: Child }) {
  return (
    <section class="card">
      {title && <h2>{title}</h2>}
      {children}
    </section>
  );
}
