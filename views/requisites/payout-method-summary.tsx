import { t } from "../../src/i18n/ru.js";
import { groupCardNumber, maskNumber } from "../../src/lib/requisites.js";

/** What this view needs of a payout method (a stored one, or the snapshot on a payout request). */
export type PayoutMethodView =
  | { kind: "card"; details: { recipient: string; cardNumber: string } }
  | { kind: "bank_account"; details: { recipient: string; inn: string; bik: string; account: string; corrAccount: string | null; bankName: string } }
  | { kind: "self_employed"; details: { recipient: string; inn: string; cardNumber: string } };

export type PayoutMethodDescription = { title: string; lines: string[] };

/**
 * A method in words. Partners see numbers masked ("•••• 1234"); the admin paying a request needs
 * them in full (`masked: false`).
 */
export function describePayoutMethod(method: PayoutMethodView, options: { masked: boolean }): PayoutMethodDescription {
  const number = (digits: string) => (options.masked ? maskNumber(digits) : digits);
  // A card in full is printed as on the card, in fours; accounts stay one run of digits, as bank forms take them.
  const card = (digits: string) => (options.masked ? maskNumber(digits) : groupCardNumber(digits));
  const title = t.requisites.kinds[method.kind];
  switch (method.kind) {
    case "card":
      return { title, lines: [t.requisites.cardLabel(card(method.details.cardNumber)), method.details.recipient] };
    case "self_employed":
      return {
        title,
        lines: [t.requisites.cardLabel(card(method.details.cardNumber)), `${method.details.recipient}, ${t.requisites.innLabel(method.details.inn)}`],
      };
    case "bank_account": {
      const d = method.details;
      return {
        title,
        lines: [
          t.requisites.accountLabel(number(d.account)),
          `${d.bankName}, ${t.requisites.bikLabel(d.bik)}`,
          `${d.recipient}, ${t.requisites.innLabel(d.inn)}`,
          ...(d.corrAccount && !options.masked ? [t.requisites.corrAccountLabel(d.corrAccount)] : []),
        ],
      };
    }
  }
}

/** The description as a small block: the kind in bold, then one line per fact. */
export function PayoutMethodSummary({ method, masked, id }: { method: PayoutMethodView; masked: boolean; id?: string }) {
  const { title, lines } = describePayoutMethod(method, { masked });
  return (
    <div class="req-summary" id={id}>
      <strong>{title}</strong>
      {lines.map((line) => (
        <span class="block">{line}</span>
      ))}
    </div>
  );
}
