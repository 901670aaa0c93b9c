/* Live alert inbox (issue 6): poll the JSON feed and swap the inbox, flags and banner in place.
 * No framework, no inline script (CSP). The element with data-alert-feed holds the feed URL and
 * the interval; when the feed cannot be reached the "live updates paused" notice is shown, so a
 * screen is never silently stale. */
(function () {
  "use strict";
  var root = document.querySelector("[data-alert-feed]");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-alert-feed");
  var interval = parseInt(root.getAttribute("data-poll-ms") || "5000", 10);
  var baseTitle = document.title;
  var failures = 0;

  function swap(id, html) {
    var el = document.getElementById(id);
    if (el && typeof html === "string" && el.innerHTML !== html) { el.innerHTML = html; }
  }

  function show(data) {
    swap("alert-inbox", data.inbox_html);
    swap("alert-flags", data.flags_html);
    swap("alert-banner", data.banner_html);
    swap("guardian-alerts", data.alerts_html);
    var unread = data.unread || 0;
    var badge = document.getElementById("alert-unread");
    if (badge) { badge.textContent = unread > 0 ? String(unread) : ""; badge.hidden = unread === 0; }
    document.title = (unread > 0 ? "(" + unread + ") " : "") + baseTitle;
  }

  function offline(on) {
    var note = document.getElementById("alert-offline");
    if (note) { note.hidden = !on; }
  }

  function tick() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) { failures = 0; offline(false); show(data); })
      .catch(function () { failures += 1; if (failures >= 2) { offline(true); } })
      .then(function () { window.setTimeout(tick, interval); });
  }

  window.setTimeout(tick, interval);
}());
