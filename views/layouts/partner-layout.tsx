import { t } from "../../src/i18n/ru.js";
import { Flash } from "../components/flash.js";
import { Bell } from "../notifications/bell.js";
import type { BellItem, LayoutProps } from "./chrome.js";
import { Document } from "./document.js";
import { LogoutButton, SideNav } from "./nav.js";

export type PartnerLayoutProps = LayoutProps & { unreadCount: number; recent: BellItem[] };

/** Sidebar, header with the bell, content. Only sections that exist are in the menu. */
export function PartnerLayout(p: PartnerLayoutProps) {
  const items = [
    { href: "/dashboard", label: t.nav.dashboard },
    { href: "/links", label: t.nav.links },
    { href: "/landings", label: t.nav.landings },
    { href: "/clients", label: t.nav.clients },
    { href: "/payouts", label: t.payouts.nav },
    { href: "/crm", label: t.crmPartner.navLabel },
    { href: "/notifications", label: t.nav.notifications },
    { href: "/profile", label: t.nav.profile },
  ];
  return (
    <Document cabinet title={p.title} bodyClass="cabinet">
      <header class="topbar">
        <a class="brand" href="/dashboard">
          {t.appName}
        </a>
        <div class="topbar-end">
          <Bell unreadCount={p.unreadCount} recent={p.recent} timeZone={p.timeZone} open={false} />
          <span class="user-name">{p.userName}</span>
          <LogoutButton />
        </div>
      </header>
      <div class="shell">
        <SideNav items={items} path={p.path} label={t.nav.mainNavigation} />
        <main id="main" class="content">
          <Flash flash={p.flash} />
          {p.children}
        </main>
      </div>
    </Document>
  );
}
