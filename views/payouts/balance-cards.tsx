import { formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

export type BalanceView = { payableKopecks: number; onHoldKopecks: number; requestedKopecks: number; paidKopecks: number };

/** Payable, on hold, requested, paid: the partner's money at a glance (payouts page and dashboard). */
export function BalanceCards({ balance, holdDays, link }: { balance: BalanceView; holdDays: number; link?: boolean }) {
  const b = t.payouts.balance;
  const cards = [
    { label: b.payable, value: balance.payableKopecks, hint: undefined },
    { label: b.onHold, value: balance.onHoldKopecks, hint: holdDays > 0 ? b.onHoldHint(holdDays) : undefined },
    { label: b.requested, value: balance.requestedKopecks, hint: b.requestedHint },
    { label: b.paid, value: balance.paidKopecks, hint: undefined },
  ];
  return (
    <section aria-labelledby="balance-heading">
      <h2 id="balance-heading" class={link ? "subheading" : undefined}>
        {link ? <a href="/payouts">{b.heading}</a> : b.heading}
      </h2>
      <div class="stats balance-cards">
        {cards.map((card) => (
          <div class="stat card">
            <span class="stat-value money-value">{formatMoney(card.value)}</span>
            <span class="stat-label">{card.label}</span>
            {card.hint && <span class="hint">{card.hint}</span>}
          </div>
        ))}
      </div>
    </section>
  );
}
