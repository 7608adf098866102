import { t } from "../../src/i18n/ru.js";
import { PayoutMethodForm } from "./payout-method-form.js";

export type PayoutMethodPageProps = {
  /** null while adding a new method */
  methodId: number | null;
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
};

/** Editing a method, and the add form again when it came back with errors (values kept). */
export function PayoutMethodPage({ methodId, values, errors }: PayoutMethodPageProps) {
  return (
    <>
      <h1>{methodId ? t.requisites.editHeading : t.requisites.addHeading}</h1>
      <section class="card narrow">
        <PayoutMethodForm
          action={methodId ? `/profile/payout-methods/${methodId}` : "/profile/payout-methods"}
          values={values}
          errors={errors}
          submitLabel={methodId ? t.save : t.requisites.add}
        />
      </section>
      <p>
        <a href="/profile#requisites">{t.requisites.backToProfile}</a>
      </p>
    </>
  );
}
