import { formatDate, formatDateTime } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { Amount } from "./clients-table.js";

export type CommissionChange = {
  id: number;
  at: number;
  oldKopecks: number;
  newKopecks: number;
  reason: "won" | "amount_changed" | "reversed" | "deleted" | "manual";
  rateBp: number | null;
  amountKopecks: number | null;
  note: string | null;
};

export type ClientMoney = {
  statusGroup: "new" | "in_progress" | "won" | "lost";
  amountKopecks: number | null;
  currencyId: string | null;
  commissionKopecks: number;
  /** Fixed when the deal was won; until then, the rate that would apply now. */
  rateBp: number;
  rateFixed: boolean;
  isPaid: boolean;
  paidAt: number | null;
  /** A payout request that claims the client and is not decided against it. */
  claim: "pending" | "approved" | "paid" | null;
};

export type ClientMoneyCardProps = { money: ClientMoney; history: CommissionChange[]; timeZone: string };

/** The partner's view of a client's money: the deal, the commission, the rate, the payout, and how it came to be. */
export function ClientMoneyCard({ money, history, timeZone }: ClientMoneyCardProps) {
  const b = t.commissions.block;
  const cm = t.commissions;
  const rateText = money.rateFixed ? cm.rate(money.rateBp) : b.rateNow(cm.rate(money.rateBp));
  return (
    <section class="card" id="money">
      <h2>{b.heading}</h2>
      <dl class="facts">
        <dt>{b.amount}</dt>
        <dd class={money.amountKopecks === null ? undefined : "money"}>{money.amountKopecks === null ? b.noAmount : <Amount row={money} />}</dd>
        <dt>{b.commission}</dt>
        <dd>
          {money.commissionKopecks === 0 && money.statusGroup !== "won" ? (
            b.pendingWon
          ) : (
            <strong class="money">{cm.money(money.commissionKopecks, money.currencyId)}</strong>
          )}
        </dd>
        <dt>{b.rate}</dt>
        <dd>{rateText}</dd>
        <dt>{b.payout}</dt>
        <dd>
          <PayoutState money={money} timeZone={timeZone} />
        </dd>
      </dl>
      <h3 class="subheading">{cm.history.heading}</h3>
      {history.length === 0 ? (
        <p class="muted">{cm.history.empty}</p>
      ) : (
        <ol class="list">
          {history.map((h) => (
            <li>
              <time class="muted block" datetime={new Date(h.at).toISOString()}>
                {formatDateTime(h.at, timeZone)}
              </time>
              <strong>
                <span class="money">{cm.money(h.oldKopecks, money.currencyId)}</span> → <span class="money">{cm.money(h.newKopecks, money.currencyId)}</span>
              </strong>{" "}
              <span>{cm.reasons[h.reason]}</span>
              {h.amountKopecks !== null && h.rateBp !== null && (
                <span class="muted block">{cm.history.details(cm.money(h.amountKopecks, money.currencyId), cm.rate(h.rateBp))}</span>
              )}
              {h.note && (
                <span class="block">
                  {cm.history.note}: <span class="pre-line">{h.note}</span>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function PayoutState({ money, timeZone }: { money: ClientMoney; timeZone: string }) {
  const b = t.commissions.block;
  if (money.isPaid) return <span class="pill pill-ok">{money.paidAt === null ? t.clients.paid : b.paid(formatDate(money.paidAt, timeZone))}</span>;
  if (money.claim === "pending" || money.claim === "approved") return <span class="pill pill-pending">{b.requested[money.claim]}</span>;
  return <>{money.commissionKopecks > 0 ? b.notPaid : b.nothingToPay}</>;
}
