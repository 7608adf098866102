import { t } from "../../src/i18n/ru.js";
import { Flash } from "../components/flash.js";
import { PendingBadge } from "../partners/pending-badge.js";
import { PendingPayoutsBadge } from "../payouts/pending-payouts-badge.js";
import type { LayoutProps } from "./chrome.js";
import { Document } from "./document.js";
import { LogoutButton, SideNav } from "./nav.js";

export type AdminLayoutProps = LayoutProps & { pendingRegistrations: number; pendingPayouts: number };

export function AdminLayout(p: AdminLayoutProps) {
  const items = [
    { href: "/admin", label: t.nav.adminOverview },
    { href: "/admin/registrations", label: t.nav.registrations, badge: <PendingBadge count={p.pendingRegistrations} /> },
    { href: "/admin/partners", label: t.nav.partners },
    { href: "/admin/payouts", label: t.payoutsAdmin.nav, badge: <PendingPayoutsBadge count={p.pendingPayouts} /> },
    { href: "/admin/notifications", label: t.nav.adminNotifications },
    { href: "/admin/crm", label: t.nav.crm },
    { href: "/admin/audit", label: t.audit.nav },
    { href: "/admin/settings", label: t.nav.settings },
    { href: "/profile", label: t.nav.profile },
  ];
  return (
    <Document cabinet title={p.title} bodyClass="cabinet admin">
      <header class="topbar">
        <a class="brand" href="/admin">
          {t.appName}
        </a>
        <div class="topbar-end">
          <span class="user-name">{p.userName}</span>
          <LogoutButton />
        </div>
      </header>
      <div class="shell">
        <SideNav items={items} path={p.path} label={t.nav.adminNavigation} />
        <main id="main" class="content">
          <Flash flash={p.flash} />
          {p.children}
        </main>
      </div>
    </Document>
  );
}
