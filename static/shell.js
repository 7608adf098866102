// Page chrome menus (views/layouts/nav.tsx, views/notifications/bell.tsx) are <details>, so they open
// and close without JavaScript. This only adds what people expect from a menu: a tap outside or
// Escape closes it (Escape gives the focus back to its summary). Nothing else depends on it.
(() => {
  const MENUS = "details.more-menu, details.bell";
  document.addEventListener("click", (event) => {
    for (const menu of document.querySelectorAll(`${MENUS}`)) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const menu of document.querySelectorAll(`${MENUS}`)) {
      if (!menu.open) continue;
      menu.open = false;
      if (menu.contains(document.activeElement)) menu.querySelector("summary")?.focus();
    }
  });
})();
