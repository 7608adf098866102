import { t } from "../../src/i18n/ru.js";
import { PayoutMethodForm } from "./payout-method-form.js";

export type PayoutMethodPageProps = {
  /** null while adding a new method */
  methodId: number | null;
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
};

/** Adding a method (every "add requisites" button leads here), editing one, and either again with errors (values kept). */
export function PayoutMethodPage({ methodId, values, errors }: PayoutMethodPageProps) {
  return (
    <>
      <p>
        <a href="/profile#requisites">{t.requisites.backToProfile}</a>
      </p>
      <h1>{methodId ? t.requisites.editHeading : t.requisites.addHeading}</h1>
      <section class="card narrow">
        {!methodId && <p class="hint req-intro">{t.requisites.addIntro}</p>}
        <PayoutMethodForm
          action={methodId ? `/profile/payout-methods/${methodId}` : "/profile/payout-methods"}
          values={values}
          errors={errors}
          submitLabel={methodId ? t.save : t.requisites.add}
        />
      </section>
    </>
  );
}
