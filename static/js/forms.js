/* Forms: after a failed save, move the focus to the error summary at the top of the form
 * (core/templates/core/_error_summary.html), so a screen reader reads it and a phone user sees it,
 * and make its links put the caret in the field they name (an anchor alone only scrolls).
 * Loaded by the summary itself, possibly more than once: runs once. No inline script (CSP).
 */
(function () {
  "use strict";
  if (window.pcdFormsLoaded) { return; }
  window.pcdFormsLoaded = true;

  function focusField(id) {
    var field = document.getElementById(id);
    if (!field) { return false; }
    var details = field.closest("details");
    if (details) { details.open = true; }
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
    return true;
  }

  function start() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.scrollIntoView({ block: "center" });
    summary.focus({ preventScroll: true });
    document.querySelectorAll("[data-error-link]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var id = decodeURIComponent(link.getAttribute("href").slice(1));
        if (focusField(id)) { event.preventDefault(); }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
