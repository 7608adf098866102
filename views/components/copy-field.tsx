import { t } from "../../src/i18n/ru.js";

/** A read-only value with a copy button (static/copy.js); without JS the text can still be selected. */
export function CopyField(p: { id: string; label: string; value: string; multiline?: boolean; labelHidden?: boolean }) {
  const { id, label, value, multiline } = p;
  return (
    <div class="field copy-field">
      <label for={id} class={p.labelHidden ? "visually-hidden" : undefined}>
        {label}
      </label>
      <div class={multiline ? "copy-row copy-row-multiline" : "copy-row"}>
        {multiline ? (
          <textarea id={id} readonly rows={3}>
            {value}
          </textarea>
        ) : (
          <input id={id} value={value} readonly />
        )}
        <CopyButton target={id} small />
      </div>
    </div>
  );
}

/**
 * The copy button for the element `target` (an input's value, or any element's text) or for a literal
 * `text`. `context` names what is copied for screen readers when several buttons share a page.
 */
export function CopyButton(p: { target?: string; text?: string; small?: boolean; primary?: boolean; context?: string }) {
  const cls = `button${p.primary ? "" : " button-secondary"}${p.small ? " button-small" : ""} copy-button`;
  return (
    <button type="button" class={cls} data-copy={p.target} data-copy-text={p.text} data-copied={t.links.copied} data-copied-status={t.links.copiedStatus}>
      <span data-copy-label>{t.links.copy}</span>
      {p.context && <span class="visually-hidden">{` ${p.context}`}</span>}
    </button>
  );
}

export type ShareBlockProps = {
  /** The id of the URL element (the copy button's target); one share block per id and page. */
  id?: string;
  /** The short URL, shown in full. */
  url: string;
  /** What the Web Share sheet calls it (the link's title). */
  title: string;
  /** The QR image routes without the extension, e.g. "/links/7/qr": «.svg», «.png?download=1». */
  qrBase?: string;
  qrAlt?: string;
};

/**
 * DESIGN.md "Share block": the short URL in full, a copy button with "copied" feedback, a share button
 * (Web Share API; hidden until static/copy.js finds `navigator.share`), a QR thumbnail with downloads.
 */
export function ShareBlock({ id = "short-url", url, title, qrBase, qrAlt }: ShareBlockProps) {
  return (
    <div class="share-block">
      <div class="share-main">
        <p class="share-label">{t.links.shortUrl}</p>
        <p class="share-url" id={id}>
          <UrlText url={url} />
        </p>
        <div class="share-actions">
          <CopyButton target={id} primary />
          <button type="button" class="button button-secondary" data-share-url={url} data-share-title={title} hidden>
            {t.links.share}
          </button>
        </div>
      </div>
      {qrBase && (
        <div class="share-qr">
          <a href={`${qrBase}.svg`} class="share-qr-image">
            <img src={`${qrBase}.svg`} alt={qrAlt ?? t.links.qrAlt(title)} width="112" height="112" />
          </a>
          <div class="share-qr-links">
            <span class="share-qr-title">{t.links.qr}</span>
            <a href={`${qrBase}.png?download=1`} download>
              {t.links.downloadPng}
            </a>
            <a href={`${qrBase}.svg?download=1`} download>
              {t.links.downloadSvg}
            </a>
          </div>
        </div>
      )}
    </div>
  );
}

/** A URL with a preferred line break before its path, so a narrow screen wraps before the path, not mid-host. */
function UrlText({ url }: { url: string }) {
  const cut = url.indexOf("/", url.indexOf("//") + 2);
  if (cut < 0) return <>{url}</>;
  return (
    <>
      {url.slice(0, cut)}
      <wbr />
      {url.slice(cut)}
    </>
  );
}
