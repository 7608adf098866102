import { plural } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

/** Pending payout requests in the admin sidebar; re-fetches itself every 30 s and replaces itself. */
export function PendingPayoutsBadge({ count }: { count: number }) {
  return (
    <span id="payouts-badge" class={count > 0 ? "badge" : "badge badge-empty"} hx-get="/admin/payouts/badge" hx-trigger="every 30s" hx-swap="outerHTML">
      {count > 0 && <span aria-hidden="true">{String(count)}</span>}
      {count > 0 && <span class="visually-hidden">{t.payoutsAdmin.badge(count, plural(count, t.payoutsAdmin.badgeWord))}</span>}
    </span>
  );
}
