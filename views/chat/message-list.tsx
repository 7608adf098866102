import { formatBytes, formatDate } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { linkify } from "../../src/lib/linkify.js";
import { ConfirmForm } from "../components/confirm.js";

export type AttachmentItem = {
  id: number;
  kind: "image" | "file";
  originalName: string;
  bytes: number;
  width: number | null;
  height: number | null;
  hasThumb: boolean;
};

export type MessageItem = {
  id: number;
  fromAdmin: boolean;
  senderName: string | null;
  body: string;
  createdAt: number;
  deleted: boolean;
  read: boolean;
  attachments: AttachmentItem[];
};

export type Viewer = { side: "partner" } | { side: "admin"; partnerId: number; partnerName: string; now: number; deleteWindowMs: number };

const timeOf = (ms: number, timeZone: string) => new Intl.DateTimeFormat("ru-RU", { timeZone, hour: "2-digit", minute: "2-digit", hour12: false }).format(ms);

export function dayLabel(ms: number, now: number, timeZone: string): string {
  const day = formatDate(ms, timeZone);
  if (day === formatDate(now, timeZone)) return t.chat.today;
  if (day === formatDate(now - 86_400_000, timeZone)) return t.chat.yesterday;
  return day;
}

/** A file of a message: an image as an inline thumbnail linked to the full size, anything else as a download. */
export function Attachment({ a }: { a: AttachmentItem }) {
  if (a.kind === "image" && a.hasThumb) {
    const width = Math.min(a.width ?? 240, 240);
    const height = a.width && a.height ? Math.round((a.height * width) / a.width) : 240;
    return (
      <a class="chat-thumb" href={`/attachments/${a.id}`} target="_blank" rel="noopener" aria-label={t.attachments.openImage(a.originalName)}>
        <img src={`/attachments/${a.id}/thumb`} alt={a.originalName} width={width} height={height} loading="lazy" />
      </a>
    );
  }
  return (
    <a class="chat-file" href={`/attachments/${a.id}`} download={a.originalName}>
      <span class="chat-file-name">{a.originalName}</span>
      <span class="chat-file-size">{formatBytes(a.bytes)}</span>
    </a>
  );
}

/** The text with line breaks kept (CSS pre-wrap) and http(s) links clickable; never HTML. */
function Body({ text }: { text: string }) {
  return (
    <p class="chat-text">
      {linkify(text).map((part) =>
        part.href ? (
          <a href={part.href} rel="noopener noreferrer nofollow" target="_blank">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}

export function Tick({ id, read, oob }: { id: number; read: boolean; oob?: boolean }) {
  return (
    <span id={`tick-${id}`} class={read ? "chat-tick is-read" : "chat-tick"} hx-swap-oob={oob ? "true" : undefined}>
      <span aria-hidden="true">{read ? "✓✓" : "✓"}</span>
      <span class="visually-hidden">{read ? t.chat.read : t.chat.sent}</span>
    </span>
  );
}

/** One message; `oob` when a poll replaces it (a deletion). */
export function Message({ m, viewer, timeZone, oob }: { m: MessageItem; viewer: Viewer; timeZone: string; oob?: boolean }) {
  const own = viewer.side === "admin" ? m.fromAdmin : !m.fromAdmin;
  const author = m.fromAdmin ? (m.senderName ?? t.chat.company) : viewer.side === "admin" ? viewer.partnerName : t.chat.you;
  const canDelete = viewer.side === "admin" && m.fromAdmin && !m.deleted && viewer.now - m.createdAt <= viewer.deleteWindowMs;
  return (
    <li id={`message-${m.id}`} class={own ? "chat-message is-own" : "chat-message"} data-id={String(m.id)} hx-swap-oob={oob ? "true" : undefined}>
      <div class="chat-bubble">
        {(m.fromAdmin || viewer.side === "admin") && <p class="chat-author">{author}</p>}
        {m.deleted ? (
          <p class="chat-text chat-deleted">{t.chat.deleted}</p>
        ) : (
          <>
            {m.body && <Body text={m.body} />}
            {m.attachments.length > 0 && (
              <div class="chat-attachments">
                {m.attachments.map((a) => (
                  <Attachment a={a} />
                ))}
              </div>
            )}
          </>
        )}
        <p class="chat-meta">
          <time datetime={new Date(m.createdAt).toISOString()} title={`${formatDate(m.createdAt, timeZone)}, ${timeOf(m.createdAt, timeZone)}`}>
            {`${formatDate(m.createdAt, timeZone)}, ${timeOf(m.createdAt, timeZone)}`}
          </time>
          {own && !m.deleted && <Tick id={m.id} read={m.read} />}
        </p>
        {canDelete && viewer.side === "admin" && (
          <ConfirmForm
            action={`/admin/chat/${viewer.partnerId}/messages/${m.id}/deletion`}
            label={t.chatAdmin.deleteMessage}
            question={t.chatAdmin.deleteQuestion(m.body)}
            small
            variant="secondary"
            class="chat-delete"
          />
        )}
      </div>
    </li>
  );
}

/** Messages with a day separator before the first message of each day; `after` = the day of the message before them. */
export function MessageItems({
  messages,
  viewer,
  timeZone,
  now,
  after,
}: {
  messages: MessageItem[];
  viewer: Viewer;
  timeZone: string;
  now: number;
  after?: number;
}) {
  let previousDay = after === undefined ? null : formatDate(after, timeZone);
  return (
    <>
      {messages.map((m) => {
        const day = formatDate(m.createdAt, timeZone);
        const separator = day !== previousDay;
        previousDay = day;
        return (
          <>
            {separator && (
              <li class="chat-day" aria-hidden="false">
                <span>{dayLabel(m.createdAt, now, timeZone)}</span>
              </li>
            )}
            <Message m={m} viewer={viewer} timeZone={timeZone} />
          </>
        );
      })}
    </>
  );
}

/** "show earlier": htmx loads the older page in place; without JS it is a link to that page. */
export function EarlierControl({ pageHref, fragmentHref }: { pageHref: string; fragmentHref: string }) {
  return (
    <li id="chat-earlier" class="chat-earlier">
      <a class="button button-secondary button-small" href={pageHref} hx-get={fragmentHref} hx-target="#chat-earlier" hx-swap="outerHTML">
        {t.chat.showEarlier}
      </a>
    </li>
  );
}
