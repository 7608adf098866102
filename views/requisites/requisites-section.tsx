import { t } from "../../src/i18n/ru.js";
import { PayoutMethodForm } from "./payout-method-form.js";
import { PayoutMethodSummary, type PayoutMethodView } from "./payout-method-summary.js";

export type PayoutMethodItem = PayoutMethodView & { id: number; isDefault: boolean };

export type RequisitesSectionProps = { methods: PayoutMethodItem[] };

/** The payout requisites block of /profile: saved methods (numbers masked) and the add form. */
export function RequisitesSection({ methods }: RequisitesSectionProps) {
  return (
    <section class="card" id="requisites" aria-labelledby="requisites-heading">
      <h2 id="requisites-heading">{t.requisites.section}</h2>
      <p class="hint">{t.requisites.intro}</p>
      {methods.length === 0 ? (
        <p class="muted">{t.requisites.empty}</p>
      ) : (
        <ul class="req-list" aria-label={t.requisites.listLabel}>
          {methods.map((method) => (
            <MethodItem method={method} />
          ))}
        </ul>
      )}
      {/* Open at once while there is nothing saved: adding is then the only thing to do here. */}
      <details class="req-add" open={methods.length === 0}>
        <summary>{t.requisites.addHeading}</summary>
        <PayoutMethodForm action="/profile/payout-methods" values={{ kind: "card" }} errors={{}} submitLabel={t.requisites.add} />
      </details>
    </section>
  );
}

function MethodItem({ method }: { method: PayoutMethodItem }) {
  // The same three buttons repeat for every method: each also names the method it acts on.
  const summaryId = `payout-method-${method.id}-summary`;
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
        <form method="post" action={`/profile/payout-methods/${method.id}/deletion`}>
          <button type="submit" class="button button-danger button-small" aria-describedby={summaryId}>
            {t.requisites.delete}
          </button>
        </form>
      </div>
    </li>
  );
}
