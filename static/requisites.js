// Card numbers on the requisites form are regrouped in fours while typed or pasted
// ("2200 1234 5678 9012"), keeping the caret after the same digit. The server strips spaces and
// dashes itself, so without this script the field works the same, just ungrouped.
(() => {
  function group(digits) {
    return (digits.match(/\d{1,4}/g) || []).join(" ");
  }
  function regroup(input) {
    const value = input.value;
    // Anything but digits, spaces and dashes is left for the server to explain.
    if (!/^[\d\s-]*$/.test(value)) return;
    const caret = input.selectionStart ?? value.length;
    const digitsBefore = value.slice(0, caret).replace(/\D/g, "").length;
    const next = group(value.replace(/\D/g, ""));
    if (next === value) return;
    input.value = next;
    let pos = 0;
    for (let seen = 0; pos < next.length && seen < digitsBefore; pos++) if (/\d/.test(next[pos])) seen++;
    if (document.activeElement === input) input.setSelectionRange(pos, pos);
  }
  document.addEventListener("input", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.hasAttribute("data-card-number")) regroup(input);
  });
})();
