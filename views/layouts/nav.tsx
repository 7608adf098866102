import type { Child } from "hono/jsx";
import { t } from "../../src/i18n/ru.js";

export type NavItem = { href: string; label: string; badge?: Child };

/** Sidebar menu; the item whose section contains the current path is marked for screen readers too. */
export function SideNav({ items, path, label }: { items: NavItem[]; path: string; label: string }) {
  const active = items.filter((i) => path === i.href || path.startsWith(`${i.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <nav class="sidebar" aria-label={label}>
      <ul>
        {items.map((item) => (
          <li>
            <a href={item.href} aria-current={item === active ? "page" : undefined}>
              <span>{item.label}</span>
              {item.badge}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Logout is a POST (a GET must never change state); the form is CSRF-checked like any other. */
export function LogoutButton() {
  return (
    <form method="post" action="/logout" class="logout">
      <button type="submit" class="link-button">
        {t.nav.logout}
      </button>
    </form>
  );
}
