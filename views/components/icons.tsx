import type { Child } from "hono/jsx";

/**
 * Inline SVG icons in the Lucide manner (24 × 24 grid, 2 px round strokes, MIT-style shapes drawn
 * for this project): no icon font, no extra request, nothing for CSP to refuse. Decorative only —
 * every icon sits next to a visible label, so they are hidden from screen readers.
 */
function Svg({ children, size = 24 }: { children: Child; size?: number }) {
  return (
    <svg
      class="icon"
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const HomeIcon = () => (
  <Svg>
    <path d="M3 10.5 12 3l9 7.5" />
    <path d="M5 9v11a1 1 0 0 0 1 1h4v-6h4v6h4a1 1 0 0 0 1-1V9" />
  </Svg>
);

export const LinkIcon = () => (
  <Svg>
    <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" />
    <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
  </Svg>
);

export const LandingIcon = () => (
  <Svg>
    <rect x="3" y="3" width="18" height="18" rx="2" />
    <path d="M3 9h18" />
    <path d="M7 13h6" />
    <path d="M7 17h10" />
  </Svg>
);

export const UsersIcon = () => (
  <Svg>
    <circle cx="9" cy="8" r="4" />
    <path d="M2 21v-1a5 5 0 0 1 5-5h4a5 5 0 0 1 5 5v1" />
    <path d="M16 3.5a4 4 0 0 1 0 9" />
    <path d="M19 15.5a5 5 0 0 1 3 4.5v1" />
  </Svg>
);

export const WalletIcon = () => (
  <Svg>
    <path d="M19 7V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2v-3" />
    <path d="M3 7h16a2 2 0 0 1 2 2v3" />
    <path d="M21 12h-4a2 2 0 0 0 0 4h4z" />
  </Svg>
);

export const BellIcon = () => (
  <Svg>
    <path d="M6 9a6 6 0 0 1 12 0c0 6 2.5 8 2.5 8h-17S6 15 6 9" />
    <path d="M10 21a2.2 2.2 0 0 0 4 0" />
  </Svg>
);

export const UserIcon = () => (
  <Svg>
    <circle cx="12" cy="8" r="4" />
    <path d="M4 21a8 8 0 0 1 16 0" />
  </Svg>
);

export const MoreIcon = () => (
  <Svg>
    <circle cx="5" cy="12" r="1.5" fill="currentColor" />
    <circle cx="12" cy="12" r="1.5" fill="currentColor" />
    <circle cx="19" cy="12" r="1.5" fill="currentColor" />
  </Svg>
);

export const LogOutIcon = () => (
  <Svg>
    <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4" />
    <path d="m16 17 5-5-5-5" />
    <path d="M21 12H9" />
  </Svg>
);

export const OverviewIcon = () => (
  <Svg>
    <rect x="3" y="3" width="7" height="9" rx="1" />
    <rect x="14" y="3" width="7" height="5" rx="1" />
    <rect x="14" y="12" width="7" height="9" rx="1" />
    <rect x="3" y="16" width="7" height="5" rx="1" />
  </Svg>
);

export const UserPlusIcon = () => (
  <Svg>
    <circle cx="9" cy="8" r="4" />
    <path d="M2 21v-1a5 5 0 0 1 5-5h4a5 5 0 0 1 5 5v1" />
    <path d="M19 8v6" />
    <path d="M22 11h-6" />
  </Svg>
);

export const SendIcon = () => (
  <Svg>
    <path d="M21.5 2.5 10.5 13.5" />
    <path d="m21.5 2.5-7 19-4-8-8-4z" />
  </Svg>
);

/** Two arrows in a circle: the Bitrix24 sync. */
export const SyncIcon = () => (
  <Svg>
    <path d="M20 11a8 8 0 0 0-14.5-4.5L4 8" />
    <path d="M4 3v5h5" />
    <path d="M4 13a8 8 0 0 0 14.5 4.5L20 16" />
    <path d="M20 21v-5h-5" />
  </Svg>
);

export const HistoryIcon = () => (
  <Svg>
    <path d="M3 12a9 9 0 1 0 2.6-6.4L3 8" />
    <path d="M3 3v5h5" />
    <path d="M12 7v5l3 2" />
  </Svg>
);

export const SettingsIcon = () => (
  <Svg>
    <path d="M4 6h9" />
    <path d="M17 6h3" />
    <circle cx="15" cy="6" r="2" />
    <path d="M4 12h3" />
    <path d="M11 12h9" />
    <circle cx="9" cy="12" r="2" />
    <path d="M4 18h11" />
    <path d="M19 18h1" />
    <circle cx="17" cy="18" r="2" />
  </Svg>
);

/** For the chat section (issue 12). */
export const ChatIcon = () => (
  <Svg>
    <path d="M21 12a8.5 8.5 0 0 1-12.4 7.6L3 21l1.4-5.3A8.5 8.5 0 1 1 21 12z" />
  </Svg>
);

/** The default brand mark when the company has set no logo: two linked rings (a partnership). */
export const PartnershipIcon = () => (
  <Svg>
    <circle cx="9" cy="12" r="5" />
    <circle cx="15" cy="12" r="5" />
  </Svg>
);

export const ChevronRightIcon = () => (
  <Svg size={20}>
    <path d="m9 6 6 6-6 6" />
  </Svg>
);
