// /admin/settings, brand colour: keeps the picker and the hex field in step and repaints the preview
// with the palette the server will derive (src/lib/color.ts, same arithmetic). Without JavaScript
// both inputs are posted and the server picks the one that was changed; the preview shows the saved colour.
(() => {
  const picker = document.getElementById("f-colour_picker");
  const text = document.getElementById("f-colour");
  const preview = document.getElementById("colour-preview");
  if (!picker || !text || !preview) return;

  const parse = (hex) => {
    const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
    if (!m) return null;
    const d = m[1].length === 3 ? [...m[1]].map((c) => c + c).join("") : m[1];
    return `#${d.toLowerCase()}`;
  };
  const rgb = (hex) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const byte = (v) => Math.round(Math.min(255, Math.max(0, v)));
  const toHex = (c) => `#${c.map((v) => byte(v).toString(16).padStart(2, "0")).join("")}`;
  const mix = (a, b, t) => {
    const [x, y] = [rgb(a), rgb(b)];
    return toHex(x.map((v, i) => v + (y[i] - v) * t));
  };
  const lum = (hex) => {
    const [r, g, b] = rgb(hex).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => {
    const [x, y] = [lum(a), lum(b)];
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  const textOn = (fill) => {
    const l = lum(fill);
    const white = 1.05 / (l + 0.05);
    if (white >= 4.5 || white >= (l + 0.05) / 0.05) return "#ffffff";
    return contrast("#111418", fill) >= 4.5 ? "#111418" : "#000000";
  };
  const palette = (fill) => {
    const on = textOn(fill);
    const options = on === "#ffffff" ? [mix(fill, "#000000", 0.15), mix(fill, "#ffffff", 0.2)] : [mix(fill, "#000000", 0.1), mix(fill, "#ffffff", 0.3)];
    const hover = options.find((c) => c !== fill && contrast(c, on) >= 4.5) || fill;
    const soft = mix(fill, "#ffffff", 0.9);
    const surfaces = ["#ffffff", "#f4f6f9", soft];
    let accentText = "#000000";
    for (let step = 0; step <= 100; step++) {
      const candidate = mix(fill, "#000000", step / 100);
      if (surfaces.every((s) => contrast(candidate, s) >= 4.5)) {
        accentText = candidate;
        break;
      }
    }
    return { "--accent": fill, "--accent-hover": hover, "--on-accent": on, "--accent-soft": soft, "--accent-text": accentText };
  };
  // CSSOM custom properties, not a style attribute: allowed under style-src 'self'.
  const paint = (fill) => {
    for (const [name, value] of Object.entries(palette(fill))) preview.style.setProperty(name, value);
  };

  text.addEventListener("input", () => {
    const hex = parse(text.value);
    if (hex) {
      picker.value = hex;
      paint(hex);
    } else if (text.value.trim() === "") paint(picker.dataset.default || picker.value);
  });
  picker.addEventListener("input", () => {
    text.value = picker.value;
    paint(picker.value);
  });
  // The note says the preview waits for a save; with this script it does not.
  const note = document.getElementById("colour-preview-note");
  if (note) note.hidden = true;
  const initial = parse(text.value);
  if (initial) paint(initial);
})();
