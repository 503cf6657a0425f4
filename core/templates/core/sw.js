{% load static %}{% autoescape off %}/* The portal's service worker (issue 13), served at /sw.js by core.views.service_worker.
   - Precaches the app shell (vendored CSS/JS, the portal's CSS/JS, icons, /offline/) in a cache named
     after the shell's version (a hash of those files): a deploy that changes them installs a new
     worker, which deletes the old caches when it activates.
   - Pages (navigations): network first; kept in the page cache (by URL only, nothing of the user) and
     served from it when the network fails; else the offline page.
   - Static files: cache first.
   - Never kept: the API, anything but GET, the admin, the accounts pages, downloads, redirects.
     The page cache is emptied on logout and when the login page is shown (another user may follow).
   - The offline outbox (static/js/outbox.js, imported here): a form post of the outbox's forms that fails
     on the network stays queued and the outbox page is shown; Background Sync sends the queue. The
     outbox is in IndexedDB, not in a cache: a new version of this worker keeps it. */
"use strict";

var VERSION = "{{ version }}";
var SHELL_CACHE = "pcd-shell-" + VERSION;
var PAGE_CACHE = "pcd-pages-" + VERSION;
var SHELL_URLS = {{ shell_urls }};
var OFFLINE_URL = "{% url 'offline' %}";
var STATIC_PREFIX = {{ static_prefix }};
var OUTBOX_URL = "{% url 'outbox' %}";
importScripts("{% static 'js/outbox.js' %}");
var NEVER_KEPT = ["/api/", "/admin/", "/accounts/", "/i18n/", "/sw.js", "/manifest.webmanifest", "/healthz/"];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      // Through the HTTP cache: what the page just loaded is not downloaded twice (static names are
      // hashed in production, so a cached copy is the right one).
      .then(function (cache) { return cache.addAll(SHELL_URLS); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("pcd-") === 0 && name !== SHELL_CACHE && name !== PAGE_CACHE;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function forgetPages() {
  return caches.delete(PAGE_CACHE);
}

function startsWithAny(path, prefixes) {
  return prefixes.some(function (prefix) { return path.indexOf(prefix) === 0; });
}

function keepable(response) {
  var type = response.headers.get("Content-Type") || "";
  return response.ok && !response.redirected && response.type === "basic" && type.indexOf("text/html") === 0 &&
    !response.headers.has("Content-Disposition");
}

function page(event, url) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (keepable(response)) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGE_CACHE).then(function (cache) { return cache.put(url.pathname + url.search, copy); }));
    }
    return response;
  }).catch(function () {
    return caches.open(PAGE_CACHE)
      .then(function (cache) { return cache.match(url.pathname + url.search); })
      .then(function (kept) { return kept || caches.match(OFFLINE_URL); })
      .then(function (answer) { return answer || Response.error(); });
  });
}

function asset(event) {
  return caches.match(event.request).then(function (kept) {
    if (kept) return kept;
    return fetch(event.request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) { return cache.put(event.request, copy); }));
      }
      return response;
    });
  });
}

function isForm(request) {
  var type = request.headers.get("Content-Type") || "";
  return type.indexOf("application/x-www-form-urlencoded") === 0 || type.indexOf("multipart/form-data") === 0;
}

// A form posted by a page of the outbox's forms carries the key of the entry the page stored first
// (status "sending"): an answer from the server settles it, no answer leaves it queued and shows the outbox.
function formPost(request) {
  var key = request.clone().formData()
    .then(function (data) { return data.get("idempotency_key"); })
    .catch(function () { return null; });
  return key.then(function (key) {
    return fetch(request).then(function (response) {
      if (!key) return response;
      return self.pcdOutbox.settle(key).then(function () { return response; }, function () { return response; });
    }, function (error) {
      if (!key) throw error;
      return self.pcdOutbox.requeue(key).then(function (kept) {
        if (!kept) throw error;
        return Response.redirect(OUTBOX_URL, 303);
      });
    });
  });
}

// Keep a page the outbox needs offline (its own page), once, when a page online asks.
function keep(url) {
  return caches.open(PAGE_CACHE).then(function (cache) {
    return cache.match(url).then(function (kept) {
      if (kept) return null;
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        return keepable(response) ? cache.put(url, response) : null;
      });
    });
  }).catch(function () { /* offline: next time */ });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep" && typeof data.url === "string" && data.url === OUTBOX_URL) event.waitUntil(keep(data.url));
});

// Background Sync: the queue is sent even with no page open, for the user the server says is signed in.
self.addEventListener("sync", function (event) {
  if (event.tag === self.pcdOutbox.SYNC_TAG) event.waitUntil(self.pcdOutbox.sync(null));  // rejected offline: the browser tries again later
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // Logging out: the next person on this phone must not find the pages of this one.
    if (url.pathname === "{% url 'logout' %}") {
      event.waitUntil(forgetPages());
      return;
    }
    if (request.method === "POST" && request.mode === "navigate" && isForm(request)) event.respondWith(formPost(request));
    return;  // anything else: the network, as without a worker
  }
  if (url.pathname === "{% url 'login' %}") {
    event.waitUntil(forgetPages());
    return;
  }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(asset(event));
    return;
  }
  if (request.mode === "navigate" && !startsWithAny(url.pathname, NEVER_KEPT)) {
    event.respondWith(page(event, url));
  }
  // Anything else (the API, fragments fetched by scripts, downloads): the network, never kept.
});
{% endautoescape %}
