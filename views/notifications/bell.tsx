import { formatDateTime } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { BellIcon } from "../components/icons.js";
import type { BellItem } from "../layouts/chrome.js";
import { AttachmentList } from "./attachment-list.js";

export type BellProps = { unreadCount: number; recent: BellItem[]; timeZone: string; open: boolean };

/**
 * Header bell: a <details> dropdown, so it opens without JavaScript. The count polls every 30 s and
 * its response also refreshes the list out of band; the dropdown itself is never replaced, so a poll
 * does not close it.
 */
export function Bell(p: BellProps) {
  return (
    <details class="bell" id="bell" open={p.open}>
      <summary>
        <BellIcon />
        <BellCount unreadCount={p.unreadCount} />
      </summary>
      <div class="bell-panel">
        <h2 class="bell-heading">{t.notifications.recent}</h2>
        <BellList recent={p.recent} timeZone={p.timeZone} unreadCount={p.unreadCount} />
        <a class="bell-all" href="/notifications">
          {t.notifications.seeAll}
        </a>
      </div>
    </details>
  );
}

export function BellCount({ unreadCount, oob }: { unreadCount: number; oob?: boolean }) {
  return (
    <span id="bell-count" hx-get="/notifications/bell" hx-trigger="every 30s" hx-swap="outerHTML" hx-swap-oob={oob ? "true" : undefined}>
      <span class="visually-hidden">{t.notifications.bellLabel(unreadCount)}</span>
      {unreadCount > 0 && (
        <span class="badge" aria-hidden="true">
          {unreadCount > 99 ? "99+" : String(unreadCount)}
        </span>
      )}
    </span>
  );
}

export function BellList(p: { recent: BellItem[]; timeZone: string; unreadCount: number; oob?: boolean }) {
  return (
    <div id="bell-list" hx-swap-oob={p.oob ? "true" : undefined}>
      {p.recent.length === 0 ? (
        <p class="muted">{t.notifications.empty}</p>
      ) : (
        <ul class="bell-items">
          {p.recent.map((n) => (
            <li class={n.read ? "bell-item" : "bell-item unread"}>
              <p class="bell-title" id={`bell-title-${n.id}`}>
                {n.title}
              </p>
              <p class="bell-message">{n.message}</p>
              <AttachmentList files={n.attachments} />
              <div class="bell-meta">
                <time>{formatDateTime(n.createdAt, p.timeZone)}</time>
                {!n.read && (
                  <form method="post" action={`/notifications/${n.id}/read`} hx-post={`/notifications/${n.id}/read`} hx-target="#bell-list" hx-swap="outerHTML">
                    <button type="submit" class="link-button" aria-describedby={`bell-title-${n.id}`}>
                      {t.notifications.markRead}
                    </button>
                  </form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {p.unreadCount > 0 && (
        <form method="post" action="/notifications/read-all" hx-post="/notifications/read-all" hx-target="#bell-list" hx-swap="outerHTML">
          <button type="submit" class="button button-secondary button-small">
            {t.notifications.markAllRead}
          </button>
        </form>
      )}
    </div>
  );
}
