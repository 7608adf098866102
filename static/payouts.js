// "Select all" on the payout request form: the checkbox (hidden until this script runs, which also
// hides the no-JavaScript link) ticks or clears every client. Its change event then bubbles to the
// form, where htmx asks the server for the new total, as for a single client.
(() => {
  function setUp(form) {
    const all = form.querySelector("[data-select-all]");
    if (!all || all.dataset.ready === "1") return;
    all.dataset.ready = "1";
    const boxes = () => Array.from(form.querySelectorAll('input[type="checkbox"][name="client_id"]'));
    const sync = () => {
      const list = boxes();
      const ticked = list.filter((box) => box.checked).length;
      all.checked = list.length > 0 && ticked === list.length;
      all.indeterminate = ticked > 0 && ticked < list.length;
    };
    form.querySelector("[data-select-all-box]")?.removeAttribute("hidden");
    form.querySelector("[data-select-all-link]")?.setAttribute("hidden", "");
    all.addEventListener("change", () => {
      for (const box of boxes()) box.checked = all.checked;
    });
    form.addEventListener("change", (event) => {
      if (event.target !== all) sync();
    });
    sync();
  }
  function init() {
    for (const form of document.querySelectorAll("form")) if (form.querySelector("[data-select-all]")) setUp(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
