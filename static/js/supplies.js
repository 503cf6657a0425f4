/* Supplies pages: the "available" hint on stock forms and the per-1,000 chart. No inline code (CSP). */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // Stock forms: show what the chosen store holds of the chosen item, next to the quantity.
  function availabilityHint() {
    var data = readJSON("stock-availability");
    var label = readJSON("stock-available-label");
    var holder = document.getElementById("id_holder");
    var item = document.getElementById("id_item");
    var hint = document.getElementById("available-hint");
    if (!data || !label || !holder || !item || !hint) return;
    function update() {
      var key = holder.value + ":" + item.value;
      if (!holder.value || !item.value || !(key in data)) {
        hint.hidden = true;
        return;
      }
      hint.textContent = label.replace("%(n)s", data[key].toLocaleString("vi-VN"));
      hint.hidden = false;
    }
    holder.addEventListener("change", update);
    item.addEventListener("change", update);
    update();
  }

  // Distribution totals: a bar per ward of the item per 1,000 residents.
  function perThousandChart() {
    var canvas = document.getElementById("per-1000-chart");
    var data = readJSON("per-1000-data");
    if (!canvas || !data || typeof window.Chart === "undefined") return;
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: data.label, data: data.values, backgroundColor: "#0d6efd" }] },
      options: { indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: true } } }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    availabilityHint();
    perThousandChart();
  });
})();
