/* Inspection record form: show the fine amount only with a fine and the correct-by date only
   with a violation; pick a sensible action when the result changes. No inline scripts (CSP). */
(function () {
  "use strict";
  var form = document.querySelector("[data-testid=record-form]");
  if (!form) { return; }
  var action = form.querySelector("select[name=action]");
  var fine = form.querySelector("[data-show-when=fine]");
  var violation = form.querySelector("[data-show-when=violation]");

  function result() {
    var checked = form.querySelector("input[name=result]:checked");
    return checked ? checked.value : "";
  }

  function update() {
    var isViolation = result() === "violation";
    if (fine) { fine.hidden = !(action && action.value === "fine"); }
    if (violation) { violation.hidden = !isViolation; }
    if (action) {
      Array.prototype.forEach.call(action.options, function (option) {
        var compliantOnly = option.value === "none";
        var violationOnly = ["warning", "fine", "closure"].indexOf(option.value) !== -1;
        option.disabled = (isViolation && compliantOnly) || (result() === "compliant" && violationOnly);
      });
      if (action.selectedOptions.length && action.selectedOptions[0].disabled) {
        action.value = isViolation ? "warning" : "none";
      }
    }
  }

  form.addEventListener("change", update);
  update();
})();

/* Team form: "Add a member" appends an outside-member row from the formset's empty form.
   Without JavaScript the form still offers one empty row per save. */
(function () {
  "use strict";
  var form = document.querySelector("[data-testid=team-form]");
  if (!form) { return; }
  var add = form.querySelector("[data-formset-add]");
  var rows = form.querySelector("[data-formset-rows]");
  var empty = form.querySelector("template[data-formset-empty]");
  var total = form.querySelector("input[name$=TOTAL_FORMS]");
  if (!add || !rows || !empty || !total) { return; }
  add.hidden = false;
  add.addEventListener("click", function () {
    var index = parseInt(total.value, 10) || 0;
    var html = empty.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input[type=text]");
    if (first) { first.focus(); }
  });
})();

/* Establishment picker (plan a visit): a search box filters the select's options by name or ward
   as one types, accents ignored ("ho nam" finds "Hồ Nam"); the chosen option always stays. The
   options are taken out of the select rather than hidden, so phones' native pickers list only the
   matches. Without JavaScript the box stays hidden and the whole list is offered. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-searchable-select]"), function (box) {
    var input = box.querySelector("[data-select-filter]");
    var select = box.querySelector("select");
    var count = box.querySelector("[data-select-count]");
    if (!input || !select) { return; }
    var all = Array.prototype.map.call(select.options, function (option) {
      return { option: option, key: fold(option.text) };
    });
    var template = count ? (count.getAttribute("data-template") || "") : "";
    input.hidden = false;
    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      var current = select.value;
      while (select.options.length) { select.remove(0); }
      all.forEach(function (entry) {
        var blank = entry.option.value === "";
        var match = blank || entry.option.value === current || words.every(function (w) { return entry.key.indexOf(w) !== -1; });
        if (match) {
          select.add(entry.option);
          if (!blank) { shown += 1; }
        }
      });
      select.value = current;
      if (count) {
        count.hidden = words.length === 0;
        count.textContent = template.replace("__N__", String(shown));
      }
    }
    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // Enter picks the first match instead of sending the form
        event.preventDefault();
        var first = Array.prototype.find.call(select.options, function (o) { return o.value !== ""; });
        if (first) { select.value = first.value; select.dispatchEvent(new Event("change", { bubbles: true })); }
      }
    });
  });
})();
