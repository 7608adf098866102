/* Inside the embedded lead form (/embed/:code, framed by a partner's site): tells the host page how
   tall the content is, whenever it changes (errors shown, the thank-you swapped in), so the iframe
   fits it. static/embed.js on the host page sets the height. The height is no secret: any origin. */
(() => {
  if (window.parent === window) return;
  let sent = 0;
  const report = (force) => {
    // The root element's box is the content's height (the viewport's height does not count).
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (!force && height === sent) return;
    sent = height;
    window.parent.postMessage({ type: "partner-form:height", height }, "*");
  };
  // The host script may load after this page did: it asks, and gets the height again.
  window.addEventListener("message", (event) => {
    if (event.source === window.parent && event.data && event.data.type === "partner-form:measure") report(true);
  });
  if (typeof ResizeObserver === "function") new ResizeObserver(() => report(false)).observe(document.documentElement);
  window.addEventListener("load", () => report(true));
  report(true);
})();
