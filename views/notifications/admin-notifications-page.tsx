import { formatCount, formatDateTime } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { ConfirmForm, confirmAttrs } from "../components/confirm.js";
import { Field, FormError, TextAreaField } from "../components/form-field.js";
import { Pagination } from "../components/pagination.js";
import type { AttachmentLink } from "../layouts/chrome.js";
import { AttachmentList } from "./attachment-list.js";

export type SentNotification = {
  id: number;
  title: string;
  message: string;
  kind: "admin" | "system";
  createdAt: number;
  recipientName: string | null;
  targetUserId: number | null;
  reads: number;
  attachments: AttachmentLink[];
};
export type AdminNotificationsPageProps = {
  partners: { id: number; name: string; email: string }[];
  /** Who a broadcast reaches: the confirmation says how many. */
  activePartners: number;
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
  rows: SentNotification[];
  total: number;
  page: number;
  pages: number;
  timeZone: string;
  /** Types the file input offers (`accept`). */
  accept: string;
  /** A broadcast with files sent without the dialog: the page asks for the box to be ticked (files cannot be carried over). */
  askBroadcastConfirm?: boolean;
};

export function AdminNotificationsPage(p: AdminNotificationsPageProps) {
  return (
    <>
      <h1>{t.notifications.admin.title}</h1>
      <section class="card narrow">
        <h2>{t.notifications.admin.sendHeading}</h2>
        <FormError message={Object.keys(p.errors).length ? t.validation.formErrors : undefined} />
        <form
          method="post"
          action="/admin/notifications"
          enctype="multipart/form-data"
          class="form"
          novalidate
          {...confirmAttrs(t.notifications.admin.broadcastDialog(p.activePartners), t.notifications.admin.send, "primary", {
            field: "recipient",
            value: "all",
          })}
        >
          <div class={p.errors.recipient ? "field field-invalid" : "field"}>
            <label for="f-recipient">{t.notifications.admin.recipient}</label>
            <select id="f-recipient" name="recipient" aria-describedby={p.errors.recipient ? "f-recipient-error" : undefined}>
              <option value="all">{t.notifications.admin.toAll}</option>
              {p.partners.map((partner) => (
                <option value={String(partner.id)} selected={p.values.recipient === String(partner.id)}>
                  {`${partner.name} (${partner.email})`}
                </option>
              ))}
            </select>
            {p.errors.recipient && (
              <p class="error" id="f-recipient-error">
                {p.errors.recipient}
              </p>
            )}
          </div>
          <Field name="title" label={t.notifications.admin.titleField} value={p.values.title} error={p.errors.title} required maxlength={255} />
          <TextAreaField
            name="message"
            label={t.notifications.admin.messageField}
            value={p.values.message}
            error={p.errors.message}
            required
            maxlength={5000}
            rows={5}
          />
          <div class={p.errors.files ? "field field-invalid" : "field"}>
            <label for="f-files">{t.attachments.field}</label>
            <p class="hint" id="f-files-hint">
              {t.attachments.hint}
            </p>
            {p.errors.files && (
              <p class="error" id="f-files-error">
                {p.errors.files}
              </p>
            )}
            <input
              id="f-files"
              type="file"
              name="files"
              multiple
              accept={p.accept}
              aria-describedby={p.errors.files ? "f-files-hint f-files-error" : "f-files-hint"}
              aria-invalid={p.errors.files ? "true" : undefined}
            />
          </div>
          {p.askBroadcastConfirm && (
            <div class={p.errors.confirmed ? "field field-invalid" : "field"}>
              {p.errors.confirmed && (
                <p class="error" id="f-confirmed-error">
                  {p.errors.confirmed}
                </p>
              )}
              <label class="choice-option">
                <input
                  type="checkbox"
                  id="f-confirmed"
                  name="confirmed"
                  value="1"
                  aria-invalid={p.errors.confirmed ? "true" : undefined}
                  aria-describedby={p.errors.confirmed ? "f-confirmed-error" : undefined}
                />
                <span>{t.notifications.admin.broadcastCheckbox(p.activePartners)}</span>
              </label>
            </div>
          )}
          <button type="submit" class="button">
            {t.notifications.admin.send}
          </button>
        </form>
      </section>
      <h2>{t.notifications.admin.listHeading(p.total)}</h2>
      {p.rows.length === 0 ? (
        <p class="card muted">{t.notifications.admin.listEmpty}</p>
      ) : (
        <ul class="notice-list">
          {p.rows.map((n) => (
            <li class="card notice">
              <div class="notice-head">
                <h3>{n.title}</h3>
                {n.kind === "system" && <span class="pill">{t.notifications.admin.systemBadge}</span>}
              </div>
              <p class="pre-line">{n.message}</p>
              <AttachmentList files={n.attachments} />
              <div class="notice-foot">
                <span class="muted">
                  <time>{formatDateTime(n.createdAt, p.timeZone)}</time>
                  {" · "}
                  {t.notifications.admin.columns.recipient}: {n.targetUserId === null ? t.notifications.admin.recipientAll : (n.recipientName ?? t.none)}
                  {" · "}
                  {t.notifications.admin.columns.reads}: {formatCount(n.reads)}
                </span>
                <ConfirmForm
                  action={`/admin/notifications/${n.id}/deletion`}
                  label={t.notifications.admin.delete}
                  question={t.notifications.admin.deleteQuestion(n.title)}
                  ariaLabel={`${t.notifications.admin.delete}: ${n.title}`}
                  small
                />
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={p.page} pages={p.pages} hrefFor={(page) => `/admin/notifications?page=${page}`} />
    </>
  );
}
