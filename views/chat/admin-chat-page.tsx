import type { Child } from "hono/jsx";
import { formatDate } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

export type ConversationListItem = {
  partnerId: number;
  name: string;
  company: string | null;
  lastMessageAt: number;
  preview: string;
  previewFiles: number;
  lastFromAdmin: boolean;
  adminUnread: number;
};

const timeOf = (ms: number, now: number, timeZone: string) =>
  formatDate(ms, timeZone) === formatDate(now, timeZone)
    ? new Intl.DateTimeFormat("ru-RU", { timeZone, hour: "2-digit", minute: "2-digit", hour12: false }).format(ms)
    : formatDate(ms, timeZone);

function previewOf(c: ConversationListItem): string {
  const text = c.preview || (c.previewFiles > 0 ? t.chatAdmin.files(c.previewFiles) : t.chat.deleted);
  return c.lastFromAdmin ? `${t.chatAdmin.you}${text}` : text;
}

export type ChatListProps = {
  rows: ConversationListItem[];
  search: string;
  selected: number | null;
  nextHref: string | null;
  now: number;
  timeZone: string;
};

/** The conversations, newest first, with a search and "new conversation". */
export function ConversationList(p: ChatListProps) {
  const query = p.search ? `?q=${encodeURIComponent(p.search)}` : "";
  return (
    <nav class="chat-list-pane" aria-label={t.chatAdmin.listLabel}>
      <form method="get" action="/admin/chat" class="chat-search">
        <label class="visually-hidden" for="chat-search">
          {t.chatAdmin.searchLabel}
        </label>
        <input id="chat-search" type="search" name="q" value={p.search} placeholder={t.chatAdmin.searchPlaceholder} maxlength={100} />
        <button type="submit" class="button button-secondary button-small">
          {t.search}
        </button>
      </form>
      <a class="button button-small chat-new" href="/admin/chat/new">
        {t.chatAdmin.newConversation}
      </a>
      {p.rows.length === 0 ? (
        <p class="chat-list-empty">{p.search ? t.chatAdmin.noMatches : t.chatAdmin.noConversations}</p>
      ) : (
        <ul class="chat-list">
          {p.rows.map((c) => (
            <li>
              <a
                class={c.partnerId === p.selected ? "chat-list-item is-current" : "chat-list-item"}
                href={`/admin/chat/${c.partnerId}${query}`}
                aria-current={c.partnerId === p.selected ? "page" : undefined}
              >
                <span class="chat-list-name">{c.name}</span>
                <time class="chat-list-time" datetime={new Date(c.lastMessageAt).toISOString()}>
                  {timeOf(c.lastMessageAt, p.now, p.timeZone)}
                </time>
                {c.company && <span class="chat-list-company">{c.company}</span>}
                <span class="chat-list-preview">{previewOf(c)}</span>
                {c.adminUnread > 0 && (
                  <span class="badge chat-list-badge">
                    <span aria-hidden="true">{c.adminUnread > 99 ? "99+" : String(c.adminUnread)}</span>
                    <span class="visually-hidden">{t.chatAdmin.unread(c.adminUnread)}</span>
                  </span>
                )}
              </a>
            </li>
          ))}
        </ul>
      )}
      {p.nextHref && (
        <a class="button button-link" href={p.nextHref}>
          {t.chatAdmin.more}
        </a>
      )}
    </nav>
  );
}

/** Two panes on a desktop; on a phone the list alone, or the conversation alone with a back link. */
export function AdminChatPage({ list, heading, conversation }: { list: ChatListProps; heading: string; conversation: Child | null }) {
  return (
    <div class={conversation ? "chat-panes has-selection" : "chat-panes"}>
      <h1 class={conversation ? "visually-hidden" : "chat-panes-title"}>{t.chatAdmin.pageTitle}</h1>
      <ConversationList {...list} />
      <div class="chat-conversation-pane">
        {conversation ? (
          <>
            <a class="chat-pane-back" href={`/admin/chat${list.search ? `?q=${encodeURIComponent(list.search)}` : ""}`}>
              {t.chatAdmin.back}
            </a>
            <h2 class="chat-partner-name">{heading}</h2>
            {conversation}
          </>
        ) : (
          <p class="chat-choose">{t.chatAdmin.choose}</p>
        )}
      </div>
    </div>
  );
}

export type StartChoice = { id: number; name: string; company: string | null; email: string; hasConversation: boolean };

/** "new conversation": pick an active partner to write to first. */
export function NewConversationPage({ partners, search }: { partners: StartChoice[]; search: string }) {
  return (
    <div class="chat-new-page">
      <a class="chat-pane-back" href="/admin/chat">
        {t.chatAdmin.back}
      </a>
      <h1>{t.chatAdmin.newTitle}</h1>
      <p class="lede">{t.chatAdmin.newLede}</p>
      <form method="get" action="/admin/chat/new" class="chat-search">
        <label class="visually-hidden" for="chat-new-search">
          {t.chatAdmin.searchLabel}
        </label>
        <input id="chat-new-search" type="search" name="q" value={search} placeholder={t.chatAdmin.searchPlaceholder} maxlength={100} />
        <button type="submit" class="button button-secondary button-small">
          {t.search}
        </button>
      </form>
      {partners.length === 0 ? (
        <p>{t.chatAdmin.noPartners}</p>
      ) : (
        <ul class="chat-list">
          {partners.map((p) => (
            <li>
              <a class="chat-list-item" href={`/admin/chat/${p.id}`}>
                <span class="chat-list-name">{p.name}</span>
                <span class="chat-list-company">{[p.company, p.email].filter(Boolean).join(" · ")}</span>
                {p.hasConversation && <span class="chat-list-preview">{t.chatAdmin.hasConversation}</span>}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
