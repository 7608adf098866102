import { formatDate, formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { FormError, TextAreaField } from "../components/form-field.js";
import { describePayoutMethod, type PayoutMethodView } from "../requisites/payout-method-summary.js";
import { ADD_PAYOUT_METHOD_HREF } from "../requisites/requisites-section.js";
import { money } from "./parts.js";

export type EligibleClientView = {
  id: number;
  name: string;
  amountKopecks: number | null;
  currencyId: string | null;
  commissionKopecks: number;
  wonAt: number | null;
};
export type MethodChoiceView = PayoutMethodView & { id: number; isDefault: boolean };

/** The first line of the description (card or account masked), the kind unless obvious, the default mark: no full numbers. */
function methodLabel(m: MethodChoiceView): string {
  const { title, lines } = describePayoutMethod(m, { masked: true });
  // A card's first line already says "card": the kind would only push the digits out of a phone-wide select.
  const label = !lines[0] ? title : m.kind === "card" ? lines[0] : `${title}: ${lines[0]}`;
  return m.isDefault ? `${label} (${t.payouts.form.defaultMethod})` : label;
}

export type RequestFormProps = {
  clients: EligibleClientView[];
  /** The list was cut at the request limit. */
  limited: boolean;
  methods: MethodChoiceView[];
  minKopecks: number;
  /** method_id, comment, request_key as submitted (or the fresh key). */
  values: Record<string, string>;
  checked: number[];
  errors: Partial<Record<string, string>>;
  totalKopecks: number;
  timeZone: string;
};

/** The running total; htmx replaces it after every change of the form, the server counts it. */
export function PayoutTotal({ totalKopecks }: { totalKopecks: number }) {
  return (
    <p id="payout-total" class="payout-total" aria-live="polite">
      <span>{t.payouts.form.total}</span> <strong class="money-value">{formatMoney(totalKopecks)}</strong>
    </p>
  );
}

export function PayoutRequestForm(p: RequestFormProps) {
  const f = t.payouts.form;
  // A refused submit whose clients are gone by now (claimed meanwhile) still says why.
  const refusal = Object.values(p.errors).find(Boolean);
  if (p.clients.length === 0) {
    return (
      <section class="card" id="payout-form">
        <h2>{f.heading}</h2>
        <FormError message={refusal} />
        <p class="muted">{f.nothing}</p>
        <div class="actions">
          <a class="button button-secondary" href="/links">
            {f.getLink}
          </a>
        </div>
      </section>
    );
  }
  if (p.methods.length === 0) {
    return (
      <section class="card" id="payout-form">
        <h2>{f.heading}</h2>
        <FormError message={refusal} />
        <p>{f.noMethods}</p>
        <a class="button" href={ADD_PAYOUT_METHOD_HREF}>
          {f.addMethod}
        </a>
      </section>
    );
  }
  const selectedMethod = p.values.method_id ?? String(p.methods.find((m) => m.isDefault)?.id ?? p.methods[0]?.id ?? "");
  const checked = new Set(p.checked);
  const allChecked = p.clients.every((c) => checked.has(c.id));
  const clientsError = p.errors.client_id;
  const methodError = p.errors.method_id;
  return (
    <section class="card" id="payout-form">
      <h2>{f.heading}</h2>
      <form method="post" action="/payouts" class="form" hx-post="/payouts/total" hx-trigger="change" hx-target="#payout-total" hx-swap="outerHTML">
        <FormError message={p.errors._form ?? p.errors.request_key} />
        <input type="hidden" name="request_key" value={p.values.request_key} />
        {/* Wide screens: the clients on the left, where the money goes and the total beside them. */}
        <div class="payout-form-grid">
          <fieldset
            class={clientsError ? "choice payout-fieldset field-invalid" : "choice payout-fieldset"}
            aria-describedby={clientsError ? "clients-error" : "clients-hint"}
          >
            <legend>{f.clients}</legend>
            <p class="hint" id="clients-hint">
              {f.clientsHint}
            </p>
            {clientsError && (
              <p class="error" id="clients-error">
                {clientsError}
              </p>
            )}
            <div class="payout-select-all">
              {/* With JavaScript (static/payouts.js) a checkbox ticks every client at once; without it, a link re-opens the page with all ticked. */}
              <label class="choice-option" hidden data-select-all-box="">
                <input type="checkbox" data-select-all="" checked={allChecked} />
                <span>{f.selectAll}</span>
              </label>
              <a href={allChecked ? "/payouts#payout-form" : "/payouts?all=1#payout-form"} data-select-all-link="">
                {allChecked ? f.selectNone : f.selectAll}
              </a>
            </div>
            <ul class="payout-clients">
              {p.clients.map((c) => (
                <li>
                  <label class="payout-client">
                    <input type="checkbox" name="client_id" value={String(c.id)} checked={checked.has(c.id)} />
                    <span class="payout-client-text">
                      <span class="payout-client-name">{c.name}</span>
                      <span class="muted payout-client-meta">
                        {[
                          c.amountKopecks !== null ? f.deal(money(c.amountKopecks, c.currencyId)) : "",
                          c.wonAt !== null ? f.wonOn(formatDate(c.wonAt, p.timeZone)) : "",
                        ]
                          .filter(Boolean)
                          .join(", ")}
                      </span>
                    </span>
                    <strong class="payout-client-sum">{formatMoney(c.commissionKopecks)}</strong>
                  </label>
                </li>
              ))}
            </ul>
            {p.limited && <p class="hint">{f.limited(p.clients.length)}</p>}
          </fieldset>
          <div class="payout-side">
            <div class={methodError ? "field field-invalid" : "field"}>
              <label for="f-method_id">{f.method}</label>
              <select
                id="f-method_id"
                name="method_id"
                aria-invalid={methodError ? "true" : undefined}
                aria-describedby={methodError ? "f-method_id-error" : undefined}
              >
                {p.methods.map((m) => (
                  <option value={String(m.id)} selected={String(m.id) === selectedMethod}>
                    {methodLabel(m)}
                  </option>
                ))}
              </select>
              {methodError && (
                <p class="error" id="f-method_id-error">
                  {methodError}
                </p>
              )}
              <a href={ADD_PAYOUT_METHOD_HREF} class="payout-add-method">
                {f.addMethod}
              </a>
            </div>
            <TextAreaField name="comment" label={f.comment} hint={f.commentHint} value={p.values.comment} error={p.errors.comment} maxlength={1000} rows={3} />
            <div class="payout-submit">
              <PayoutTotal totalKopecks={p.totalKopecks} />
              <p class="hint">
                {f.totalHint}
                {p.minKopecks > 0 && `. ${f.minimum(formatMoney(p.minKopecks))}`}
              </p>
              <div class="actions">
                <button type="submit" class="button">
                  {f.submit}
                </button>
              </div>
            </div>
          </div>
        </div>
      </form>
      <script src="/static/payouts.js" defer />
    </section>
  );
}
