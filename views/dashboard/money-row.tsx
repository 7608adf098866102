import { formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import type { BalanceView } from "../payouts/balance-cards.js";

/**
 * The partner's money in one row: what they can ask for now (the biggest number, with the action),
 * what is still on hold, what was paid. Requested money is a line under the first card, not a
 * fourth card, and the 30-day "paid" card of the old layout is gone (it duplicated this one).
 */
export function MoneyRow({ balance, holdDays }: { balance: BalanceView; holdDays: number }) {
  const m = t.dashboard.money;
  const nothing = balance.payableKopecks + balance.onHoldKopecks + balance.requestedKopecks + balance.paidKopecks === 0;
  return (
    <section class="dash-section" aria-labelledby="money-heading">
      <div class="dash-section-head">
        <h2 id="money-heading">{m.heading}</h2>
        <a href="/payouts">{m.all}</a>
      </div>
      <div class="money-row">
        <div class="card money-card money-card-main" id="money-payable">
          <span class="money-label">{m.payable}</span>
          <span class="money-amount">{formatMoney(balance.payableKopecks)}</span>
          {balance.requestedKopecks > 0 && <span class="hint">{m.requested(formatMoney(balance.requestedKopecks))}</span>}
          {nothing && <span class="hint">{m.nothingYet}</span>}
          {balance.payableKopecks > 0 && (
            <a class="button" href="/payouts#request">
              {m.request}
            </a>
          )}
        </div>
        <div class="card money-card" id="money-on-hold">
          <span class="money-label">{m.onHold}</span>
          <span class="money-amount">{formatMoney(balance.onHoldKopecks)}</span>
          {holdDays > 0 && <span class="hint">{m.onHoldHint(holdDays)}</span>}
        </div>
        <div class="card money-card" id="money-paid">
          <span class="money-label">{m.paid}</span>
          <span class="money-amount">{formatMoney(balance.paidKopecks)}</span>
          <span class="hint">{m.paidHint}</span>
        </div>
      </div>
    </section>
  );
}
