// Lookout status page: filters rows as you type and refreshes them from /api/status.
// Everything from the agent is written with textContent, never innerHTML: target responses can
// contain markup. No libraries, no build step; served from the agent's jar.
"use strict";
(function () {
  // Every 10 s by default; ?refresh=SECONDS (at least 1) for a wall screen or a test.
  var asked = Number(new URL(window.location.href).searchParams.get("refresh"));
  var REFRESH_MS = asked >= 1 ? asked * 1000 : 10000;
  // Same map as StateStyle.java; a state word not listed shows as itself, in a neutral colour.
  var STATES = {
    ok: ["ok", "\u2713", "ok"],
    pending: ["warn", "!", "pending"],
    firing: ["bad", "\u2717", "firing"],
    silenced: ["muted", "~", "silenced"],
    unknown: ["neutral", "\u25cb", "waiting"]
  };
  var SPARK_W = 80, SPARK_H = 18, SVG = "http://www.w3.org/2000/svg";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function style(state) {
    return STATES[state] || ["neutral", "\u2022", state];
  }

  function latency(s) {
    if (s === undefined || s === null) return "\u2013";
    if (s < 0.01) return Math.round(s * 10000) / 10 + " ms";
    if (s < 1) return Math.round(s * 1000) + " ms";
    return Math.round(s * 100) / 100 + " s";
  }

  function uptime(r) {
    if (r === undefined || r === null) return "\u2013";
    return Math.floor(r * 10000) / 100 + " %";
  }

  function age(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    if (seconds < 60) return seconds + " s";
    if (seconds < 3600) return Math.floor(seconds / 60) + " min";
    if (seconds < 86400) return Math.floor(seconds / 3600) + " h";
    return Math.floor(seconds / 86400) + " d";
  }

  function list(items, none) {
    if (!items || items.length === 0) return el("span", "none", none);
    var ul = el("ul");
    items.forEach(function (i) { ul.appendChild(el("li", null, i)); });
    return ul;
  }

  function sparkline(samples) {
    if (!samples || samples.length < 2) return null;
    var max = Math.max.apply(null, samples), n = samples.length, pts = [];
    for (var i = 0; i < n; i++) {
      var y = max > 0 ? SPARK_H - 1 - samples[i] / max * (SPARK_H - 2) : SPARK_H - 1;
      pts.push(Math.round(i * SPARK_W / (n - 1)) + "," + Math.round(y * 10) / 10);
    }
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "spark");
    svg.setAttribute("viewBox", "0 0 " + SPARK_W + " " + SPARK_H);
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "latency over the window");
    var line = document.createElementNS(SVG, "polyline");
    line.setAttribute("points", pts.join(" "));
    svg.appendChild(line);
    return svg;
  }

  function row(t, now) {
    var st = style(t.state), tr = el("tr");
    tr.dataset.name = t.name;
    tr.dataset.type = t.type;
    tr.dataset.state = st[2];
    var name = el("td", "name"), link = el("a", null, t.name);
    link.href = "targets/" + encodeURIComponent(t.name);
    name.appendChild(link);
    if (t.checks) name.appendChild(el("div", "where", t.checks));
    var labels = Object.keys(t.labels || {}).sort();
    if (labels.length) {
      var ls = el("div", "labels");
      labels.forEach(function (k) {
        ls.appendChild(el("span", "label", k + "=" + t.labels[k]));
        ls.appendChild(document.createTextNode(" "));
      });
      name.appendChild(ls);
    }
    tr.appendChild(name);
    tr.appendChild(el("td", "type", t.type));
    var state = el("td", "st"), badge = el("span", "state s-" + st[0]), sym = el("span", null, st[1]);
    sym.setAttribute("aria-hidden", "true");
    badge.appendChild(sym);
    badge.appendChild(document.createTextNode(" " + st[2]));
    state.appendChild(badge);
    if (t.state_since) {
      state.appendChild(el("div", "since", "for " + age((now - Date.parse(t.state_since)) / 1000)));
    }
    if (t.last_probe_at) {
      var probed = el("div", "since probed", "probed " + age((now - Date.parse(t.last_probe_at)) / 1000) + " ago");
      probed.title = t.last_probe_at;
      state.appendChild(probed);
    }
    tr.appendChild(state);
    var findings = el("td", "findings");
    findings.appendChild(list((t.findings || []).map(function (f) { return f.message; }), "no findings"));
    tr.appendChild(findings);
    var lat = el("td", "latency"), l = t.latency || {};
    if (l.samples > 0) {
      var limits = [null, l.p95_limit_seconds, l.p99_limit_seconds];
      [l.p50_seconds, l.p95_seconds, l.p99_seconds].forEach(function (v, i) {
        if (i > 0) lat.appendChild(document.createTextNode(" / "));
        lat.appendChild(el("span", null, latency(v)));
        if (limits[i] !== null && limits[i] !== undefined) {
          var lim = el("span", "limit", "(\u2264 " + latency(limits[i]) + ")");
          lim.title = "expected below";
          lat.appendChild(document.createTextNode(" "));
          lat.appendChild(lim);
        }
      });
      var svg = sparkline(l.recent_seconds);
      if (svg) {
        lat.appendChild(svg);
        var scale = el("span", "scale", "max " + latency(Math.max.apply(null, l.recent_seconds)));
        scale.title = "the sparkline's top";
        lat.appendChild(scale);
      }
    } else {
      lat.textContent = "\u2013";
    }
    tr.appendChild(lat);
    var up = el("td", "uptime"), u = t.uptime || {};
    var windows = ["24h", "7d", "30d"].filter(function (w) { return u[w]; });
    if (windows.length) {
      windows.forEach(function (w, i) {
        if (i > 0) up.appendChild(document.createTextNode(" / "));
        var span = el("span", null, uptime(u[w].ratio));
        span.title = w + ": down " + age(u[w].down_seconds || 0) + ", unknown " + age(u[w].unknown_seconds || 0);
        up.appendChild(span);
      });
      (u.budgets || []).forEach(function (b) { up.appendChild(el("div", "budget", b.slo + " " + b.text)); });
    } else {
      up.textContent = "\u2013";
    }
    tr.appendChild(up);
    var detail = el("td", "detail");
    detail.appendChild(list((t.detail && t.detail.facts) || [], ""));
    tr.appendChild(detail);
    return tr;
  }

  function summary(s) {
    var p = document.getElementById("summary");
    p.textContent = s.targets + (s.targets === 1 ? " target: " : " targets: ");
    p.appendChild(el("b", "n-ok", s.healthy + " healthy"));
    p.appendChild(document.createTextNode(", "));
    p.appendChild(el("b", "n-bad", s.failing + " failing"));
    var rest = s.waiting > 0 ? ", " + s.waiting + " waiting for a first probe" : "";
    var alerts = Object.keys(s.alerts || {}).sort().map(function (k) {
      return s.alerts[k] + " " + k;
    });
    if (alerts.length) rest += " \u00b7 alerts: " + alerts.join(", ");
    p.appendChild(document.createTextNode(rest));
  }

  // Why the agent is not ready (overloaded, …): one line each, like the server renders them.
  function notReady(agent) {
    var box = document.getElementById("not-ready");
    if (!box) return;
    var reasons = (agent && agent.not_ready) || {};
    box.textContent = "";
    Object.keys(reasons).sort().forEach(function (name) {
      var p = el("p", "not-ready");
      p.appendChild(el("b", "", name));
      p.appendChild(document.createTextNode(": " + reasons[name]));
      box.appendChild(p);
    });
  }

  function applyFilter() {
    var input = document.getElementById("filter");
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var rows = document.querySelectorAll("#targets tbody tr"), shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var d = rows[i].dataset;
      var hay = (d.name + " " + d.type + " " + d.state).toLowerCase();
      var match = terms.every(function (t) { return hay.indexOf(t) >= 0; });
      rows[i].hidden = !match;
      if (match) shown++;
    }
    document.getElementById("shown").textContent =
      terms.length ? shown + " of " + rows.length + " shown" : "";
    var url = new URL(window.location.href);
    if (input.value) url.searchParams.set("filter", input.value);
    else url.searchParams.delete("filter");
    window.history.replaceState(null, "", url.toString());
  }

  function refresh() {
    fetch("api/status", { cache: "no-store", credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (data) {
        var now = Date.now(), body = document.createElement("tbody");
        data.targets.forEach(function (t) { body.appendChild(row(t, now)); });
        // One swap of the whole body: the browser paints once, no flicker, no scroll jump.
        var table = document.getElementById("targets");
        table.replaceChild(body, table.tBodies[0]);
        summary(data.summary);
        notReady(data.agent);
        applyFilter();
        document.getElementById("refreshed").textContent =
          "updated " + new Date(now).toLocaleTimeString();
      })
      .catch(function (e) {
        document.getElementById("refreshed").textContent =
          "refresh failed (" + e.message + "), retrying";
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("filter");
    input.addEventListener("input", applyFilter);
    applyFilter();
    document.documentElement.classList.add("js");
    window.setInterval(refresh, REFRESH_MS);
  });
})();
