import { formatDateTime } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { type StatusGroup, StatusPill } from "../clients/clients-table.js";
import { confirmAttrs } from "../components/confirm.js";
import { Field, FormError, TextAreaField } from "../components/form-field.js";
import { PaidState } from "./admin-clients-table.js";
import { moneyInputValue, moneyText } from "./money-text.js";

export type AdminClientMoney = {
  id: number;
  name: string;
  statusGroup: StatusGroup;
  statusName: string | null;
  amountKopecks: number | null;
  currencyId: string | null;
  commissionKopecks: number;
  commissionRateBp: number | null;
  commissionFlagged: boolean;
  isPaid: boolean;
  paidAt: number | null;
  b24DealId: number | null;
  claimedBy: number | null;
};

export type HistoryEntry = {
  id: number;
  at: number;
  reason: string;
  oldKopecks: number;
  newKopecks: number;
  rateBp: number | null;
  amountKopecks: number | null;
  note: string | null;
  actorName: string | null;
};

export type MoneyForm = { values: Record<string, string>; errors: Partial<Record<string, string>> };

export type AdminClientPageProps = {
  partner: { id: number; name: string };
  client: AdminClientMoney;
  /** The rate an amount edit would recompute with; null when the commission would not follow. */
  recomputeRateBp: number | null;
  history: HistoryEntry[];
  forms: { amount?: MoneyForm | undefined; commission?: MoneyForm | undefined; flag?: MoneyForm | undefined };
  timeZone: string;
};

/** One client's money for the admin: facts, hand edits with a reason, the paid mark and the history. */
export function AdminClientPage(p: AdminClientPageProps) {
  const m = t.moneyTools.client;
  const c = p.client;
  const base = `/admin/partners/${p.partner.id}/clients/${c.id}`;
  return (
    <>
      <p>
        <a href={`/admin/partners/${p.partner.id}`}>{m.back(p.partner.name)}</a>
      </p>
      <h1>{c.name}</h1>
      {c.isPaid && <p class="flash flash-info">{m.paidWarning}</p>}
      {c.commissionFlagged && <p class="flash flash-error">{m.flaggedWarning}</p>}
      <section class="card">
        <h2>{m.factsHeading}</h2>
        <dl class="facts compact">
          <dt>{m.status}</dt>
          <dd>
            <StatusPill group={c.statusGroup} name={c.statusName} />
          </dd>
          <dt>{m.amount}</dt>
          <dd>{moneyText(c.amountKopecks, c.currencyId)}</dd>
          <dt>{m.commission}</dt>
          <dd>{moneyText(c.commissionKopecks, c.currencyId)}</dd>
          <dt>{m.rate}</dt>
          <dd>{c.commissionRateBp === null ? m.rateNone : t.moneyTools.percent(c.commissionRateBp)}</dd>
          <dt>{m.paid}</dt>
          <dd>
            <PaidState row={c} timeZone={p.timeZone} />
          </dd>
          <dt>{m.deal}</dt>
          <dd>{c.b24DealId === null ? m.dealNone : `№ ${c.b24DealId}`}</dd>
        </dl>
      </section>
      <div class="grid-2">
        <EditCard
          action={`${base}/amount`}
          heading={m.amountHeading}
          field="amount"
          label={m.amountField}
          hint={m.amountHint}
          note={p.recomputeRateBp === null ? m.amountKeepsCommission : m.amountRecomputes(t.moneyTools.percent(p.recomputeRateBp))}
          current={c.amountKopecks}
          submit={m.saveAmount}
          form={p.forms.amount}
        />
        <EditCard
          action={`${base}/commission`}
          heading={m.commissionHeading}
          field="commission"
          label={m.commissionField}
          hint={m.commissionHint}
          warning={c.isPaid ? m.commissionPaidWarning : undefined}
          current={c.commissionKopecks}
          submit={m.saveCommission}
          form={p.forms.commission}
        />
      </div>
      {c.commissionFlagged && <FlagCard action={`${base}/flag-clearing`} form={p.forms.flag} />}
      <PaymentCard client={c} action={`${base}/payment-mark`} />
      <HistoryCard history={p.history} currencyId={c.currencyId} timeZone={p.timeZone} />
    </>
  );
}

