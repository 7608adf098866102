/**
 * Splits message text into plain parts and http(s) links, for rendering as JSX text and <a> — never
 * as HTML. Only `http://` and `https://` addresses become links (so `javascript:`, `data:` and the
 * like stay text), and punctuation that ends a sentence is not part of the address.
 */
/** A piece of the text; `href` only on links. */
export type TextPart = { text: string; href?: string };

// A run of non-space characters starting with http(s):// at the start or after a non-word character
// (so "xhttps://…" is not a link). Angle brackets and quotes end an address, as in e-mail clients.
const URL_RUN = /(^|[^\p{L}\p{N}_])(https?:\/\/[^\s<>"«»]+)/giu;
const TRAILING = /[.,;:!?'’”…-]$/u;
const CLOSERS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/** The address without what most likely belongs to the sentence: a final dot, comma, or an unmatched bracket. */
function trimTrailing(candidate: string): string {
  let url = candidate;
  for (;;) {
    const last = url.at(-1) ?? "";
    if (TRAILING.test(last)) {
      url = url.slice(0, -1);
      continue;
    }
    const opener = CLOSERS[last];
    if (opener && count(url, opener) < count(url, last)) {
      url = url.slice(0, -1);
      continue;
    }
    return url;
  }
}

const count = (s: string, ch: string) => s.split(ch).length - 1;

/** The address as typed if it parses as an http(s) URL with a host (JSX escapes the attribute); null otherwise. */
function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.hostname === "") return null;
    return url;
  } catch {
    return null;
  }
}

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let plain = "";
  let index = 0;
  for (const match of text.matchAll(URL_RUN)) {
    const lead = match[1] ?? "";
    const start = (match.index ?? 0) + lead.length;
    const url = trimTrailing(match[2] ?? "");
    const href = url.length > "https://".length ? safeHref(url) : null;
    if (!href) continue;
    plain += text.slice(index, start);
    if (plain) parts.push({ text: plain });
    plain = "";
    parts.push({ text: url, href });
    index = start + url.length;
  }
  plain += text.slice(index);
  if (plain) parts.push({ text: plain });
  return parts;
}
