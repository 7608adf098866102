/* For partners' sites: the lead-form iframe from the link page's snippet takes the height of its
   content, so nothing is cut on a phone and no blank gap stays after the thank-you. The form
   (static/embed-frame.js) reports its height; only a message from that iframe's own window and
   origin is believed. Plain script, no dependencies, safe to include more than once. */
(() => {
  const flag = "__partnerFormEmbed";
  if (window[flag]) return;
  window[flag] = true;
  const originOf = (frame) => {
    try {
      return new URL(frame.src, location.href).origin;
    } catch (_) {
      return null;
    }
  };
  const frames = () => Array.prototype.slice.call(document.querySelectorAll("iframe[data-partner-form]"));
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || typeof data !== "object" || data.type !== "partner-form:height") return;
    const height = Math.ceil(Number(data.height));
    if (!(height > 0 && height < 20000)) return;
    for (const frame of frames()) {
      if (frame.contentWindow !== event.source || originOf(frame) !== event.origin) continue;
      const before = frame.getBoundingClientRect().height;
      frame.style.height = `${height}px`;
      // Shrunk to the thank-you while scrolled past its top: bring it back into view.
      if (height < before && frame.getBoundingClientRect().top < 0) frame.scrollIntoView({ block: "start" });
    }
  });
  // Frames that loaded before this script: ask them for their height.
  for (const frame of frames()) {
    const origin = originOf(frame);
    if (origin && frame.contentWindow) frame.contentWindow.postMessage({ type: "partner-form:measure" }, origin);
  }
})();
