import { formatDateTime } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { formatPhone } from "../../src/lib/phone.js";
import { confirmAttrs } from "../components/confirm.js";
import { FormError } from "../components/form-field.js";

export type RegistrationRow = { id: number; name: string; email: string; company: string | null; phone: string | null; createdAt: number };
export type RegistrationsPageProps = {
  rows: RegistrationRow[];
  timeZone: string;
  /** A reject form that failed validation: which row, and the message. */
  rejectError?: { id: number; message: string; reason: string };
};

export function RegistrationsPage(p: RegistrationsPageProps) {
  return (
    <>
      <h1>{t.partners.admin.registrationsTitle}</h1>
      {p.rows.length === 0 ? (
        <p class="card muted">{t.partners.admin.registrationsEmpty}</p>
      ) : (
        <ul class="registration-list">
          {p.rows.map((r) => (
            <RegistrationItem row={r} timeZone={p.timeZone} rejectError={p.rejectError?.id === r.id ? p.rejectError : undefined} />
          ))}
        </ul>
      )}
    </>
  );
}

export function RegistrationItem({
  row,
  timeZone,
  rejectError,
}: {
  row: RegistrationRow;
  timeZone: string;
  rejectError?: { message: string; reason: string } | undefined;
}) {
  const reasonId = `reason-${row.id}`;
  return (
    <li class="card registration" id={`registration-${row.id}`}>
      <div class="registration-info">
        <h2>{row.name}</h2>
        <dl class="facts compact">
          <dt>{t.partners.admin.columns.email}</dt>
          <dd>{row.email}</dd>
          <dt>{t.partners.admin.columns.company}</dt>
          <dd>{row.company ?? t.none}</dd>
          <dt>{t.partners.admin.columns.phone}</dt>
          <dd>{row.phone ? formatPhone(row.phone) : t.none}</dd>
          <dt>{t.partners.admin.columns.registered}</dt>
          <dd>{formatDateTime(row.createdAt, timeZone)}</dd>
        </dl>
      </div>
      <div class="registration-actions">
        <form method="post" action={`/admin/registrations/${row.id}/approval`}>
          <button type="submit" class="button">
            {t.partners.admin.approve}
          </button>
        </form>
        <form
          method="post"
          action={`/admin/registrations/${row.id}/rejection`}
          class="reject-form"
          {...confirmAttrs(t.partners.admin.rejectQuestion(row.name), t.partners.admin.reject)}
        >
          <FormError message={rejectError?.message} />
          <label for={reasonId}>{t.partners.admin.rejectReason}</label>
          <input id={reasonId} name="reason" maxlength={1000} value={rejectError?.reason} aria-describedby={`${reasonId}-hint`} />
          <p class="hint" id={`${reasonId}-hint`}>
            {t.partners.admin.rejectReasonHint}
          </p>
          <button type="submit" class="button button-danger">
            {t.partners.admin.reject}
          </button>
        </form>
      </div>
    </li>
  );
}
