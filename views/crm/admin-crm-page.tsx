import { formatCount, formatDateTime } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { CopyField } from "../components/copy-field.js";
import { Field, FormError } from "../components/form-field.js";
import { FieldMapping } from "./crm-field-mapping.js";

type Option = { value: string; label: string };
export type AdminCrmPageProps = {
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
  maskedWebhook: string | null;
  tokenSet: boolean;
  categories: Option[] | null;
  stages: Option[];
  leadStatuses: Option[];
  /** The portal's string UF_CRM_* fields for the comment and company choices; null = not reachable. */
  userFields: Option[] | null;
  handlerUrl: string;
  queue: { pending: number; dead: number; oldestAgeMs: number | null };
  failures: {
    jobId: number;
    clientId: number;
    clientName: string;
    partnerId: number;
    partnerName: string;
    attempts: number;
    lastError: string | null;
    at: number;
  }[];
  /** Paid clients whose deal changed afterwards: the newest first, and how many there are in all. */
  flagged: { rows: FlaggedRow[]; total: number };
  timeZone: string;
};

export type FlaggedRow = {
  clientId: number;
  clientName: string;
  partnerId: number;
  partnerName: string;
  commissionKopecks: number;
  currencyId: string | null;
  wouldBeKopecks: number | null;
  reason: "won" | "amount_changed" | "reversed" | "deleted" | "manual" | null;
  at: number;
};

