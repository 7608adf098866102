import { formatCount } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

export type AdminOverviewProps = { counts: { total: number; active: number; inactive: number; pending: number } };

export function AdminOverviewPage({ counts }: AdminOverviewProps) {
  const cards = [
    { label: t.partners.admin.totalPartners, value: counts.total, href: "/admin/partners" },
    { label: t.partners.admin.activePartners, value: counts.active, href: "/admin/partners?status=active" },
    { label: t.partners.admin.pendingRegistrations, value: counts.pending, href: "/admin/registrations" },
    { label: t.partners.admin.deactivatedPartners, value: counts.inactive, href: "/admin/partners?status=inactive" },
  ];
  return (
    <>
      <h1>{t.partners.admin.overviewHeading}</h1>
      <div class="stats">
        {cards.map((card) => (
          <a class="stat card" href={card.href}>
            <span class="stat-value">{formatCount(card.value)}</span>
            <span class="stat-label">{card.label}</span>
          </a>
        ))}
      </div>
    </>
  );
}
