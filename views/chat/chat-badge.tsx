import { t } from "../../src/i18n/ru.js";

/**
 * Unread chat messages on the "chat" menu item (partner: the company's messages; admin: partners'
 * messages in all conversations). Re-fetches itself every 30 s and replaces itself.
 */
export function ChatBadge({ count, href }: { count: number; href: "/chat/badge" | "/admin/chat/badge" }) {
  return (
    <span id="chat-badge" class={count > 0 ? "badge" : "badge badge-empty"} hx-get={href} hx-trigger="every 30s" hx-swap="outerHTML">
      {count > 0 && <span aria-hidden="true">{count > 99 ? "99+" : String(count)}</span>}
      {count > 0 && <span class="visually-hidden">{t.chat.badge(count)}</span>}
    </span>
  );
}
