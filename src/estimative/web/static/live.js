// The watchlists page's live feed: polls /api/alerts/live for alerts raised after the last one
// shown and prepends them. Each alert is shown once (keyed by its sequence number); every value
// goes in through textContent, never as HTML.
(function () {
  "use strict";
  var list = document.getElementById("live-feed");
  if (!list) return;
  var after = parseInt(list.dataset.after || "0", 10) || 0;
  var seen = new Set();
  var POLL_MS = 3000;

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value == null ? "" : String(value);
    if (cls) el.className = cls;
    return el;
  }

  function show(a) {
    if (seen.has(a.seq)) return;
    seen.add(a.seq);
    var e = a.event || {}, w = a.watchlist || {};
    var li = document.createElement("li");
    li.dataset.seq = a.seq;
    li.dataset.alert = a.alert_id || "";
    var link = document.createElement("a");
    link.href = "/incidents/" + encodeURIComponent(e.id || "");
    link.textContent = (e.sub_event_type || e.event_type || "incident") + " at " + (e.location || "unknown place");
    li.appendChild(text("span", a.raised_at, "muted"));
    li.appendChild(document.createTextNode(" · "));
    li.appendChild(text("strong", w.name));
    li.appendChild(document.createTextNode(" · "));
    li.appendChild(link);
    li.appendChild(text("span", " " + (e.date || "") + " · killed " + (e.fatalities == null ? "—" : e.fatalities) +
      " · " + (a.distance_km == null ? "" : a.distance_km + " km"), "muted"));
    list.insertBefore(li, list.firstChild);
    var empty = document.getElementById("live-empty");
    if (empty) empty.hidden = true;
  }

  function poll() {
    fetch(list.dataset.url + "?after=" + after, {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        (data.alerts || []).forEach(show);
        if (typeof data.last === "number" && data.last > after) after = data.last;
      })
      .catch(function () { /* the server is restarting: try again next time */ })
      .finally(function () { setTimeout(poll, POLL_MS); });
  }
  poll();
})();
