import { t } from "../../src/i18n/ru.js";
import { ChatBadge } from "../chat/chat-badge.js";
import { Flash } from "../components/flash.js";
import { ChatIcon, HistoryIcon, OverviewIcon, SendIcon, SettingsIcon, SyncIcon, UserIcon, UserPlusIcon, UsersIcon, WalletIcon } from "../components/icons.js";
import { PendingBadge } from "../partners/pending-badge.js";
import { PendingPayoutsBadge } from "../payouts/pending-payouts-badge.js";
import type { LayoutProps } from "./chrome.js";
import { Document } from "./document.js";
import { type NavItem, SideNav } from "./nav.js";
import { Topbar } from "./topbar.js";

export type AdminLayoutProps = LayoutProps & { pendingRegistrations: number; pendingPayouts: number; chatUnread: number };

/** The admin's chrome: the queues that need action (sign-ups, payouts, chat) are tabs with polled badges. */
export function AdminLayout(p: AdminLayoutProps) {
  const items: NavItem[] = [
    // The overview is one tap away on the brand in the top bar; the four tabs are the queues that need answers.
    { href: "/admin", label: t.nav.adminOverview, icon: OverviewIcon },
    { href: "/admin/registrations", label: t.nav.registrations, icon: UserPlusIcon, tab: true, badge: <PendingBadge count={p.pendingRegistrations} /> },
    { href: "/admin/partners", label: t.nav.partners, icon: UsersIcon, tab: true },
    { href: "/admin/payouts", label: t.payoutsAdmin.nav, icon: WalletIcon, tab: true, badge: <PendingPayoutsBadge count={p.pendingPayouts} /> },
    { href: "/admin/chat", label: t.chatAdmin.nav, icon: ChatIcon, tab: true, badge: <ChatBadge count={p.chatUnread} href="/admin/chat/badge" /> },
    { href: "/admin/notifications", label: t.nav.adminNotifications, icon: SendIcon },
    { href: "/admin/crm", label: t.nav.crm, icon: SyncIcon },
    { href: "/admin/audit", label: t.audit.nav, icon: HistoryIcon },
    { href: "/admin/settings", label: t.nav.settings, icon: SettingsIcon },
    { href: "/profile", label: t.nav.profile, icon: UserIcon },
  ];
  return (
    <Document cabinet title={p.title} bodyClass="cabinet admin" brand={p.brand}>
      <Topbar brand={p.brand} home="/admin" userName={p.userName} />
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
