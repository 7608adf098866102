// Copy buttons: <button data-copy="input-id">. Progressive enhancement; the field stays selectable without JS.
document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
  if (!button) return;
  const field = document.getElementById(button.getAttribute("data-copy"));
  if (!field) return;
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    document.execCommand("copy");
  }
  const label = button.textContent;
  button.textContent = button.getAttribute("data-copied") || label;
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
});
