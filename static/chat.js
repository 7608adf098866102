// The chat page (views/chat/conversation.tsx), on top of htmx: keeps the newest message in view,
// Enter sends (Shift+Enter is a new line), shows the chosen file names, puts the cursor back after
// a send, and skips the poll while the tab is hidden. Everything works without it.
(() => {
  const list = () => document.getElementById("chat-messages");
  const NEAR_BOTTOM_PX = 120;
  const touch = window.matchMedia("(pointer: coarse)");

  const scrollToBottom = (el) => {
    el.scrollTop = el.scrollHeight;
  };

  // Open on the newest message, or on the one in the address (#message-12 after a post without htmx).
  function initialScroll() {
    const el = list();
    if (!el) return;
    const target = location.hash.startsWith("#message-") ? document.getElementById(location.hash.slice(1)) : null;
    if (target && el.contains(target)) {
      el.scrollTop = target.offsetTop - el.offsetTop - el.clientHeight / 3;
    } else {
      scrollToBottom(el);
    }
  }

  // A poll and a send may both bring the same message (or a page boundary repeats one): keep the first.
  function dropDuplicates(el) {
    const seen = new Set();
    for (const item of Array.from(el.querySelectorAll(":scope > li[id]"))) {
      if (seen.has(item.id)) item.remove();
      else seen.add(item.id);
    }
    if (el.querySelector(":scope > .chat-message")) document.getElementById("chat-empty")?.remove();
  }

  function watch() {
    const el = list();
    if (!el || el.dataset.chatWatched) return;
    el.dataset.chatWatched = "1";
    let height = el.scrollHeight;
    let nearBottom = true;
    el.addEventListener(
      "scroll",
      () => {
        nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
      },
      { passive: true },
    );
    new MutationObserver((records) => {
      let appended = false;
      let prepended = false;
      let ownAppended = false;
      for (const r of records) {
        for (const node of r.addedNodes) {
          if (node.nodeType !== 1) continue;
          // Older pages replace the «Показать ранее» item at the top; everything else arrives at the end.
          if (r.nextSibling === null && node.nextElementSibling === null) {
            appended = true;
            if (node.classList.contains("is-own")) ownAppended = true;
          } else if (!node.previousElementSibling || node.previousElementSibling.classList.contains("chat-earlier")) {
            prepended = true;
          }
        }
      }
      dropDuplicates(el);
      if (prepended && !appended) {
        // Keep the message that was on screen where it was: the new height went in above it.
        el.scrollTop += el.scrollHeight - height;
      } else if (appended && (nearBottom || ownAppended)) {
        scrollToBottom(el);
        nearBottom = true;
      }
      height = el.scrollHeight;
    }).observe(el, { childList: true });
    // A thumbnail that finishes loading must not push the newest message out of view.
    el.addEventListener(
      "load",
      () => {
        if (nearBottom) scrollToBottom(el);
        height = el.scrollHeight;
      },
      true,
    );
  }

  // Enter sends, Shift+Enter breaks the line; on touch keyboards Enter stays a line break.
  document.addEventListener("keydown", (e) => {
    const area = e.target;
    if (!(area instanceof HTMLTextAreaElement) || area.id !== "chat-body") return;
    if (e.key !== "Enter" || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || e.isComposing || touch.matches) return;
    e.preventDefault();
    const form = area.form;
    const files = form?.querySelector("input[type=file]");
    if (!form || (area.value.trim() === "" && !(files?.files?.length > 0))) return;
    form.requestSubmit();
  });

  // The chosen files' names next to «Прикрепить файлы».
  document.addEventListener("change", (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.closest("#chat-compose")) return;
    const out = input.closest("#chat-compose").querySelector(".chat-files-chosen");
    if (out) out.textContent = Array.from(input.files ?? [], (f) => f.name).join(", ");
  });

  // After a send the fresh form comes in place of the old one: the cursor goes back into it.
  let sending = false;
  document.addEventListener("submit", (e) => {
    if (e.target instanceof HTMLFormElement && e.target.id === "chat-compose") sending = true;
  });
  document.addEventListener("htmx:after:swap", () => {
    if (!sending) return;
    const area = document.getElementById("chat-body");
    if (area?.form?.isConnected) {
      sending = false;
      area.focus();
      const el = list();
      if (el) scrollToBottom(el);
    }
  });
  document.addEventListener("htmx:finally:request", (e) => {
    if (e.target instanceof HTMLElement && e.target.id === "chat-compose") {
      setTimeout(() => {
        if (!sending) return;
        sending = false;
        document.getElementById("chat-body")?.focus();
      }, 0);
    }
  });

  // No poll while the tab is hidden; one as soon as it is shown again.
  document.addEventListener("htmx:before:request", (e) => {
    if (document.hidden && e.target instanceof HTMLElement && e.target.id === "chat-poller") e.preventDefault();
  });
  document.addEventListener("visibilitychange", () => {
    const poller = document.getElementById("chat-poller");
    if (!document.hidden && poller && window.htmx) window.htmx.trigger(poller, "every");
  });

  function init() {
    initialScroll();
    watch();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  // The admin's two panes may bring a conversation in with htmx.
  document.addEventListener("htmx:after:swap", watch);
})();
