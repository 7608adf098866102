import { formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

export type BalanceView = { payableKopecks: number; onHoldKopecks: number; requestedKopecks: number; paidKopecks: number };

/**
 * The partner's money in one row (payouts page and dashboard): what can be requested now — the
 * biggest figure —, then what is on hold, then what was paid, with the money in requests on its way
 * as a line under the paid figure (it is neither available nor paid yet). Three cards, never four equal ones.
 */
export function BalanceCards({ balance, holdDays, link }: { balance: BalanceView; holdDays: number; link?: boolean }) {
  const b = t.payouts.balance;
  const cards = [
    { key: "payable", label: b.payable, value: balance.payableKopecks, hint: undefined },
    { key: "on-hold", label: b.onHold, value: balance.onHoldKopecks, hint: holdDays > 0 ? b.onHoldHint(holdDays) : undefined },
    {
      key: "paid",
      label: b.paid,
      value: balance.paidKopecks,
      hint: balance.requestedKopecks > 0 ? b.inRequests(formatMoney(balance.requestedKopecks)) : undefined,
    },
  ];
  return (
    <section aria-labelledby="balance-heading" class="balance">
      {/* On /payouts the page's own heading says it; the section keeps its name for screen readers. */}
      <h2 id="balance-heading" class={link ? "subheading" : "visually-hidden"}>
        {link ? <a href="/payouts">{b.heading}</a> : b.heading}
      </h2>
      <div class="stats balance-cards">
        {cards.map((card) => (
          <div class={`stat card balance-${card.key}${card.key === "payable" ? " stat-primary" : ""}`}>
            <span class="stat-value money-value">{formatMoney(card.value)}</span>
            <span class="stat-label">{card.label}</span>
            {card.hint && <span class="hint">{card.hint}</span>}
          </div>
        ))}
      </div>
    </section>
  );
}
