/**
 * What the partner's /chat and the admin's /admin/chat/:partnerId share: reading the conversation,
 * sending (text and files, idempotent), the poll and older pages. The side decides whose messages
 * are "own", who gets marked read and the URLs.
 */
import { randomBytes } from "node:crypto";
import { HTTPException } from "hono/http-exception";
import { ComposeForm, type ComposeProps, type PollState, Updates } from "../../../views/chat/conversation.js";
import { EarlierControl, type MessageItem, MessageItems, type Viewer } from "../../../views/chat/message-list.js";
import { t } from "../../i18n/ru.js";
import type { AppContext } from "../../web/env.js";
import { isFragment } from "../../web/htmx.js";
import { discardStoredAttachments, receiveMessageForm } from "../../web/message-upload.js";
import {
  type ChatMessage,
  conversationUpdates,
  DELETE_WINDOW_MS,
  listMessages,
  MAX_MESSAGE_CHARS,
  markReadByAdmin,
  markReadByPartner,
  sendMessage,
} from "./chat.js";
import { conversationVersion } from "./versions.js";

export type Side = { kind: "partner"; partnerId: number } | { kind: "admin"; partnerId: number; partnerName: string; adminId: number };

export const newIdempotencyKey = () => randomBytes(18).toString("base64url");
const KEY = /^[A-Za-z0-9_-]{16,64}$/;
const ID = /^(0|[1-9]\d{0,14})$/;
// Control characters other than tab and line breaks, and bidi overrides, have no place in a message.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export const baseOf = (side: Side) => (side.kind === "partner" ? "/chat" : `/admin/chat/${side.partnerId}`);

export function viewerOf(side: Side, now: number): Viewer {
  return side.kind === "partner"
    ? { side: "partner" }
    : { side: "admin", partnerId: side.partnerId, partnerName: side.partnerName, now, deleteWindowMs: DELETE_WINDOW_MS };
}

export const toItem = (m: ChatMessage): MessageItem => m;

export function pollState(side: Side, after: number, version: number, readUpTo: number): PollState {
  return { href: `${baseOf(side)}/updates?after=${after}&v=${version}&r=${readUpTo}`, after, readUpTo };
}

/** The viewer's own messages are read up to this id (the tick state the page shows). */
export const readUpToOf = (side: Side, state: { partnerReadId: number; adminReadId: number }) =>
  side.kind === "partner" ? state.adminReadId : state.partnerReadId;

export const markRead = (c: AppContext, side: Side) =>
  side.kind === "partner" ? markReadByPartner(c.var.deps.db, side.partnerId) : markReadByAdmin(c.var.deps.db, side.partnerId);

export function composeProps(side: Side, extra: Partial<ComposeProps> = {}): ComposeProps {
  return { action: `${baseOf(side)}/messages`, idempotencyKey: newIdempotencyKey(), ...extra };
}

/** Query ids: absent → undefined, malformed → null (the caller answers 400). */
export function queryId(raw: string | undefined): number | undefined | null {
  if (raw === undefined || raw === "") return undefined;
  return ID.test(raw) ? Number(raw) : null;
}

/** The text as stored: NFC, trimmed; or the Russian reason it cannot be sent. */
export function cleanBody(raw: string | undefined): { ok: true; body: string } | { ok: false; message: string } {
  const body = (raw ?? "").replace(/\r\n?/g, "\n").normalize("NFC").trim();
  const length = [...body].length;
  if (length > MAX_MESSAGE_CHARS) return { ok: false, message: t.chat.errors.tooLong(MAX_MESSAGE_CHARS, length) };
  if (CONTROL.test(body)) return { ok: false, message: t.chat.errors.invalidChars };
  return { ok: true, body };
}

/**
 * POST …/messages. `renderError` shows the page again (no JS) with the message and the typed text.
 */
