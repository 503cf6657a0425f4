/* Reports forms: keep what the officer typed on this device until the server has saved it.
 *
 * Every keystroke is copied to localStorage under the form's key and the version the page
 * was rendered from. If the page is reloaded, the connection drops or the tab closes before
 * saving, the typed values come back the next time the same version of the report is opened.
 * After a successful save the version changes (or the page says data-saved="1" with nothing
 * pending), so the copy is discarded. No inline script: loaded from {% block scripts %}.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-report-form]");
  if (!form || !window.localStorage) { return; }
  var base = "pcd:" + form.dataset.autosaveKey;
  var key = base + ":v" + (form.dataset.version || "0");
  var fields = form.querySelectorAll("input:not([type=hidden]), textarea, select");

  function read() {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write() {
    var data = {};
    fields.forEach(function (el) { if (el.name) { data[el.name] = el.value; } });
    try { window.localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full: ignore */ }
  }
  // Drop copies made from older versions of this report: the server has those values.
  for (var i = window.localStorage.length - 1; i >= 0; i--) {
    var k = window.localStorage.key(i);
    if (k && k.indexOf(base + ":v") === 0 && k !== key) { window.localStorage.removeItem(k); }
  }
  var saved = read();
  // A page rendered after a failed POST already shows what was typed: keep the copy, don't restore.
  if (saved && form.dataset.saved === "1") {
    var restored = false;
    fields.forEach(function (el) {
      if (el.name && Object.prototype.hasOwnProperty.call(saved, el.name) && saved[el.name] !== el.value) {
        el.value = saved[el.name];
        restored = true;
      }
    });
    var notice = form.querySelector("[data-restored-notice]");
    if (restored && notice) { notice.classList.remove("d-none"); }
  }
  form.addEventListener("input", write);
  form.addEventListener("change", write);
})();