type EditCardProps = {
  action: string;
  heading: string;
  field: "amount" | "commission";
  label: string;
  hint: string;
  note?: string | undefined;
  warning?: string | undefined;
  current: number | null;
  submit: string;
  form?: MoneyForm | undefined;
};

function EditCard(p: EditCardProps) {
  const m = t.moneyTools.client;
  const errors = p.form?.errors ?? {};
  return (
    <section class="card" id={`edit-${p.field}`}>
      <h2>{p.heading}</h2>
      {p.warning && (
        <p class="flash flash-error" role="note">
          {p.warning}
        </p>
      )}
      {p.note && <p class="hint money-note">{p.note}</p>}
      <FormError message={errors._form} />
      <form method="post" action={p.action} class="form" novalidate>
        <Field
          name={p.field}
          label={p.label}
          hint={p.hint}
          value={p.form?.values[p.field] ?? moneyInputValue(p.current)}
          error={errors[p.field]}
          maxlength={30}
          required
          autocomplete="off"
        />
        <TextAreaField
          name={`${p.field}_reason`}
          label={m.reasonField}
          hint={m.reasonHint}
          value={p.form?.values[`${p.field}_reason`]}
          error={errors[`${p.field}_reason`]}
          maxlength={500}
          rows={3}
          required
        />
        <div class="actions">
          <button type="submit" class="button">
            {p.submit}
          </button>
        </div>
      </form>
    </section>
  );
}

function FlagCard({ action, form }: { action: string; form?: MoneyForm | undefined }) {
  const m = t.moneyTools.client;
  return (
    <section class="card" id="flag">
      <h2>{m.flagHeading}</h2>
      <FormError message={form?.errors._form} />
      <form method="post" action={action} class="form" novalidate>
        <TextAreaField
          name="note"
          label={m.flagNote}
          hint={m.flagNoteHint}
          value={form?.values.note}
          error={form?.errors.note}
          maxlength={500}
          rows={3}
          required
        />
        <div class="actions">
          <button type="submit" class="button">
            {m.clearFlag}
          </button>
        </div>
      </form>
    </section>
  );
}

function PaymentCard({ client, action }: { client: AdminClientMoney; action: string }) {
  const m = t.moneyTools;
  return (
    <section class="card">
      <h2>{m.client.paymentHeading}</h2>
      {client.claimedBy !== null ? (
        <p>{m.client.claimedNote(client.claimedBy)}</p>
      ) : !client.isPaid && client.commissionKopecks <= 0 ? (
        <p class="muted">{m.client.nothingToPay}</p>
      ) : (
        <form method="post" action={action} class="actions">
          <input type="hidden" name="back" value="client" />
          {client.isPaid ? (
            <button
              type="submit"
              class="button button-secondary"
              name="mark"
              value="unpaid"
              {...confirmAttrs(m.clients.unpaidQuestion(client.name), m.clients.bulkUnpaid, "secondary")}
            >
              {m.clients.bulkUnpaid}
            </button>
          ) : (
            <button type="submit" class="button" name="mark" value="paid" {...confirmAttrs(m.clients.paidQuestion(client.name), m.clients.bulkPaid, "primary")}>
              {m.clients.bulkPaid}
            </button>
          )}
        </form>
      )}
    </section>
  );
}

function HistoryCard({ history, currencyId, timeZone }: { history: HistoryEntry[]; currencyId: string | null; timeZone: string }) {
  const m = t.moneyTools.client;
  const reasons = t.commissions.reasons as Record<string, string>;
  return (
    <section class="card">
      <h2>{m.historyHeading}</h2>
      {history.length === 0 ? (
        <p class="muted">{m.historyEmpty}</p>
      ) : (
        <ul class="list">
          {history.map((h) => (
            <li>
              <strong>{m.historyChange(moneyText(h.oldKopecks, currencyId), moneyText(h.newKopecks, currencyId))}</strong>{" "}
              <span>{reasons[h.reason] ?? h.reason}</span>
              <span class="muted block">
                {[
                  formatDateTime(h.at, timeZone),
                  h.actorName ? m.historyBy(h.actorName) : null,
                  h.amountKopecks === null ? null : m.historyAmount(moneyText(h.amountKopecks, currencyId)),
                  h.rateBp === null ? null : m.historyRate(t.moneyTools.percent(h.rateBp)),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </span>
              {h.note && <span class="block pre-line">{h.note}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
