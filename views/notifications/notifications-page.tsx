import { formatDateTime } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import type { BellItem } from "../layouts/chrome.js";
import { AttachmentList } from "./attachment-list.js";

export type NotificationsPageProps = { items: BellItem[]; unreadCount: number; timeZone: string };

/** Full list; the no-JavaScript fallback for the bell too. */
export function NotificationsPage(p: NotificationsPageProps) {
  return (
    <>
      <div class="page-head">
        <h1>{t.notifications.pageTitle}</h1>
        {p.unreadCount > 0 && (
          <form method="post" action="/notifications/read-all">
            <button type="submit" class="button button-secondary">
              {t.notifications.markAllRead}
            </button>
          </form>
        )}
      </div>
      {p.items.length === 0 ? (
        <section class="empty-state">
          <p>{t.notifications.empty}</p>
        </section>
      ) : (
        <ul class="notice-list">
          {p.items.map((n) => (
            <li class={n.read ? "card notice" : "card notice unread"}>
              <div class="notice-head">
                <h2 id={`notice-title-${n.id}`}>{n.title}</h2>
                {!n.read && <span class="pill">{t.notifications.unreadMark}</span>}
              </div>
              <p class="pre-line">{n.message}</p>
              <AttachmentList files={n.attachments} />
              <div class="notice-foot">
                <time class="muted">{formatDateTime(n.createdAt, p.timeZone)}</time>
                {!n.read && (
                  <form method="post" action={`/notifications/${n.id}/read`}>
                    <button type="submit" class="link-button" aria-describedby={`notice-title-${n.id}`}>
                      {t.notifications.markRead}
                    </button>
                  </form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
