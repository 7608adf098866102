import { plural } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

/** Pending-registrations badge; re-fetches itself every 30 s and replaces itself. */
export function PendingBadge({ count }: { count: number }) {
  return (
    <span id="pending-badge" class={count > 0 ? "badge" : "badge badge-empty"} hx-get="/admin/registrations/badge" hx-trigger="every 30s" hx-swap="outerHTML">
      {count > 0 && <span aria-hidden="true">{String(count)}</span>}
      {count > 0 && <span class="visually-hidden">{`${count} ${plural(count, t.plurals.registration)}`}</span>}
    </span>
  );
}
