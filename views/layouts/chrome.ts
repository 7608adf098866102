import type { Child } from "hono/jsx";
import type { FlashProps } from "../components/flash.js";

export type BellItem = { id: number; title: string; message: string; createdAt: number; read: boolean };

/** Data the page chrome needs besides the page itself (badges, bell). */
export type Chrome =
  | { kind: "partner"; unreadCount: number; recent: BellItem[] }
  | { kind: "admin"; pendingRegistrations: number; pendingPayouts: number }
  | { kind: "public" };

export type LayoutProps = {
  title: string;
  flash: FlashProps["flash"];
  userName: string | null;
  /** Current path, to mark the active menu item. */
  path: string;
  timeZone: string;
  children: Child;
};
