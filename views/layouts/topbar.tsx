import type { Child } from "hono/jsx";
import { t } from "../../src/i18n/ru.js";
import { Brand, initialsOf } from "./brand.js";
import type { BrandView } from "./chrome.js";
import { LogoutButton } from "./nav.js";

/**
 * The cabinet's top bar: the brand on the left; on the right what belongs to the user (the bell for
 * partners, the avatar linking to the profile, and "Log out", which on phones lives in "More" instead).
 */
export function Topbar({ brand, home, userName, children }: { brand: BrandView; home: string; userName: string | null; children?: Child }) {
  return (
    <header class="topbar">
      <Brand brand={brand} href={home} />
      <div class="topbar-end">
        {children}
        {userName && (
          <a class="user-chip" href="/profile" title={t.shell.profileOf(userName)}>
            <span class="avatar" aria-hidden="true">
              {initialsOf(userName)}
            </span>
            <span class="user-name">{userName}</span>
          </a>
        )}
        <LogoutButton />
      </div>
    </header>
  );
}