function Select(p: { name: string; label: string; options: Option[]; value: string | undefined; error?: string | undefined }) {
  return (
    <div class={p.error ? "field field-invalid" : "field"}>
      <label for={`f-${p.name}`}>{p.label}</label>
      <select id={`f-${p.name}`} name={p.name}>
        <option value="">{t.crmAdmin.defaultOption}</option>
        {p.options.map((o) => (
          <option value={o.value} selected={p.value === o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {p.error && <p class="error">{p.error}</p>}
    </div>
  );
}

export function AdminCrmPage(p: AdminCrmPageProps) {
  const m = t.crmAdmin;
  const type = p.values.entity_type ?? "lead";
  return (
    <>
      <h1>{m.title}</h1>
      <div class="grid-2">
        <section class="card">
          <h2>{m.connectionHeading}</h2>
          <p class="muted">{p.maskedWebhook ? m.webhookCurrent(p.maskedWebhook) : m.webhookNone}</p>
          <p class="muted">{p.tokenSet ? m.tokenSet : m.tokenNone}</p>
          <FormError message={Object.keys(p.errors).length ? t.validation.formErrors : undefined} />
          <form method="post" action="/admin/crm" class="form" novalidate>
            <Field
              name="webhook_url"
              type="text"
              label={m.webhookUrl}
              hint={m.webhookUrlHint}
              error={p.errors.webhook_url}
              autocomplete="off"
              maxlength={500}
            />
            <Field
              name="application_token"
              type="password"
              label={m.applicationToken}
              hint={m.applicationTokenHint}
              error={p.errors.application_token}
              autocomplete="off"
              maxlength={200}
            />
            <fieldset class="choice">
              <legend>{m.entityType}</legend>
              {(["lead", "deal"] as const).map((value) => (
                <label class="choice-option">
                  <input type="radio" name="entity_type" value={value} checked={type === value} />
                  <span>{m.entityTypes[value]}</span>
                </label>
              ))}
            </fieldset>
            {p.categories ? (
              <>
                <Select name="category_id" label={m.category} options={p.categories} value={p.values.category_id} error={p.errors.category_id} />
                <Select name="stage_id" label={m.stage} options={p.stages} value={p.values.stage_id} error={p.errors.stage_id} />
                <Select name="lead_status_id" label={m.leadStatus} options={p.leadStatuses} value={p.values.lead_status_id} error={p.errors.lead_status_id} />
              </>
            ) : (
              <p class="hint">{m.listsUnavailable}</p>
            )}
            <Field
              name="assigned_by_id"
              label={m.assignedBy}
              hint={m.assignedByHint}
              value={p.values.assigned_by_id}
              error={p.errors.assigned_by_id}
              maxlength={12}
            />
            <FieldMapping values={p.values} errors={p.errors} userFields={p.userFields} />
            <Field
              name="tracking_field"
              label={m.trackingField}
              hint={m.trackingFieldHint}
              value={p.values.tracking_field}
              error={p.errors.tracking_field}
              maxlength={60}
            />
            <Field
              name="tracking_template"
              label={m.trackingTemplate}
              hint={m.trackingTemplateHint}
              value={p.values.tracking_template}
              error={p.errors.tracking_template}
              maxlength={100}
            />
            <AttributionSwitch checked={p.values.attribution_import === "on"} error={p.errors.attribution_import} />
            <button type="submit" class="button">
              {m.save}
            </button>
          </form>
          <div class="actions">
            <form method="post" action="/admin/crm/check">
              <button type="submit" class="button button-secondary">
                {m.check}
              </button>
            </form>
            <form method="post" action="/admin/crm/lists">
              <button type="submit" class="button button-secondary">
                {m.refreshLists}
              </button>
            </form>
          </div>
        </section>
        <div>
          <section class="card">
            <h2>{m.handlerHeading}</h2>
            <p class="hint">{m.handlerHint}</p>
            <CopyField id="handler-url" label={m.handlerUrl} value={p.handlerUrl} />
          </section>
          <QueueCard {...p} />
        </div>
      </div>
      <FlaggedClients flagged={p.flagged} timeZone={p.timeZone} />
    </>
  );
}

/** The attribution-import switch: a checkbox (unticked sends nothing, which means off). */
function AttributionSwitch(p: { checked: boolean; error: string | undefined }) {
  const m = t.crmAdmin;
  const described = ["f-attribution_import-hint", p.error ? "f-attribution_import-error" : ""].filter(Boolean).join(" ");
  return (
    <div class={p.error ? "field field-invalid" : "field"}>
      <label class="choice-option">
        <input
          type="checkbox"
          id="f-attribution_import"
          name="attribution_import"
          value="on"
          checked={p.checked}
          aria-invalid={p.error ? "true" : undefined}
          aria-describedby={described}
        />
        <span>{m.attributionImport}</span>
      </label>
      <p class="hint" id="f-attribution_import-hint">
        {m.attributionImportHint}
      </p>
      {p.error && (
        <p class="error" id="f-attribution_import-error">
          {p.error}
        </p>
      )}
    </div>
  );
}

function QueueCard(p: AdminCrmPageProps) {
  const m = t.crmAdmin;
  return (
    <section class="card">
      <h2>{m.queueHeading}</h2>
      <dl class="facts">
        <dt>{m.queuePending}</dt>
        <dd>{formatCount(p.queue.pending)}</dd>
        <dt>{m.queueDead}</dt>
        <dd>{formatCount(p.queue.dead)}</dd>
        <dt>{m.queueOldest}</dt>
        <dd>{p.queue.oldestAgeMs === null ? m.queueOldestNone : m.minutes(Math.round(p.queue.oldestAgeMs / 60_000))}</dd>
      </dl>
      <h3 class="subheading">{m.failuresHeading}</h3>
      {p.failures.length === 0 ? (
        <p class="muted">{m.failuresEmpty}</p>
      ) : (
        <>
          <ul class="list">
            {p.failures.map((f) => (
              <li>
                <a href={`/admin/partners/${f.partnerId}`}>{f.partnerName}</a>: {f.clientName} <span class="muted">({formatDateTime(f.at, p.timeZone)})</span>
                <p class="error">{f.lastError}</p>
                <form method="post" action={`/admin/crm/retries/${f.jobId}`}>
                  <button type="submit" class="button button-small button-secondary">
                    {m.retry}
                  </button>
                </form>
              </li>
            ))}
          </ul>
          <form method="post" action="/admin/crm/retries" class="actions">
            <button type="submit" class="button">
              {m.retryAll}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

/** Money the engine did not touch because the client was already paid; the fix is on the partner's page. */
function FlaggedClients({ flagged, timeZone }: Pick<AdminCrmPageProps, "flagged" | "timeZone">) {
  const f = t.commissions.flaggedList;
  const money = t.commissions.money;
  return (
    <section class="card" id="flagged">
      <h2>
        {f.heading} {flagged.total > 0 && <span class="pill pill-pending">{formatCount(flagged.total)}</span>}
      </h2>
      <p class="hint">{f.intro}</p>
      {flagged.total === 0 ? (
        <p class="muted">{f.empty}</p>
      ) : (
        <>
          <div class="table-wrap">
            <table class="table flagged-table">
              <thead>
                <tr>
                  <th scope="col">{f.columns.partner}</th>
                  <th scope="col">{f.columns.client}</th>
                  <th scope="col">{f.columns.paid}</th>
                  <th scope="col">{f.columns.wouldBe}</th>
                  <th scope="col">{f.columns.reason}</th>
                  <th scope="col">{f.columns.date}</th>
                </tr>
              </thead>
              <tbody>
                {flagged.rows.map((r) => (
                  <tr id={`flagged-${r.clientId}`}>
                    <td data-label={f.columns.partner}>
                      <a href={`/admin/partners/${r.partnerId}`}>{r.partnerName}</a>
                    </td>
                    <td data-label={f.columns.client}>{r.clientName}</td>
                    <td data-label={f.columns.paid} class="money">
                      {money(r.commissionKopecks, r.currencyId)}
                    </td>
                    <td data-label={f.columns.wouldBe} class="money">
                      {r.wouldBeKopecks === null ? t.none : money(r.wouldBeKopecks, r.currencyId)}
                    </td>
                    <td data-label={f.columns.reason}>{r.reason ? t.commissions.reasons[r.reason] : t.none}</td>
                    <td data-label={f.columns.date}>{formatDateTime(r.at, timeZone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {flagged.total > flagged.rows.length && <p class="muted">{f.total(flagged.total)}</p>}
        </>
      )}
    </section>
  );
}
