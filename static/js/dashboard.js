/* The committee's dashboard: the trend chart (Chart.js, fed by /api/v1/summaries/series/) and
   "compile now" (POST /api/v1/summaries/compile/, then its status polled every 2 s, bounded).
   Configuration comes from the json_script element #dashboard-config; no inline code (CSP). */
(function () {
  "use strict";

  var configElement = document.getElementById("dashboard-config");
  if (!configElement) { return; }
  var config = JSON.parse(configElement.textContent);
  var text = config.text || {};
  var canvas = document.getElementById("trend-chart");
  var select = document.getElementById("id_indicator");
  var empty = document.getElementById("chart-empty");
  var averageBox = document.getElementById("chart-average");
  var perBox = document.getElementById("chart-per");
  var chart = null;
  var loadCounter = 0;

  function seriesUrl(indicator) {
    var params = new URLSearchParams({ indicator: indicator, start: config.start, end: config.end });
    if (averageBox && averageBox.checked) { params.set("average", "7"); }
    if (perBox && perBox.checked) { params.set("per", "100000"); }
    if (config.ward) { params.set("ward", config.ward); }
    if (config.district) { params.set("district", config.district); }
    return config.seriesUrl + "?" + params.toString();
  }

  function datasets(series, label) {
    // The daily values (per 100,000 residents when asked), then the 7-day average when asked.
    // Days still open (today before its deadline) are partial: their line is dashed, their point hollow.
    var open = (series.dates || []).map(function (d) { return Boolean(config.openFrom) && d >= config.openFrom; });
    var sets = [{ label: label, data: series.values, borderColor: "#0d6efd",
      backgroundColor: "rgba(13, 110, 253, 0.15)", fill: !series.average, tension: 0.2, spanGaps: false, order: 1,
      pointRadius: series.values.length > 60 ? 0 : 3,
      pointBackgroundColor: open.map(function (o) { return o ? "#ffffff" : "#0d6efd"; }),
      segment: { borderDash: function (ctx) { return open[ctx.p1DataIndex] ? [4, 4] : undefined; } } }];
    if (series.average) {
      sets.push({ label: text.average || "7", data: series.average, borderColor: "#b02a37", borderDash: [6, 4],
        backgroundColor: "#b02a37", fill: false, tension: 0.2, spanGaps: false, pointRadius: 0, borderWidth: 2.5, order: 0 });
    }
    return sets;
  }

  function openCount(series) {
    return (series.dates || []).filter(function (d) { return Boolean(config.openFrom) && d >= config.openFrom; }).length;
  }

  function draw(series) {
    // The legend in the page's language, from the page; the API's name only for an unknown indicator.
    var labels = config.labels || {};
    var label = labels[series.indicator] || (series.name + (series.unit ? " (" + series.unit + ")" : ""));
    if (series.per) { label += ", " + (text.per || "/100000"); }
    if (!chart) {
      chart = new window.Chart(canvas, {
        type: "line",
        data: { labels: series.labels, datasets: datasets(series, label) },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          interaction: { mode: "index", intersect: false },
          scales: { y: { beginAtZero: true }, x: { ticks: { maxRotation: 0, autoSkip: true } } },
          plugins: { legend: { display: true } } }
      });
    } else {
      chart.data.labels = series.labels;
      chart.data.datasets = datasets(series, label);
      chart.update();
    }
    var hasData = series.values.some(function (v) { return v !== null; });
    if (empty) {
      empty.textContent = series.per && !series.population ? (text.noPopulation || "") : (text.noData || "");
      empty.classList.toggle("d-none", hasData);
    }
    canvas.setAttribute("aria-label", label);
    canvas.dataset.indicator = series.indicator;
    canvas.dataset.points = String(series.values.filter(function (v) { return v !== null; }).length);
    canvas.dataset.average = series.average ? String(series.average.filter(function (v) { return v !== null; }).length) : "";
    canvas.dataset.per = series.per ? String(series.per) : "";
    canvas.dataset.open = String(openCount(series));
  }

  function load(indicator) {
    if (!canvas || !window.Chart) { return; }
    var ticket = ++loadCounter;
    canvas.dataset.loading = "1";
    fetch(seriesUrl(indicator), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (series) {
        if (ticket !== loadCounter) { return; } // a newer choice is on its way
        draw(series);
        delete canvas.dataset.loading;
      })
      .catch(function () {
        if (empty) { empty.classList.remove("d-none"); }
        delete canvas.dataset.loading;
      });
  }

  if (select) {
    select.addEventListener("change", function () {
      config.indicator = select.value;
      var url = new URL(window.location.href);
      url.searchParams.set("indicator", select.value);
      window.history.replaceState(null, "", url.toString());
      load(select.value);
    });
  }
  [averageBox, perBox].forEach(function (box) {
    if (box) { box.addEventListener("change", function () { load(config.indicator); }); }
  });
  load(config.indicator);

  // ---- compile now -----------------------------------------------------------------------
  var form = document.getElementById("compile-form");
  var statusText = document.getElementById("compile-status");
  var progress = document.getElementById("compile-progress");
  var MAX_POLLS = 90; // 3 minutes at one poll every 2 s

  function setStatus(message, busy) {
    if (statusText) { statusText.textContent = message; }
    if (progress) { progress.classList.toggle("d-none", !busy); }
  }

  function formatTime(iso) {
    var d = new Date(iso);
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return pad(d.getHours()) + ":" + pad(d.getMinutes()) + " " + pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear();
  }

  function poll(url, count, button) {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.state === "SUCCESS") {
          setStatus((text.done || "%(time)s").replace("%(time)s", formatTime(status.compiled_at)), false);
          if (form) { form.dataset.state = "done"; }
          button.disabled = false;
          load(config.indicator);
        } else if (status.state === "FAILURE") {
          setStatus(text.failed || "", false);
          button.disabled = false;
        } else if (count >= MAX_POLLS) {
          setStatus(text.slow || "", false);
          button.disabled = false;
        } else {
          window.setTimeout(function () { poll(url, count + 1, button); }, 2000);
        }
      })
      .catch(function () { setStatus(text.failed || "", false); button.disabled = false; });
  }

  // The day is typed dd/mm/yyyy (or ddmmyyyy on a digits-only keypad); the API takes yyyy-mm-dd.
  function isoDate(text) {
    var m = /^\s*(\d{1,2})[\/.\- ]+(\d{1,2})[\/.\- ]+(\d{4})\s*$/.exec(text) || /^\s*(\d{2})(\d{2})(\d{4})\s*$/.exec(text);
    if (!m) { return text; } // ISO already, or a mistake the API reports
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return m[3] + "-" + pad(m[2]) + "-" + pad(m[1]);
  }

  if (form && window.fetch) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var data = new FormData(form);
      var body = { kind: data.get("kind"), period_start: isoDate(String(data.get("period_start") || "")) };
      if (config.district) { body.district = config.district; }
      button.disabled = true;
      form.dataset.state = "queued";
      setStatus(text.queued || "", true);
      fetch(config.compileUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json",
          "X-CSRFToken": data.get("csrfmiddlewaretoken") },
        body: JSON.stringify(body)
      })
        .then(function (response) {
          if (response.status !== 202) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (accepted) { poll(accepted.status_url, 0, button); })
        .catch(function () { setStatus(text.failed || "", false); button.disabled = false; });
    });
  }
})();
