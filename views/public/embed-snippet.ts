import { t } from "../../src/i18n/ru.js";

/**
 * The code a partner pastes into their site: the form's iframe and the small script that sizes it
 * to its content (static/embed.js). Without the script the iframe keeps its fixed height and
 * scrolls inside. `origin` is PUBLIC_ORIGIN; codes are [A-Za-z0-9_-], so nothing needs escaping.
 */
export function embedSnippet(origin: string, code: string): string {
  return [
    `<iframe src="${origin}/embed/${code}" data-partner-form title="${t.links.iframeTitle}" width="100%" height="720" style="display:block;width:100%;max-width:560px;border:0" loading="lazy"></iframe>`,
    `<script src="${origin}/static/embed.js" async></script>`,
  ].join("\n");
}