export async function sendFromForm(c: AppContext, side: Side, renderError: (compose: ComposeProps, status: 413 | 415 | 422) => Promise<Response>) {
  const form = await receiveMessageForm(c);
  const fragment = isFragment(c);
  const refuse = async (message: string, status: 413 | 415 | 422, body: string | undefined, drained = true) => {
    if (!drained) c.header("Connection", "close");
    const compose = composeProps(side, { body, error: message });
    if (fragment) return c.html(<ComposeForm {...compose} oob />, status);
    return renderError(compose, status);
  };
  if (!form.ok) return refuse(form.message, form.status, form.fields.body, form.drained);
  const cleaned = cleanBody(form.fields.body);
  if (!cleaned.ok) {
    await discardStoredAttachments(c, form.files);
    return refuse(cleaned.message, 422, form.fields.body);
  }
  if (!cleaned.body && form.files.length === 0) return refuse(t.chat.errors.empty, 422, form.fields.body);
  const key = KEY.test(form.fields.key ?? "") ? (form.fields.key as string) : newIdempotencyKey();
  const { db, now } = c.var.deps;
  const senderId = side.kind === "partner" ? side.partnerId : side.adminId;
  let sent: Awaited<ReturnType<typeof sendMessage>>;
  try {
    sent = await sendMessage(
      db,
      { partnerId: side.partnerId, senderId, fromAdmin: side.kind === "admin", body: cleaned.body, idempotencyKey: key, files: form.files },
      now(),
    );
  } catch (error) {
    await discardStoredAttachments(c, form.files);
    throw error;
  }
  // A repeated post (double click, a retry) stored nothing new: its files are not needed.
  if (!sent.created) await discardStoredAttachments(c, form.files);
  if (!fragment) return c.redirect(`${baseOf(side)}#message-${sent.messageId}`, 303);
  // htmx: everything after what the page shows (the poller's hidden fields), the new message included.
  const shownUpTo = queryId(form.fields.after);
  const readUpTo = queryId(form.fields.r);
  const after = typeof shownUpTo === "number" && shownUpTo < sent.messageId ? shownUpTo : Math.max(0, sent.messageId - 1);
  return updatesFragment(c, side, after, typeof readUpTo === "number" ? readUpTo : 0, { compose: true });
}

async function updatesFragment(c: AppContext, side: Side, after: number, readUpTo: number, opts: { compose?: boolean } = {}) {
  const { db, config, now } = c.var.deps;
  const at = now();
  const updates = await conversationUpdates(db, side.partnerId, { after, readUpTo, viewer: side.kind }, at);
  const messages = updates.page.messages;
  const otherSide = side.kind === "partner" ? messages.some((m) => m.fromAdmin) : messages.some((m) => !m.fromAdmin);
  const readVersion = otherSide ? await markRead(c, side) : null;
  const last = messages.at(-1)?.id ?? after;
  const state = updates.page.state;
  const version = readVersion ?? state.version;
  const readUpTo2 = Math.max(readUpToOf(side, state), readUpTo);
  return c.html(
    <>
      <Updates
        messages={messages.map(toItem)}
        viewer={viewerOf(side, at)}
        timeZone={config.APP_TIMEZONE}
        now={at}
        after={updates.afterCreatedAt}
        next={pollState(side, last, version, readUpTo2)}
        newlyRead={updates.newlyRead}
        deleted={updates.deleted.map(toItem)}
      />
      {opts.compose && <ComposeForm {...composeProps(side)} oob />}
    </>,
  );
}

/** GET …/updates?after&v&r: 204 when the conversation has not changed since the page's version. */
export async function pollUpdates(c: AppContext, side: Side) {
  const after = queryId(c.req.query("after"));
  const readUpTo = queryId(c.req.query("r"));
  const v = c.req.query("v") ?? "";
  if (after === null || readUpTo === null || !/^\d{1,15}$/.test(v)) throw new HTTPException(400, { message: "malformed chat query" });
  if ((await conversationVersion(c.var.deps.db, side.partnerId)) === Number(v)) return c.body(null, 204);
  return updatesFragment(c, side, after ?? 0, readUpTo ?? 0);
}

/** GET …/messages?before=: the older page, replacing the "show earlier" control. */
export async function olderMessages(c: AppContext, side: Side) {
  const before = queryId(c.req.query("before"));
  if (!before) throw new HTTPException(400, { message: "malformed chat query" });
  const { db, config, now } = c.var.deps;
  const page = await listMessages(db, side.partnerId, { before });
  const first = page.messages[0]?.id;
  return c.html(
    <>
      {page.hasOlder && first !== undefined && (
        <EarlierControl pageHref={`${baseOf(side)}?before=${first}`} fragmentHref={`${baseOf(side)}/messages?before=${first}`} />
      )}
      <MessageItems messages={page.messages.map(toItem)} viewer={viewerOf(side, now())} timeZone={config.APP_TIMEZONE} now={now()} />
    </>,
  );
}
