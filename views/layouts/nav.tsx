import type { Child } from "hono/jsx";
import { t } from "../../src/i18n/ru.js";
import { LogOutIcon, MoreIcon } from "../components/icons.js";

export type NavItem = {
  href: string;
  label: string;
  icon: () => Child;
  /** One of the (at most four) sections in the phone tab bar; the others move into "More" there. */
  tab?: boolean;
  /**
   * A badge that refreshes itself (htmx polling, with an id). It is rendered exactly once, in this
   * item, so only tab items may carry one: the item list is shared by the sidebar and the tab bar.
   */
  badge?: Child;
  /** A plain count from page load (no polling), for "More" items: shown on the item, its menu entry and the "More" tab. */
  count?: { value: number; label: string };
};

/** The item whose section contains the current path (the longest matching prefix). */
export function activeItem(items: NavItem[], path: string): NavItem | undefined {
  return items.filter((i) => path === i.href || path.startsWith(`${i.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
}

/**
 * One <nav> for both screens: on a desktop (≥ 800 px) a full-height sidebar with every item; on a
 * phone a bottom tab bar with the tab items and "More", a <details> menu (no JavaScript needed) that
 * opens upward with the other items and "Log out". The CSS hides whichever copy does not apply, so a
 * screen reader meets each item once. The <nav> itself stretches to the page's full height (its
 * background and border), its inner box sticks to the viewport; on phones it sits after the content
 * and sticks to the bottom, so it never covers the end of the page.
 */
export function SideNav({ items, path, label, foot }: { items: NavItem[]; path: string; label: string; foot?: Child }) {
  const active = activeItem(items, path);
  const rest = items.filter((i) => !i.tab);
  const counted = rest.filter((i) => (i.count?.value ?? 0) > 0);
  const restCount = counted.reduce((sum, i) => sum + (i.count?.value ?? 0), 0);
  const restLabel = counted.map((i) => `${i.label}: ${i.count?.label}`).join(", ");
  return (
    <nav class="sidebar" aria-label={label}>
      <div class="sidebar-inner">
        <ul class="nav-list">
          {items.map((item) => (
            <li class={item.tab ? "nav-item" : "nav-item nav-secondary"}>
              <NavLink item={item} current={item === active} />
            </li>
          ))}
          <li class="nav-item nav-more">
            <details class="more-menu">
              <summary class={active && !active.tab ? "nav-link is-current" : "nav-link"}>
                <MoreIcon />
                <span class="nav-label">{t.shell.more}</span>
                {restCount > 0 && <Count value={restCount} label={restLabel} />}
              </summary>
              <div class="more-panel">
                <ul class="more-list" aria-label={t.shell.moreLabel}>
                  {rest.map((item) => (
                    <li>
                      <NavLink item={item} current={item === active} />
                    </li>
                  ))}
                </ul>
                {foot && <div class="more-foot">{foot}</div>}
                <LogoutButton menu />
              </div>
            </details>
          </li>
        </ul>
        {foot && <div class="sidebar-foot">{foot}</div>}
      </div>
    </nav>
  );
}

function NavLink({ item, current }: { item: NavItem; current: boolean }) {
  const Icon = item.icon;
  return (
    <a class="nav-link" href={item.href} aria-current={current ? "page" : undefined}>
      <Icon />
      <span class="nav-label">{item.label}</span>
      {item.badge}
      {item.count && item.count.value > 0 && <Count value={item.count.value} label={item.count.label} />}
    </a>
  );
}

/** A static count badge; the number is for the eye, the hidden text for screen readers. */
function Count({ value, label }: { value: number; label: string }) {
  return (
    <>
      <span class="badge" aria-hidden="true">
        {value > 99 ? "99+" : String(value)}
      </span>
      <span class="visually-hidden">{label}</span>
    </>
  );
}

/**
 * Logout is a POST (a GET must never change state); the form is CSRF-checked like any other. In the
 * top bar on a desktop, or as the last entry of "More" on a phone.
 */
export function LogoutButton({ menu }: { menu?: boolean }) {
  return (
    <form method="post" action="/logout" class={menu ? "logout" : "logout topbar-logout"}>
      <button type="submit" class={menu ? "nav-link" : "topbar-button"}>
        <LogOutIcon />
        <span>{t.nav.logout}</span>
      </button>
    </form>
  );
}
