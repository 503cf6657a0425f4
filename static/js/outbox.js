/* The offline outbox (issue 13): what an officer enters without the network waits on the phone, then is sent.
 *
 * Entries live in IndexedDB ("pcd-outbox", store "entries", key = the entry's idempotency key), each
 * with the id of the user who made it: a page shows and sends only the signed-in user's (its
 * <meta name="pcd-user">), the service worker only those of the user the server says is signed in.
 * IndexedDB is not a cache: a new service worker, a logout or "cache" cleared by the server keep it.
 *
 * An entry: {key, user, url, label, fields: [[name, value], ...], queuedAt, status, errors, report}
 *   status "queued" (waiting for the network), "sending" (posted by the page, the worker removes it when
 *   the server answers), "refused" (a rule broken: errors), "conflict" (report: the id of the report
 *   that changed meanwhile or holds the period). A stored record that is not such an entry is shown
 *   raw on the outbox page ("unreadable"), never dropped.
 *
 * Sending: fresh CSRF token and the signed-in user from /outbox/session/ (401: log in again, keep all),
 * then each entry is posted to its form's URL with its key (the server does it once, whatever the
 * repeats) and the X-Outbox header. A redirect is success; a form back with errors is a refusal; a
 * report conflict (X-Conflict-Report) opens the comparison on the outbox page.
 *
 * Loaded by every page (templates/base.html) and by the service worker (importScripts, Background Sync):
 * the page part below runs only where there is a document.
 */
