// Dangerous actions ask first (views/components/confirm.tsx): a form or submit button with
// data-confirm opens a native <dialog>; confirming re-submits with confirmed=1. Registered in the
// capture phase on document, so it runs before htmx handles the same submit on the form.
(() => {
  let dialog = null;
  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-question");
    const question = document.createElement("p");
    question.id = "confirm-dialog-question";
    question.className = "confirm-question";
    const actions = document.createElement("div");
    actions.className = "actions";
    const ok = document.createElement("button");
    ok.type = "button";
    ok.dataset.role = "ok";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button-secondary";
    cancel.dataset.role = "cancel";
    cancel.addEventListener("click", () => dialog.close());
    actions.append(cancel, ok);
    dialog.append(question, actions);
    document.body.append(dialog);
  }
  function ask(source, onConfirm) {
    if (!dialog) build();
    dialog.querySelector(".confirm-question").textContent = source.dataset.confirm;
    const ok = dialog.querySelector('[data-role="ok"]');
    const variant = source.dataset.confirmVariant || "danger";
    ok.className = variant === "primary" ? "button" : `button button-${variant}`;
    ok.textContent = source.dataset.confirmOk || "OK";
    dialog.querySelector('[data-role="cancel"]').textContent = source.dataset.confirmCancel || "Cancel";
    ok.onclick = () => {
      dialog.close();
      onConfirm();
    };
    dialog.showModal();
    dialog.querySelector('[data-role="cancel"]').focus();
  }
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.dataset.confirming === "1") return;
      const submitter = event.submitter;
      const source = submitter?.dataset.confirm ? submitter : form.dataset.confirm ? form : null;
      if (!source || typeof HTMLDialogElement === "undefined") return;
      const field = source.dataset.confirmField;
      if (field && form.elements.namedItem(field)?.value !== source.dataset.confirmValue) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      ask(source, () => {
        const flag = document.createElement("input");
        flag.type = "hidden";
        flag.name = "confirmed";
        flag.value = "1";
        form.append(flag);
        form.dataset.confirming = "1";
        // The form data is built synchronously inside requestSubmit (by the browser or by htmx),
        // so the flag can go right after: a form that stays on the page asks again next time.
        try {
          form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
        } finally {
          flag.remove();
          delete form.dataset.confirming;
        }
      });
    },
    true,
  );
})();
