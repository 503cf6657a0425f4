/* Layout behaviour every page shares (loaded by templates/base.html).
   A table wider than the window scrolls inside its .table-responsive box: make the box a named,
   focusable region so keyboard users can scroll it too (WCAG 2.1.1; axe "scrollable-region-focusable").
   The name is the table's caption, else the heading of its card, else a generic label from <body>. */
(function () {
  "use strict";
  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var card = box.closest(".card");
    var heading = card && card.querySelector(".card-header, h2, h3");
    if (heading && heading.textContent.trim()) return heading.textContent.trim().replace(/\s+/g, " ");
    return document.body.getAttribute("data-table-label") || "";
  }
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    if (!box.hasAttribute("role")) box.setAttribute("role", "region");
    if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) box.setAttribute("aria-label", nameOf(box));
  });
})();

/* The installable web app (issue 13): register the service worker (core/templates/core/sw.js), which
   keeps the app shell and the pages opened, and shows the offline page for the rest. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      /* no worker (private window, old browser): the portal works online as before */
    });
  });
})();
