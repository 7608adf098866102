// Landing editor enhancements; the forms work without this file (views/landings/*).
// 1. Theme colour: a native colour picker next to the hex field, and typing a hex selects «own colour».
// 2. Preview: the button takes the theme colour. Public pages set --theme in a nonce-allowed <style>;
//    here it is set through the CSSOM (not a style attribute, which the CSP refuses), read from the
//    band the preview draws, after every htmx swap.
// 3. Images: drag-over highlight on the drop zone and thumbnails of the chosen files before upload.
//    Thumbnails are data: URLs (the CSP allows img-src 'self' data:, not blob:), drawn small on a canvas.
// Texts come from data-text-* attributes: this file has no words of its own.
(() => {
  const HEX = /^#[0-9a-fA-F]{6}$/;

  function colourParts(from) {
    const field = from.closest(".swatch-field");
    if (!field) return null;
    return {
      radio: field.querySelector("[data-custom-radio]"),
      hex: field.querySelector("[data-hex-input]"),
      picker: field.querySelector("[data-color-picker]"),
    };
  }

  function showCustom(parts, value) {
    if (parts.radio) parts.radio.checked = true;
    if (!HEX.test(value)) return;
    const hex = value.toLowerCase();
    if (parts.picker && parts.picker.value !== hex) parts.picker.value = hex;
  }

  for (const picker of document.querySelectorAll("[data-color-picker]")) picker.hidden = false;

  document.addEventListener("input", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    if (target.type === "radio" && target.name === "theme_color" && !target.matches("[data-custom-radio]")) {
      // A swatch: the hex box and the picker follow it, so «own colour» starts from what is shown.
      const parts = colourParts(target);
      if (parts?.hex) parts.hex.value = target.value;
      if (parts?.picker) parts.picker.value = target.value;
    } else if (target.matches("[data-hex-input]")) {
      const parts = colourParts(target);
      if (parts) showCustom(parts, target.value.trim());
    } else if (target.matches("[data-color-picker]")) {
      const parts = colourParts(target);
      if (!parts) return;
      // The picker has no name: the hex field is what the form sends (and htmx previews on this input).
      if (parts.hex) parts.hex.value = target.value;
      showCustom(parts, target.value);
    }
  });

  // --- preview colour ---
  function paintPreview(preview) {
    const fill = preview.querySelector(".lp-band-bg rect")?.getAttribute("fill");
    if (!fill || !HEX.test(fill)) return;
    const dark = preview.querySelector(".lp-band-dark") !== null;
    preview.style.setProperty("--theme", fill);
    preview.style.setProperty("--theme-text", dark ? "#fff" : "#111");
  }
  const preview = document.getElementById("landing-preview");
  if (preview) {
    paintPreview(preview);
    new MutationObserver(() => paintPreview(preview)).observe(preview, { childList: true, subtree: true });
  }

  // --- images ---
  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
  }

  function formatSize(bytes, texts) {
    const mb = bytes / (1024 * 1024);
    const number = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });
    return mb >= 1 ? `${number.format(mb)} ${texts.textMb}` : `${number.format(Math.max(1, Math.round(bytes / 1024)))} ${texts.textKb}`;
  }

  async function thumbnail(file) {
    if ("createImageBitmap" in window) {
      try {
        const bitmap = await createImageBitmap(file);
        const scale = Math.min(1, 240 / Math.max(bitmap.width, bitmap.height));
        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(bitmap.width * scale));
        canvas.height = Math.max(1, Math.round(bitmap.height * scale));
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        bitmap.close();
        return canvas.toDataURL("image/jpeg", 0.8);
      } catch {
        // Not decodable here (the server says why on upload); fall back to the file itself.
      }
    }
    return new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(typeof reader.result === "string" ? reader.result : null);
      reader.onerror = () => resolve(null);
      reader.readAsDataURL(file);
    });
  }

  function showChosen(input) {
    const box = input.form?.querySelector("[data-upload-previews]");
    if (!box) return;
    const texts = box.dataset;
    const maxFiles = Number(input.dataset.maxFiles) || Infinity;
    const maxBytes = (Number(input.dataset.maxMb) || Infinity) * 1024 * 1024;
    const files = Array.from(input.files || []);
    box.replaceChildren();
    if (files.length === 0) return;
    const summary = document.createElement("p");
    summary.textContent = fill(texts.textChosen, { n: files.length });
    box.append(summary);
    if (files.length > maxFiles) {
      const warning = document.createElement("p");
      warning.className = "is-bad";
      warning.textContent = fill(texts.textTooMany, { max: maxFiles });
      box.append(warning);
    }
    const list = document.createElement("ul");
    list.className = "upload-thumbs";
    for (const file of files) {
      const item = document.createElement("li");
      const img = document.createElement("img");
      img.alt = "";
      img.width = 88;
      img.height = 88;
      const name = document.createElement("span");
      name.className = "upload-name";
      name.textContent = file.name;
      name.title = file.name;
      const size = document.createElement("span");
      size.className = file.size > maxBytes ? "upload-size is-bad" : "upload-size";
      size.textContent = file.size > maxBytes ? fill(texts.textTooBig, { mb: input.dataset.maxMb }) : formatSize(file.size, texts);
      item.append(img, name, size);
      list.append(item);
      void thumbnail(file).then((url) => {
        if (url) img.src = url;
      });
    }
    box.append(list);
  }

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.type === "file" && target.closest("[data-dropzone]")) showChosen(target);
  });

  for (const zone of document.querySelectorAll("[data-dropzone]")) {
    const input = zone.querySelector('input[type="file"]');
    let depth = 0;
    const off = () => {
      depth = 0;
      zone.classList.remove("is-dragover");
    };
    zone.addEventListener("dragenter", (event) => {
      if (!event.dataTransfer || !Array.from(event.dataTransfer.types).includes("Files")) return;
      depth += 1;
      zone.classList.add("is-dragover");
    });
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    });
    zone.addEventListener("dragleave", () => {
      depth -= 1;
      if (depth <= 0) off();
    });
    zone.addEventListener("drop", (event) => {
      off();
      if (!input || !event.dataTransfer || event.dataTransfer.files.length === 0) return;
      // The browser would also fill the input when the drop lands on it; doing it here covers the whole zone.
      event.preventDefault();
      input.files = event.dataTransfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }
})();
