import { t } from "../../src/i18n/ru.js";
import { confirmAttrs } from "../components/confirm.js";
import { Field } from "../components/form-field.js";

export type PartnerRateCardProps = {
  partnerId: number;
  /** For the confirmation before returning to the global rate. */
  partnerName: string;
  /** The partner's own rate in basis points, null when the global one applies. */
  ownBp: number | null;
  globalBp: number;
  value?: string | undefined;
  error?: string | undefined;
};

/** The effective rate, whose it is, and the forms to set an own rate or return to the global one. */
export function PartnerRateCard(p: PartnerRateCardProps) {
  const m = t.moneyTools.rate;
  const effective = p.ownBp ?? p.globalBp;
  const path = `/admin/partners/${p.partnerId}/rate`;
  return (
    <section class="card" id="rate" aria-labelledby="rate-heading">
      <h2 id="rate-heading">{m.heading}</h2>
      <dl class="facts">
        <dt>{m.effective}</dt>
        <dd>
          <strong>{t.moneyTools.percent(effective)}</strong>{" "}
          <span class={p.ownBp === null ? "pill" : "pill pill-ok"}>{p.ownBp === null ? m.global : m.own}</span>
        </dd>
      </dl>
      <p class="hint">
        {m.globalIs(p.globalBp)} {m.fixedHint}
      </p>
      <form method="post" action={path} class="form" novalidate>
        <Field
          name="rate"
          label={m.field}
          hint={m.fieldHint}
          value={p.value ?? (p.ownBp === null ? "" : t.moneyTools.percent(p.ownBp).replace(/\u00a0%$/, ""))}
          error={p.error}
          maxlength={12}
          autocomplete="off"
        />
        <div class="actions">
          <button type="submit" class="button">
            {m.save}
          </button>
        </div>
      </form>
      {p.ownBp !== null && (
        <form method="post" action={`${path}/deletion`} class="actions" {...confirmAttrs(m.clearQuestion(p.partnerName), m.clear, "secondary")}>
          <button type="submit" class="button button-secondary">
            {m.clear}
          </button>
        </form>
      )}
    </section>
  );
}
