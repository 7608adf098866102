import { t } from "../../src/i18n/ru.js";
import { ChatBadge } from "../chat/chat-badge.js";
import { Flash } from "../components/flash.js";
import { BellIcon, ChatIcon, HomeIcon, LandingIcon, LinkIcon, UserIcon, UsersIcon, WalletIcon } from "../components/icons.js";
import { Bell } from "../notifications/bell.js";
import { SupportContact } from "./brand.js";
import type { BellItem, LayoutProps } from "./chrome.js";
import { Document } from "./document.js";
import { type NavItem, SideNav } from "./nav.js";
import { Topbar } from "./topbar.js";

export type PartnerLayoutProps = LayoutProps & { unreadCount: number; recent: BellItem[]; chatUnread: number };

/**
 * Top bar with the bell, the menu (sidebar or phone tab bar), content. Only sections that exist are
 * in the menu. The bell is the polled unread count; the notifications item shows the count of page load.
 */
export function PartnerLayout(p: PartnerLayoutProps) {
  const unread = p.unreadCount > 0 ? { value: p.unreadCount, label: t.shell.unread(p.unreadCount) } : undefined;
  const items: NavItem[] = [
    { href: "/dashboard", label: t.nav.dashboard, icon: HomeIcon, tab: true },
    { href: "/links", label: t.nav.links, icon: LinkIcon, tab: true },
    { href: "/landings", label: t.nav.landings, icon: LandingIcon },
    { href: "/clients", label: t.nav.clients, icon: UsersIcon, tab: true },
    // Chat is a tab: its polled badge renders once, in a tab item. Payouts are rarer visits, in "More".
    { href: "/chat", label: t.chat.nav, icon: ChatIcon, tab: true, badge: <ChatBadge count={p.chatUnread} href="/chat/badge" /> },
    { href: "/payouts", label: t.payouts.nav, icon: WalletIcon },
    { href: "/notifications", label: t.nav.notifications, icon: BellIcon, ...(unread && { count: unread }) },
    { href: "/profile", label: t.nav.profile, icon: UserIcon },
  ];
  const support = p.brand.supportContact ? <SupportContact contact={p.brand.supportContact} /> : undefined;
  return (
    <Document cabinet title={p.title} bodyClass="cabinet" brand={p.brand}>
      <Topbar brand={p.brand} home="/dashboard" userName={p.userName}>
        <Bell unreadCount={p.unreadCount} recent={p.recent} timeZone={p.timeZone} open={false} />
      </Topbar>
      <div class="shell">
        <SideNav items={items} path={p.path} label={t.nav.mainNavigation} foot={support} />
        <main id="main" class="content">
          <Flash flash={p.flash} />
          {p.children}
        </main>
      </div>
    </Document>
  );
}
