/**
 * Confirmation before a dangerous action (DESIGN.md «Confirm dangerous actions»).
 *
 * Usage, button with its own form:
 *   <ConfirmForm action="/admin/partners/7/deactivation" label={t.partners.admin.deactivate}
 *     question={t.partners.admin.deactivateQuestion(name)} />
 * Usage, a submit button inside an existing form (bulk actions; several buttons per form):
 *   <button type="submit" name="op" value="paid" class="button" {...confirmAttrs(question, okLabel)}>…</button>
 *
 * With JavaScript (static/confirm.js) the submit opens a native <dialog> repeating the question;
 * confirming re-submits with `confirmed=1`. Without JavaScript the post arrives unconfirmed and the
 * route answers `requireConfirmation` (src/web/confirm.tsx): a page with the question and the real
 * button, carrying every field of the original form. So the route must call requireConfirmation
 * before it changes anything; a post carrying `confirmed=1` goes straight through.
 */
import type { Child } from "hono/jsx";
import { t } from "../../src/i18n/ru.js";

export const CONFIRMED_FIELD = "confirmed";

export type ConfirmVariant = "danger" | "primary" | "secondary";

const buttonClass = (variant: ConfirmVariant, small?: boolean) => `button${variant === "primary" ? "" : ` button-${variant}`}${small ? " button-small" : ""}`;

/**
 * Attributes that make a submit button (or a form) ask first; `okLabel` is the dialog's confirm button.
 * `when`: ask only while the form's field has that value (a broadcast, not a message to one partner).
 */
export function confirmAttrs(question: string, okLabel: string, variant: ConfirmVariant = "danger", when?: { field: string; value: string }) {
  return {
    "data-confirm": question,
    "data-confirm-ok": okLabel,
    "data-confirm-cancel": t.confirm.cancel,
    "data-confirm-variant": variant,
    "data-confirm-field": when?.field,
    "data-confirm-value": when?.value,
  };
}

export type ConfirmFormProps = {
  action: string;
  /** The button's text, a verb ("deactivate", "delete"). */
  label: string;
  /** A full sentence saying what will happen; shown in the dialog and on the page without JS. */
  question: string;
  fields?: Record<string, string>;
  variant?: ConfirmVariant;
  small?: boolean;
  ariaLabel?: string;
  class?: string;
  /** More form content sent with the action (e.g. a reason field). */
  children?: Child;
};

export function ConfirmForm(p: ConfirmFormProps) {
  const variant = p.variant ?? "danger";
  return (
    <form method="post" action={p.action} class={p.class ?? "inline-form"} {...confirmAttrs(p.question, p.label, variant)}>
      {Object.entries(p.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {p.children}
      <button type="submit" class={buttonClass(variant, p.small)} aria-label={p.ariaLabel}>
        {p.label}
      </button>
    </form>
  );
}

export type ConfirmPageProps = {
  /** Where the original form posted; the confirmation posts there again. */
  action: string;
  question: string;
  okLabel: string;
  variant: ConfirmVariant;
  /** The original form's fields in order (a repeated name once per value). */
  fields: ReadonlyArray<readonly [name: string, value: string]>;
  cancelHref: string;
};

/** The page without JavaScript: the question, the real button, and a way back. */
export function ConfirmPage(p: ConfirmPageProps) {
  return (
    <section class="card narrow confirm-page">
      <h1>{t.confirm.title}</h1>
      <p class="confirm-question">{p.question}</p>
      <p class="hint">{t.confirm.pageHint}</p>
      <form method="post" action={p.action} class="actions">
        {p.fields.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name={CONFIRMED_FIELD} value="1" />
        <button type="submit" class={buttonClass(p.variant)}>
          {p.okLabel}
        </button>
        <a class="button button-secondary" href={p.cancelHref}>
          {t.confirm.cancel}
        </a>
      </form>
    </section>
  );
}