(function (global) {
  "use strict";
  var DB_NAME = "pcd-outbox";
  var STORE = "entries";
  var SESSION_URL = "/outbox/session/";
  var OUTBOX_URL = "/outbox/";
  var LOGIN_PATH = "/accounts/login/";
  var SYNC_TAG = "pcd-outbox";
  var SENDING_STALE_MS = 60 * 1000;
  var NOT_THE_ENTRY = ["csrfmiddlewaretoken", "idempotency_key"];

  // ---- storage -----------------------------------------------------------------------------------
  var dbPromise = null;
  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = global.indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { dbPromise = null; reject(request.error); };
      });
    }
    return dbPromise;
  }
  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }
  // Every record with its store key: [{id, raw}]
  function records() {
    return withStore("readonly", function (store) {
      var out = { result: [] };
      store.openCursor().onsuccess = function (event) {
        var cursor = event.target.result;
        if (cursor) { out.result.push({ id: cursor.key, raw: cursor.value }); cursor.continue(); }
      };
      return out;
    });
  }
  function put(entry) { return withStore("readwrite", function (store) { store.put(entry, entry.key); }); }
  function putRaw(id, raw) { return withStore("readwrite", function (store) { store.put(raw, id); }); }
  function remove(id) { return withStore("readwrite", function (store) { store.delete(id); }); }
  function get(id) { return withStore("readonly", function (store) { return store.get(id); }); }

  function isEntry(raw) {
    return !!raw && typeof raw === "object" && typeof raw.key === "string" && raw.key.length > 0 &&
      typeof raw.url === "string" && raw.url.charAt(0) === "/" && Array.isArray(raw.fields) &&
      raw.fields.every(function (pair) {
        return Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string" && typeof pair[1] === "string";
      }) && typeof raw.queuedAt === "string";
  }
  function ownerOf(raw) {
    return raw && typeof raw === "object" && raw.user !== undefined && raw.user !== null ? String(raw.user) : null;
  }
  // This user's records: {entries: [...], unreadable: [{id, raw}]}
  function mine(user) {
    return records().then(function (all) {
      var out = { entries: [], unreadable: [] };
      all.forEach(function (record) {
        if (user === null || ownerOf(record.raw) !== String(user)) return;
        if (isEntry(record.raw)) out.entries.push(record.raw);
        else out.unreadable.push(record);
      });
      out.entries.sort(function (a, b) { return a.queuedAt < b.queuedAt ? -1 : 1; });
      return out;
    });
  }
  function newKey() {
    if (global.crypto && global.crypto.randomUUID) return global.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    global.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // ---- sending -----------------------------------------------------------------------------------
  function pathOf(url) { try { return new URL(url, global.location.href).pathname; } catch (e) { return ""; } }

  function session() {
    return fetch(SESSION_URL, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401 || response.status === 403 || pathOf(response.url) === LOGIN_PATH) return { expired: true };
        if (!response.ok) throw new Error("session " + response.status);
        return response.json();
      });
  }

  function errorsIn(html) {
    var found = [];
    if (global.DOMParser) {
      var doc = new global.DOMParser().parseFromString(html, "text/html");
      doc.querySelectorAll(".invalid-feedback, .errorlist li, .alert-danger li, .alert-danger p, #main .text-danger").forEach(function (el) {
        var text = el.textContent.replace(/\s+/g, " ").trim();
        var field = el.closest(".mb-3, fieldset, .form-group");
        var label = field && field.querySelector("label, legend");
        var name = label ? label.textContent.replace(/\s+/g, " ").replace(/\*$/, "").trim() : "";
        if (text) found.push(name && text.indexOf(name) !== 0 ? name + ": " + text : text);
      });
    } else {
      var re = /class="(?:invalid-feedback|text-danger)[^"]*"[^>]*>([\s\S]*?)<\/(?:div|span|p|li)>/g;
      var match;
      while ((match = re.exec(html))) found.push(match[1].replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim());
    }
    return found.filter(function (text, i) { return text && found.indexOf(text) === i; });
  }

  // One entry to the server: {kind: "sent", url} | "login" | "conflict" (report) | "refused" (errors) | "later"
  function sendOne(entry, token) {
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) { if (NOT_THE_ENTRY.indexOf(pair[0]) < 0) body.append(pair[0], pair[1]); });
    body.append("csrfmiddlewaretoken", token);
    body.append("idempotency_key", entry.key);
    return fetch(entry.url, {
      method: "POST", body: body, credentials: "same-origin", redirect: "follow",
      headers: { "X-Outbox": "1", "X-CSRFToken": token },
    }).then(function (response) {
      if (pathOf(response.url) === LOGIN_PATH || response.status === 403) return { kind: "login" };
      if (response.redirected && response.ok) return { kind: "sent", url: response.url };
      if (response.status >= 500 || response.status === 429) return { kind: "later" };
      var conflict = response.headers.get("X-Conflict-Report");
      return response.text().then(function (html) {
        if (conflict) return { kind: "conflict", report: conflict, errors: errorsIn(html) };
        return { kind: "refused", errors: errorsIn(html) };
      });
    });
  }

  var running = null;
  // Send the waiting entries of the signed-in user (``user``: the page's; null in the worker: the server's).
  // Resolves {expired, results: [{entry, outcome}]}; rejects when the network is down.
  function sync(user) {
    // One at a time; a call during a run starts another after it (an entry stored meanwhile is sent too).
    if (running) return running.then(function () { return sync(user); }, function () { return sync(user); });
    running = session().then(function (who) {
      if (who.expired) return { expired: true, results: [] };
      if (user !== null && String(who.user) !== String(user)) return { expired: false, results: [] };
      return mine(who.user).then(function (own) {
        var now = Date.now();
        var due = own.entries.filter(function (e) {
          return e.status === "queued" || (e.status === "sending" && now - Date.parse(e.sentAt || e.queuedAt) > SENDING_STALE_MS);
        });
        var results = [];
        var stop = false;
        return due.reduce(function (chain, entry) {
          return chain.then(function () {
            if (stop) return null;
            return sendOne(entry, who.csrf).then(function (outcome) {
              results.push({ entry: entry, outcome: outcome });
              if (outcome.kind === "sent") return remove(entry.key);
              if (outcome.kind === "login" || outcome.kind === "later") { stop = true; return null; }
              entry.status = outcome.kind;
              entry.errors = outcome.errors || [];
              if (outcome.report) entry.report = outcome.report;
              return put(entry);
            });
          });
        }, Promise.resolve()).then(function () {
          return { expired: results.some(function (r) { return r.outcome.kind === "login"; }), results: results };
        });
      });
    });
    var done = function () { running = null; };
    running.then(done, done);
    return running;
  }

  // The worker's side of a page's post (core/templates/core/sw.js): the server answered, the entry is done
  // (sent, or shown back with its errors); no answer, it waits in the outbox.
  function settle(key) {
    return get(key).then(function (raw) { return raw && raw.status === "sending" ? remove(key) : null; });
  }
  function requeue(key, again) {
    return get(key).then(function (raw) {
      if (!raw && !again) {  // the page may still be storing it
        return new Promise(function (resolve) { setTimeout(resolve, 300); }).then(function () { return requeue(key, true); });
      }
      if (!raw) return false;
      raw.status = "queued";
      return put(raw).then(function () { return true; });
    });
  }

  var api = {
    sync: sync, mine: mine, put: put, putRaw: putRaw, remove: remove, get: get, newKey: newKey,
    settle: settle, requeue: requeue, isEntry: isEntry, SYNC_TAG: SYNC_TAG, OUTBOX_URL: OUTBOX_URL,
  };
  global.pcdOutbox = api;
  if (typeof document === "undefined") return;

  // ---- the page ----------------------------------------------------------------------------------
  var meta = document.querySelector("meta[name=pcd-user]");
  var user = meta ? meta.getAttribute("content") : null;
  var badge = document.querySelector("[data-outbox-badge]");
  if (!user || !badge || !global.indexedDB) return;
  var words = badge.dataset;

  function notice(text, tone, link) {
    var box = document.createElement("div");
    box.className = "alert alert-" + (tone || "info");
    box.setAttribute("role", "status");
    box.setAttribute("data-testid", "outbox-notice");
    box.textContent = text;
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.className = "ms-1";
      a.textContent = link.text;
      box.appendChild(a);
    }
    var content = document.getElementById("content") || document.body;
    content.insertBefore(box, content.firstChild);
    return box;
  }

  function refreshBadge() {
    return mine(user).then(function (own) {
      var n = own.entries.length + own.unreadable.length;
      badge.hidden = n === 0;
      badge.querySelector("[data-outbox-count]").textContent = String(n);
      return own;
    });
  }

  function loginLink() {
    return { href: words.loginUrl + "?next=" + encodeURIComponent(global.location.pathname + global.location.search), text: words.loginLink };
  }

  function report(outcome) {
    if (outcome.expired) notice(words.login, "warning", loginLink());
    outcome.results.forEach(function (r) {
      var kind = r.outcome.kind;
      if (kind === "sent") notice(words.sent + " " + (r.entry.label || r.entry.url), "success", { href: r.outcome.url, text: "›" });
      else if (kind === "refused") notice((r.entry.label || "") + " — " + words.refused, "danger", { href: OUTBOX_URL, text: badge.textContent.trim() });
      else if (kind === "conflict") notice((r.entry.label || "") + " — " + words.conflict, "warning", { href: OUTBOX_URL, text: badge.textContent.trim() });
    });
  }

  function syncNow() {
    if (!navigator.onLine) return Promise.resolve(null);
    return sync(user).then(function (outcome) {
      report(outcome);
      return refreshBadge().then(function () {
        document.dispatchEvent(new CustomEvent("pcd-outbox-synced", { detail: outcome }));
        return outcome;
      });
    }, function () { return null; /* the network is down: later */ });
  }

  function askBackgroundSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register(SYNC_TAG);
      return null;
    }).catch(function () { /* no Background Sync: sent on the next page load or when the network returns */ });
  }

  // -- the forms sent through the outbox: <form data-outbox data-outbox-label="...">
  function fieldsOf(form, submitter) {
    var data = new FormData(form);
    var fields = [];
    data.forEach(function (value, name) {
      if (typeof value === "string" && NOT_THE_ENTRY.indexOf(name) < 0) fields.push([name, value]);
    });
    if (submitter && submitter.name) {
      fields = fields.filter(function (pair) { return pair[0] !== submitter.name; });
      fields.push([submitter.name, submitter.value]);
    }
    return fields;
  }

  function fill(form, entry) {
    var byName = {};
    entry.fields.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || NOT_THE_ENTRY.indexOf(el.name) >= 0 || el.type === "submit" || el.type === "file") return;
      var values = byName[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") el.checked = values.indexOf(el.value) >= 0;
      else if (el.multiple) Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) >= 0; });
      else if (values.length) el.value = values[0];
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function showOfflineButtons() {
    document.querySelectorAll("[data-outbox-offline]").forEach(function (el) { el.hidden = navigator.onLine; });
    document.querySelectorAll("[data-outbox-online]").forEach(function (el) { el.hidden = !navigator.onLine; });
  }

  document.querySelectorAll("form[data-outbox]").forEach(function (form) {
    var keyInput = form.querySelector("input[name=idempotency_key]");
    var opened = new URLSearchParams(global.location.search).get("outbox");
    if (opened) {
      // Opened from the outbox page to correct a refused entry: its values and the server's words.
      get(opened).then(function (raw) {
        if (!isEntry(raw) || ownerOf(raw) !== String(user)) return;
        form.setAttribute("data-outbox-entry", raw.key);
        fill(form, raw);
        if (raw.errors && raw.errors.length) {
          var box = notice(words.refused, "danger");
          var list = document.createElement("ul");
          list.className = "mb-0";
          list.setAttribute("data-testid", "outbox-errors");
          raw.errors.forEach(function (text) { var li = document.createElement("li"); li.textContent = text; list.appendChild(li); });
          box.appendChild(list);
        }
      });
    }
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      var controlled = "serviceWorker" in navigator && navigator.serviceWorker.controller;
      if (navigator.onLine && !controlled && !form.dataset.outboxEntry) return;  // as without the outbox
      var action = form.getAttribute("action") || global.location.pathname + global.location.search;
      var url = new URL(action, global.location.href);
      url.searchParams.delete("outbox");
      var entry = {
        key: form.dataset.outboxEntry || newKey(), user: user, url: url.pathname + url.search,
        label: form.dataset.outboxLabel || document.title, fields: fieldsOf(form, submitter),
        queuedAt: new Date().toISOString(), status: navigator.onLine ? "sending" : "queued", errors: [],
      };
      if (navigator.onLine) {
        // Online: the browser posts the form as usual, with the entry's key; the entry is stored meanwhile,
        // the worker drops it when the server answers and keeps it queued if the network fails on the way
        // (core/templates/core/sw.js). Without a worker, the next page load resends it (done once).
        entry.sentAt = entry.queuedAt;
        if (keyInput) keyInput.value = entry.key;
        put(entry).catch(function () { /* no storage (private window): posted as usual */ });
        return;
      }
      event.preventDefault();
      put(entry).then(function () {
        delete form.dataset.outboxEntry;
        if (keyInput) keyInput.value = newKey();
        refreshBadge().then(function () {
          notice(words.queued, "warning", { href: OUTBOX_URL, text: badge.textContent.trim() });
        });
        askBackgroundSync();
        global.scrollTo(0, 0);
      });
    });
  });
  showOfflineButtons();

  // -- logging out with entries waiting: warn, offer to send first
  document.querySelectorAll("form[action='/accounts/logout/']").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.confirmed) return;
      event.preventDefault();
      mine(user).then(function (own) {
        if (!own.entries.length && !own.unreadable.length) { form.dataset.confirmed = "1"; form.submit(); return; }
        var box = notice(words.logoutWarning, "warning");
        box.setAttribute("data-testid", "logout-warning");
        var row = document.createElement("div");
        row.className = "d-flex flex-wrap gap-2 mt-2";
        var send = document.createElement("button");
        send.type = "button";
        send.className = "btn btn-primary";
        send.textContent = words.sendFirst;
        send.setAttribute("data-testid", "send-first");
        var anyway = document.createElement("button");
        anyway.type = "button";
        anyway.className = "btn btn-outline-danger";
        anyway.textContent = words.logoutAnyway;
        anyway.setAttribute("data-testid", "logout-anyway");
        row.appendChild(send);
        row.appendChild(anyway);
        box.appendChild(row);
        send.addEventListener("click", function () {
          box.remove();
          syncNow().then(function () {
            return mine(user);
          }).then(function (left) {
            if (!left.entries.length && !left.unreadable.length) { form.dataset.confirmed = "1"; form.submit(); }
          });
        });
        anyway.addEventListener("click", function () { form.dataset.confirmed = "1"; form.submit(); });
        global.scrollTo(0, 0);
      });
    });
  });

  // -- the outbox page
  var page = document.querySelector("[data-outbox-page]");
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function when(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getHours()) + ":" + two(d.getMinutes()) + " " + two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear();
  }
  function button(text, tone, testid) {
    var b = el("button", "btn btn-sm btn-" + tone, text);
    b.type = "button";
    b.setAttribute("data-testid", testid);
    return b;
  }

  function compare(entry, card) {
    var place = card.querySelector("[data-compare]");
    place.textContent = "";
    var url = "/reports/" + encodeURIComponent(entry.report) + "/edit/";
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) throw new Error("not editable");
      return response.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var form = doc.querySelector("form[data-report-form]");
      if (!form) throw new Error("no form");
      var table = el("table", "table table-sm small mb-2");
      table.setAttribute("data-testid", "conflict-table");
      var head = el("tr");
      [page.dataset.field, page.dataset.server, page.dataset.mine].forEach(function (t) { head.appendChild(el("th", "", t)); });
      table.appendChild(el("thead")).appendChild(head);
      var body = table.appendChild(el("tbody"));
      entry.fields.forEach(function (pair) {
        if (pair[0] === "action" || pair[0] === "version") return;
        var field = form.elements[pair[0]];
        var theirs = field && field.value !== undefined ? field.value : "";
        if (!theirs && !pair[1]) return;
        var label = field && field.id ? doc.querySelector("label[for='" + field.id + "']") : null;
        var row = el("tr", theirs === pair[1] ? "" : "table-warning");
        row.setAttribute("data-field", pair[0]);
        row.appendChild(el("td", "", label ? label.textContent.replace(/\s+/g, " ").replace(/\*$/, "").trim() : pair[0]));
        row.appendChild(el("td", "", theirs)).setAttribute("data-side", "server");
        row.appendChild(el("td", "", pair[1])).setAttribute("data-side", "mine");
        body.appendChild(row);
      });
      var box = el("div", "table-responsive");
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", page.dataset.compare);
      box.appendChild(table);
      place.appendChild(box);
      var keep = button(page.dataset.keepServer, "outline-secondary", "keep-server");
      var use = button(page.dataset.useMine, "primary", "use-mine");
      var row = el("div", "d-flex flex-wrap gap-2");
      row.appendChild(keep);
      row.appendChild(use);
      place.appendChild(row);
      keep.addEventListener("click", function () { remove(entry.key).then(render); });
      use.addEventListener("click", function () {
        var version = form.elements.version ? form.elements.version.value : "";
        var canSubmit = !!form.querySelector("button[value=review], button[value=submit]");
        var fields = entry.fields.filter(function (pair) { return pair[0] !== "action" && pair[0] !== "version"; });
        fields.push(["version", version]);
        fields.push(["action", canSubmit ? "submit" : "save"]);
        var edit = {
          key: newKey(), user: user, url: url, label: entry.label, fields: fields,
          queuedAt: entry.queuedAt, status: "queued", errors: [],
        };
        put(edit).then(function () { return remove(entry.key); }).then(syncNow).then(render);
      });
    }).catch(function () {
      place.appendChild(el("p", "text-danger small mb-0", page.dataset.compareFailed));
    });
  }

  function render() {
    if (!page) return Promise.resolve();
    var list = page.querySelector("[data-outbox-list]");
    return refreshBadge().then(function (own) {
      list.textContent = "";
      page.querySelector("[data-outbox-empty]").hidden = own.entries.length + own.unreadable.length > 0;
      own.entries.forEach(function (entry) {
        var card = el("div", "card");
        card.setAttribute("data-testid", "outbox-entry");
        card.setAttribute("data-status", entry.status);
        var bodyBox = card.appendChild(el("div", "card-body"));
        bodyBox.appendChild(el("div", "fw-semibold", entry.label || entry.url));
        bodyBox.appendChild(el("div", "small text-body-secondary", page.dataset.queuedAt + ": " + when(entry.queuedAt)))
          .setAttribute("data-testid", "outbox-queued-at");
        var tone = { refused: "text-danger", conflict: "text-warning-emphasis" }[entry.status] || "";
        bodyBox.appendChild(el("div", "small fw-semibold " + tone, page.dataset["status" + entry.status.charAt(0).toUpperCase() + entry.status.slice(1)] || entry.status));
        if (entry.errors && entry.errors.length) {
          var ul = bodyBox.appendChild(el("ul", "small text-danger mb-2"));
          entry.errors.forEach(function (t) { ul.appendChild(el("li", "", t)); });
        }
        bodyBox.appendChild(el("div", "mb-2")).setAttribute("data-compare", "");
        var actions = bodyBox.appendChild(el("div", "d-flex flex-wrap gap-2"));
        if (entry.status === "refused") {
          var open = el("a", "btn btn-sm btn-primary", page.dataset.correct);
          open.href = entry.url + (entry.url.indexOf("?") < 0 ? "?" : "&") + "outbox=" + encodeURIComponent(entry.key);
          open.setAttribute("data-testid", "outbox-correct");
          actions.appendChild(open);
        } else if (entry.status === "conflict") {
          var cmp = actions.appendChild(button(page.dataset.compare, "primary", "outbox-compare"));
          cmp.addEventListener("click", function () { compare(entry, card); });
        } else {
          var send = actions.appendChild(button(page.dataset.send, "primary", "outbox-send"));
          send.addEventListener("click", function () { syncNow().then(render); });
        }
        var drop = actions.appendChild(button(page.dataset.discard, "outline-danger", "outbox-discard"));
        drop.addEventListener("click", function () {
          if (global.confirm(page.dataset.discardConfirm)) remove(entry.key).then(render);
        });
        list.appendChild(card);
      });
      own.unreadable.forEach(function (record) {
        var card = el("div", "card border-danger");
        card.setAttribute("data-testid", "outbox-unreadable");
        var bodyBox = card.appendChild(el("div", "card-body"));
        bodyBox.appendChild(el("div", "fw-semibold text-danger", page.dataset.statusCorrupt));
        var raw;
        try { raw = JSON.stringify(record.raw, null, 1); } catch (e) { raw = String(record.raw); }
        bodyBox.appendChild(el("pre", "small bg-body-secondary p-2 text-wrap text-break", raw)).setAttribute("data-testid", "outbox-raw");
        var drop = bodyBox.appendChild(button(page.dataset.discard, "outline-danger", "outbox-discard"));
        drop.addEventListener("click", function () {
          if (global.confirm(page.dataset.discardConfirm)) remove(record.id).then(render);
        });
        list.appendChild(card);
      });
    });
  }

  // -- when to send: each page load, the network coming back; keep the outbox page for offline use
  global.addEventListener("online", function () { showOfflineButtons(); syncNow().then(changed); });
  global.addEventListener("offline", showOfflineButtons);
  // The list is drawn again only when the sync changed something (a comparison being read stays open).
  function changed(outcome) { return outcome && (outcome.results.length || outcome.expired) ? render() : null; }
  refreshBadge().then(render).then(syncNow).then(changed);
  if ("serviceWorker" in navigator && navigator.onLine) {
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "keep", url: OUTBOX_URL });
    }).catch(function () { /* no worker */ });
  }
})(typeof self !== "undefined" ? self : this);
