import { formatBytes } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import type { AttachmentLink } from "../layouts/chrome.js";

const THUMB_MAX = 480;

/**
 * A notification's files: images as thumbnails linked to the full size, others as download links with
 * name and size. Same look as a chat message's files (the chat-* classes of 75-chat.css).
 */
export function AttachmentList({ files }: { files: AttachmentLink[] | undefined }) {
  if (!files || files.length === 0) return null;
  return (
    <div class="chat-attachments notice-attachments">
      {files.map((a) =>
        a.kind === "image" && a.hasThumb ? (
          <a class="chat-thumb" href={`/attachments/${a.id}`} target="_blank" rel="noopener" aria-label={t.attachments.openImage(a.originalName)}>
            <img src={`/attachments/${a.id}/thumb`} alt={a.originalName} {...thumbSize(a)} loading="lazy" />
          </a>
        ) : (
          <a class="chat-file" href={`/attachments/${a.id}`} download={a.originalName}>
            <span class="chat-file-name">{a.originalName}</span>
            <span class="chat-file-size">{formatBytes(a.bytes)}</span>
          </a>
        ),
      )}
    </div>
  );
}

/** The thumbnail's own size (at most 480 px wide, the image's proportions), so the page does not jump. */
function thumbSize(a: AttachmentLink): { width?: number; height?: number } {
  if (!a.width || !a.height) return {};
  const width = Math.min(a.width, THUMB_MAX);
  return { width, height: Math.max(1, Math.round((a.height * width) / a.width)) };
}
