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
