import { t } from "../../src/i18n/ru.js";
import { EarlierControl, Message, type MessageItem, MessageItems, Tick, type Viewer } from "./message-list.js";

export const POLL_SECONDS = 3;

export type ComposeProps = {
  action: string;
  idempotencyKey: string;
  body?: string;
  error?: string;
  /** Replaces the form out of band (after a send answered by htmx). */
  oob?: boolean;
};

/**
 * The compose form: a plain multipart post without JavaScript; with htmx the answer appends the new
 * message and swaps in a fresh form (new idempotency key), so the field clears and a repeated click
 * posts the same key.
 */
export function ComposeForm(p: ComposeProps) {
  return (
    <form
      id="chat-compose"
      class="chat-compose"
      method="post"
      action={p.action}
      enctype="multipart/form-data"
      hx-post={p.action}
      hx-encoding="multipart/form-data"
      hx-target="#chat-messages"
      hx-swap="beforeend"
      hx-include="#chat-after, #chat-read"
      hx-swap-oob={p.oob ? "true" : undefined}
    >
      <input type="hidden" name="key" value={p.idempotencyKey} />
      {p.error && (
        <p class="chat-compose-error" role="alert" id="chat-compose-error">
          {p.error}
        </p>
      )}
      <label class="visually-hidden" for="chat-body">
        {t.chat.bodyLabel}
      </label>
      <textarea
        id="chat-body"
        name="body"
        rows={2}
        maxlength={5000}
        placeholder={t.chat.bodyPlaceholder}
        aria-describedby={p.error ? "chat-compose-error" : undefined}
        aria-invalid={p.error ? "true" : undefined}
      >
        {p.body ?? ""}
      </textarea>
      <div class="chat-compose-actions">
        <label class="chat-attach button button-secondary button-small" title={t.attachments.hint}>
          <input
            class="chat-files"
            type="file"
            name="files"
            multiple
            accept=".jpg,.jpeg,.png,.webp,.gif,.pdf,.docx,.xlsx,.odt,.ods,.txt,.csv,.zip"
            aria-describedby="chat-files-hint"
          />
          <span>{t.attachments.attach}</span>
        </label>
        <span class="chat-files-chosen" aria-live="polite" />
        <button type="submit" class="button">
          {t.chat.send}
        </button>
      </div>
      <p id="chat-files-hint" class="field-hint chat-files-hint">
        {t.attachments.hint}
      </p>
    </form>
  );
}

export type ConversationProps = {
  messages: MessageItem[];
  viewer: Viewer;
  timeZone: string;
  now: number;
  /** "show earlier" (page link without JS, fragment with htmx); null when this is the oldest page. */
  earlier: { pageHref: string; fragmentHref: string } | null;
  /** Shown instead of the newest page (a no-JS older page): the link back. */
  newestHref?: string;
  emptyText: string;
  poll: PollState | null;
  compose: ComposeProps | null;
  /** Shown instead of the compose form when nothing can be sent. */
  composeNote?: string;
};

export function Conversation(p: ConversationProps) {
  return (
    <section class="chat" aria-label={t.chat.messagesLabel}>
      <ol id="chat-messages" class="chat-messages" aria-live="polite" tabindex={0}>
        {p.earlier && <EarlierControl {...p.earlier} />}
        {p.messages.length === 0 && (
          <li class="chat-empty" id="chat-empty">
            {p.emptyText}
          </li>
        )}
        <MessageItems messages={p.messages} viewer={p.viewer} timeZone={p.timeZone} now={p.now} />
      </ol>
      {p.newestHref && (
        <p class="chat-newest">
          <a href={p.newestHref}>{t.chat.backToNewest}</a>
        </p>
      )}
      {p.poll && <Poller poll={p.poll} />}
      {p.compose ? <ComposeForm {...p.compose} /> : p.composeNote && <p class="chat-compose-note">{p.composeNote}</p>}
      <script src="/static/chat.js" defer />
    </section>
  );
}

export type PollState = { href: string; after: number; readUpTo: number };

/**
 * Asks every few seconds whether anything changed; a 204 («nothing new») swaps nothing. Its hidden
 * fields tell a send what the page already shows, so the answer appends exactly what is missing.
 */
export function Poller({ poll, oob }: { poll: PollState; oob?: boolean }) {
  return (
    <div
      id="chat-poller"
      hx-get={poll.href}
      hx-trigger={`every ${POLL_SECONDS}s`}
      hx-target="#chat-messages"
      hx-swap="beforeend"
      hx-swap-oob={oob ? "true" : undefined}
    >
      <input type="hidden" id="chat-after" name="after" value={String(poll.after)} />
      <input type="hidden" id="chat-read" name="r" value={String(poll.readUpTo)} />
    </div>
  );
}

export type UpdatesProps = {
  messages: MessageItem[];
  viewer: Viewer;
  timeZone: string;
  now: number;
  /** When the message before the new ones was written (for the day separator). */
  after?: number;
  next: PollState;
  /** Own messages whose tick turned to "read". */
  newlyRead: number[];
  /** Messages deleted since, to show as deleted. */
  deleted: MessageItem[];
};

/** A poll's answer: new messages to append, and out of band the next poll URL, ticks and deletions. */
export function Updates(p: UpdatesProps) {
  return (
    <>
      <MessageItems messages={p.messages} viewer={p.viewer} timeZone={p.timeZone} now={p.now} after={p.after} />
      <Poller poll={p.next} oob />
      {p.newlyRead.map((id) => (
        <Tick id={id} read oob />
      ))}
      {p.deleted.map((m) => (
        <Message m={m} viewer={p.viewer} timeZone={p.timeZone} oob />
      ))}
    </>
  );
}
