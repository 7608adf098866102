import { formatDateTime, formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { formatPhone } from "../../src/lib/phone.js";
import { confirmAttrs } from "../components/confirm.js";
import { MethodSnapshot, money, type PayoutStatus, PayoutStatusPill, type SnapshotView } from "./parts.js";

export type AdminRequestClientView = {
  id: number;
  name: string;
  claimedKopecks: number;
  commissionKopecks: number;
  amountKopecks: number | null;
  currencyId: string | null;
  statusGroup: "new" | "in_progress" | "won" | "lost";
  isPaid: boolean;
  b24DealId: number | null;
  b24LeadId: number | null;
  active: boolean;
};

export type AdminRequestPageProps = {
  request: {
    id: number;
    status: PayoutStatus;
    totalKopecks: number;
    comment: string | null;
    adminComment: string | null;
    createdAt: number;
    decidedAt: number | null;
    paidAt: number | null;
  };
  partner: { id: number; name: string; email: string; company: string | null; phone: string | null; partnerCode: string };
  decidedByName: string | null;
  paidByName: string | null;
  snapshot: SnapshotView | null;
  clients: AdminRequestClientView[];
  /** https://<portal> from the CRM settings, or null: deal numbers are then shown without links. */
  portalBase: string | null;
  /** Which decisions the status still allows. */
  allowed: { approve: boolean; reject: boolean; paid: boolean };
  /** A decision whose comment did not validate: its form, the message and the typed comment. */
  error?: { form: "approve" | "reject" | "paid"; message: string; comment: string } | undefined;
  timeZone: string;
};

export function AdminRequestPage(p: AdminRequestPageProps) {
  const d = t.payoutsAdmin.detail;
  const r = p.request;
  const when = (at: number | null, name: string | null) => (at === null ? null : d.decided(name ?? d.unknownAdmin, formatDateTime(at, p.timeZone)));
  return (
    <>
      <p>
        <a href="/admin/payouts">{d.back}</a>
      </p>
      <div class="page-head">
        <h1>{d.title(r.id)}</h1>
        <PayoutStatusPill status={r.status} />
      </div>
      <div class="grid-2">
        <section class="card">
          <dl class="facts compact payout-facts">
            <dt>{d.total}</dt>
            <dd>
              <strong>{formatMoney(r.totalKopecks)}</strong>
            </dd>
            <dt>{d.status}</dt>
            <dd>{t.payouts.statuses[r.status]}</dd>
            <dt>{d.created}</dt>
            <dd>{formatDateTime(r.createdAt, p.timeZone)}</dd>
            {r.decidedAt !== null && (
              <>
                <dt>{d.decidedAt}</dt>
                <dd>{when(r.decidedAt, p.decidedByName)}</dd>
              </>
            )}
            {r.paidAt !== null && (
              <>
                <dt>{d.paidAt}</dt>
                <dd>{when(r.paidAt, p.paidByName)}</dd>
              </>
            )}
            <dt>{d.partnerComment}</dt>
            <dd class="pre-line">{r.comment ?? t.none}</dd>
            <dt>{d.adminComment}</dt>
            <dd class="pre-line">{r.adminComment ?? t.none}</dd>
          </dl>
        </section>
        <section class="card">
          <h2>{d.partner}</h2>
          <dl class="facts compact payout-facts">
            <dt>{d.partner}</dt>
            <dd>
              <a href={`/admin/partners/${p.partner.id}`}>{p.partner.name}</a>
            </dd>
            <dt>{d.email}</dt>
            <dd>{p.partner.email}</dd>
            <dt>{d.phone}</dt>
            <dd>{p.partner.phone ? formatPhone(p.partner.phone) : t.none}</dd>
            <dt>{d.company}</dt>
            <dd>{p.partner.company ?? t.none}</dd>
            <dt>{d.code}</dt>
            <dd>
              <code>{p.partner.partnerCode}</code>
            </dd>
          </dl>
        </section>
      </div>
      <section class="card">
        <h2>{d.method}</h2>
        <MethodSnapshot snapshot={p.snapshot} masked={false} />
      </section>
      <section class="payout-section">
        <h2>{d.clients}</h2>
        <ClientsTable clients={p.clients} portalBase={p.portalBase} />
      </section>
      <Decisions {...p} />
    </>
  );
}

function dealCell(c: AdminRequestClientView, portalBase: string | null) {
  const d = t.payoutsAdmin.detail;
  const [kind, id] = c.b24DealId !== null ? (["deal", c.b24DealId] as const) : c.b24LeadId !== null ? (["lead", c.b24LeadId] as const) : [null, null];
  if (kind === null) return <span class="muted">{d.noDeal}</span>;
  if (portalBase === null) return <span>{d.noPortal(id)}</span>;
  return (
    <a href={`${portalBase}/crm/${kind}/details/${id}/`} target="_blank" rel="noopener noreferrer">
      {kind === "deal" ? d.openDeal(id) : d.lead(id)}
    </a>
  );
}

function ClientsTable({ clients, portalBase }: { clients: AdminRequestClientView[]; portalBase: string | null }) {
  const d = t.payoutsAdmin.detail;
  return (
    <div class="table-wrap">
      <table class="table payouts-table">
        <thead>
          <tr>
            <th scope="col">{d.client}</th>
            <th scope="col">{d.deal}</th>
            <th scope="col" class="num">
              {d.dealAmount}
            </th>
            <th scope="col" class="num">
              {d.claimed}
            </th>
            <th scope="col" class="num">
              {d.current}
            </th>
          </tr>
        </thead>
        <tbody>
          {clients.map((c) => (
            <tr>
              <td data-label={d.client}>
                <div>
                  {c.name}
                  {!c.active && <span class="pill block-pill">{d.released}</span>}
                  {c.isPaid && <span class="pill pill-ok block-pill">{d.clientPaid}</span>}
                  {c.statusGroup !== "won" && <span class="pill pill-rejected block-pill">{d.notWon}</span>}
                </div>
              </td>
              <td data-label={d.deal}>{dealCell(c, portalBase)}</td>
              <td data-label={d.dealAmount} class="num nowrap">
                {c.amountKopecks === null ? t.none : money(c.amountKopecks, c.currencyId)}
              </td>
              <td data-label={d.claimed} class="num nowrap">
                {formatMoney(c.claimedKopecks)}
              </td>
              <td data-label={d.current} class="num">
                <div>
                  <span class="nowrap">{formatMoney(c.commissionKopecks)}</span>
                  {c.commissionKopecks !== c.claimedKopecks && <span class="pill pill-pending block-pill">{d.changed}</span>}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type CommentFieldProps = { id: string; label: string; hint: string; required: boolean; value: string; error: string | undefined };

function CommentField({ id, label, hint, required, value, error }: CommentFieldProps) {
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for={id}>{label}</label>
      <textarea
        id={id}
        name="comment"
        rows={2}
        maxlength={1000}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      >
        {value}
      </textarea>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The buttons the status still allows; each is a plain form (POST → 303). */
function Decisions(p: AdminRequestPageProps) {
  const a = t.payoutsAdmin.actions;
  const id = p.request.id;
  const err = (form: "approve" | "reject" | "paid") => (p.error?.form === form ? p.error : undefined);
  if (!p.allowed.approve && !p.allowed.reject && !p.allowed.paid) {
    return (
      <section class="card">
        <h2>{a.heading}</h2>
        <p class="muted">{a.none}</p>
      </section>
    );
  }
  return (
    <section class="card" id="decisions">
      <h2>{a.heading}</h2>
      <div class="payout-decisions">
        {p.allowed.approve && (
          <form method="post" action={`/admin/payouts/${id}/approval`} class="form">
            <CommentField
              id="approve-comment"
              label={a.comment}
              hint={a.commentHint}
              required={false}
              value={err("approve")?.comment ?? ""}
              error={err("approve")?.message}
            />
            <button type="submit" class="button">
              {a.approve}
            </button>
          </form>
        )}
        {p.allowed.paid && (
          <form
            method="post"
            action={`/admin/payouts/${id}/payment`}
            class="form"
            {...confirmAttrs(a.paidQuestion(id, p.partner.name, p.request.totalKopecks), a.markPaid, "primary")}
          >
            <CommentField
              id="paid-comment"
              label={a.comment}
              hint={a.commentHint}
              required={false}
              value={err("paid")?.comment ?? ""}
              error={err("paid")?.message}
            />
            <button type="submit" class="button">
              {a.markPaid}
            </button>
          </form>
        )}
        {p.allowed.reject && (
          <form
            method="post"
            action={`/admin/payouts/${id}/rejection`}
            class="form"
            {...confirmAttrs(a.rejectQuestion(id, p.partner.name, p.request.totalKopecks), a.reject)}
          >
            <CommentField
              id="reject-comment"
              label={a.rejectComment}
              hint={a.rejectHint}
              required
              value={err("reject")?.comment ?? ""}
              error={err("reject")?.message}
            />
            <button type="submit" class="button button-danger">
              {a.reject}
            </button>
          </form>
        )}
      </div>
    </section>
  );
}
