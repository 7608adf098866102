import { t } from "../../src/i18n/ru.js";
import { ConfirmForm } from "../components/confirm.js";
import { PayoutMethodForm } from "./payout-method-form.js";
import { describePayoutMethod, PayoutMethodSummary, type PayoutMethodView } from "./payout-method-summary.js";

export type PayoutMethodItem = PayoutMethodView & { id: number; isDefault: boolean };

export type RequisitesSectionProps = { methods: PayoutMethodItem[] };

/** Where "add requisites" leads from anywhere in the cabinet: straight to the form. */
export const ADD_PAYOUT_METHOD_HREF = "/profile/payout-methods/new";

/**
 * The payout requisites block of /profile: saved methods (numbers masked) and the way to add one.
 * With nothing saved the form itself is here — adding is then the only thing to do; otherwise a
 * button opens the form on its own page (no folded section to find and open).
 */
export function RequisitesSection({ methods }: RequisitesSectionProps) {
  const r = t.requisites;
  return (
    <section class="card" id="requisites" aria-labelledby="requisites-heading">
      <div class="req-head">
        <h2 id="requisites-heading">{r.section}</h2>
        {methods.length > 0 && (
          <a class="button button-secondary" href={ADD_PAYOUT_METHOD_HREF}>
            {r.addHeading}
          </a>
        )}
      </div>
      <p class="hint">{r.intro}</p>
      {methods.length === 0 ? (
        <div class="req-add" id="add-requisites">
          <p>{r.empty}</p>
          <PayoutMethodForm action="/profile/payout-methods" values={{ kind: "card" }} errors={{}} submitLabel={r.add} />
        </div>
      ) : (
        <ul class="req-list" aria-label={r.listLabel}>
          {methods.map((method) => (
            <MethodItem method={method} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MethodItem({ method }: { method: PayoutMethodItem }) {
  // The same buttons repeat for every method: each also names the method it acts on.
  const summaryId = `payout-method-${method.id}-summary`;
  const { title, lines } = describePayoutMethod(method, { masked: true });
  const name = lines[0] ?? title;
  return (
    <li class="req-item" id={`payout-method-${method.id}`}>
      <div class="req-item-head">
        <PayoutMethodSummary method={method} masked id={summaryId} />
        {method.isDefault && <span class="pill pill-ok">{t.requisites.defaultBadge}</span>}
      </div>
      <div class="actions">
        <a class="button button-secondary button-small" href={`/profile/payout-methods/${method.id}/edit`} aria-describedby={summaryId}>
          {t.requisites.edit}
        </a>
        {!method.isDefault && (
          <form method="post" action={`/profile/payout-methods/${method.id}/default`}>
            <button type="submit" class="button button-secondary button-small" aria-describedby={summaryId}>
              {t.requisites.makeDefault}
            </button>
          </form>
        )}
        <ConfirmForm
          action={`/profile/payout-methods/${method.id}/deletion`}
          label={t.requisites.delete}
          question={t.requisites.deleteQuestion(name)}
          ariaLabel={t.requisites.deleteLabel(name)}
          small
        />
      </div>
    </li>
  );
}
