// The link form (views/links/link-form-page.tsx): preset buttons fill the analytics tags. Without JS
// the form shows a preset select instead, which the server applies to the empty fields.
(() => {
  const form = document.querySelector(".link-form");
  if (!form) return;
  const buttons = form.querySelector("[data-utm-presets]");
  const fallback = form.querySelector("[data-utm-preset-select]");
  if (!buttons || !fallback) return;
  buttons.hidden = false;
  fallback.hidden = true;
  // A disabled select is not submitted: the buttons have already filled the fields.
  for (const select of fallback.querySelectorAll("select")) select.disabled = true;

  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  buttons.append(status);

  buttons.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-utm-source]") : null;
    if (!button) return;
    const source = form.querySelector("#f-utm_source");
    const medium = form.querySelector("#f-utm_medium");
    if (source) source.value = button.getAttribute("data-utm-source") || "";
    if (medium) medium.value = button.getAttribute("data-utm-medium") || "";
    for (const other of buttons.querySelectorAll("[data-utm-source]")) other.setAttribute("aria-pressed", String(other === button));
    status.textContent = button.getAttribute("data-applied") || "";
  });
})();
