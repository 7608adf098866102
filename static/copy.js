// Copy and share buttons (views/components/copy-field.tsx). Progressive enhancement: without JS the
// URL stays selectable text and the share button stays hidden.
//   <button data-copy="element-id">  copies an input's value or an element's text
//   <button data-copy-text="...">     copies the literal text
//   <button data-share-url data-share-title hidden>  shown only where navigator.share exists
(() => {
  let status = null;
  // One polite live region, so a screen reader hears "copied" whatever button was pressed.
  const announce = (text) => {
    if (!status) {
      status = document.createElement("div");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      document.body.append(status);
    }
    status.textContent = "";
    setTimeout(() => {
      status.textContent = text;
    }, 50);
  };

  const textOf = (button) => {
    const literal = button.getAttribute("data-copy-text");
    if (literal !== null) return { text: literal, field: null };
    const field = document.getElementById(button.getAttribute("data-copy") || "");
    if (!field) return null;
    const isInput = field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement;
    return { text: isInput ? field.value : (field.textContent || "").trim(), field };
  };

  const selectContents = (field) => {
    if (!field) return;
    if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) return field.select();
    const range = document.createRange();
    range.selectNodeContents(field);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  };

  const copy = async (button) => {
    const source = textOf(button);
    if (!source) return;
    try {
      await navigator.clipboard.writeText(source.text);
    } catch {
      // Older browsers, or no clipboard permission: copy the selection the old way.
      selectContents(source.field);
      if (!source.field) {
        const scratch = document.createElement("textarea");
        scratch.value = source.text;
        document.body.append(scratch);
        scratch.select();
        document.execCommand("copy");
        scratch.remove();
      } else {
        document.execCommand("copy");
      }
    }
    const label = button.querySelector("[data-copy-label]") || button;
    const original = label.getAttribute("data-original") ?? label.textContent;
    label.setAttribute("data-original", original);
    label.textContent = button.getAttribute("data-copied") || original;
    button.classList.add("is-copied");
    announce(button.getAttribute("data-copied-status") || label.textContent);
    clearTimeout(Number(button.getAttribute("data-timer")));
    const timer = setTimeout(() => {
      label.textContent = original;
      button.classList.remove("is-copied");
    }, 2000);
    button.setAttribute("data-timer", String(timer));
  };

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const copyButton = target?.closest("[data-copy], [data-copy-text]");
    if (copyButton) return void copy(copyButton);
    const shareButton = target?.closest("[data-share-url]");
    if (shareButton && navigator.share) {
      navigator.share({ title: shareButton.getAttribute("data-share-title") || document.title, url: shareButton.getAttribute("data-share-url") }).catch(() => {
        // Closing the share sheet rejects too: nothing to report.
      });
    }
  });

  const revealShare = (root) => {
    if (!navigator.share) return;
    for (const button of root.querySelectorAll("[data-share-url][hidden]")) button.hidden = false;
  };
  revealShare(document);
  // htmx swaps may bring new share blocks.
  document.addEventListener("htmx:load", (event) => revealShare(event.target instanceof Element ? event.target : document));
})();
