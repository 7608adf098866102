import type { Child } from "hono/jsx";
import type { FlashProps } from "../components/flash.js";

/** A file attached to a notification, as the bell and the list show it (a download link, or a thumbnail). */
export type AttachmentLink = {
  id: number;
  kind: "image" | "file";
  originalName: string;
  bytes: number;
  width: number | null;
  height: number | null;
  hasThumb: boolean;
};
export type BellItem = { id: number; title: string; message: string; createdAt: number; read: boolean; attachments?: AttachmentLink[] };

/**
 * The company's brand as the pages need it. Everything null is the default look (the cabinet's own
 * name, default palette). `styleHref` is the brand stylesheet (`/brand.css?v=…`) when a colour is set.
 */
export type BrandView = {
  companyName: string | null;
  logo: { src: string; width: number; height: number } | null;
  supportContact: string | null;
  privacyPolicyUrl: string | null;
  styleHref: string | null;
};

export const DEFAULT_BRAND: BrandView = { companyName: null, logo: null, supportContact: null, privacyPolicyUrl: null, styleHref: null };

/** Data the page chrome needs besides the page itself (badges, bell), and the brand on every kind. */
export type Chrome = { brand: BrandView } & (
  | { kind: "partner"; unreadCount: number; recent: BellItem[]; chatUnread: number }
  | { kind: "admin"; pendingRegistrations: number; pendingPayouts: number; chatUnread: number }
  | { kind: "public" }
);

export type LayoutProps = {
  title: string;
  flash: FlashProps["flash"];
  userName: string | null;
  /** Current path, to mark the active menu item. */
  path: string;
  timeZone: string;
  brand: BrandView;
  children: Child;
};
