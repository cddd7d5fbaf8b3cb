/* geomap archive runtime: the flows of an archive over time, a time control and filters that
 * work offline. Every popup here is built with DOM calls and textContent: article titles,
 * URLs and sources are data, never markup (a URL is a link only when it is http or https).
 * The area popups come from geomap as HTML it escaped itself (see geomap.js). MIT licence. */
(function () {
  "use strict";
  var G = window.geomap = window.geomap || {};
  var DAY = 86400000;
  var POPUP = {maxWidth: 400, minWidth: 280, maxHeight: 360, className: "gm-popup",
               autoPanPaddingTopLeft: [20, 80], autoPanPaddingBottomRight: [250, 20]};
  var WEB = /^https?:\/\/[^\s\x00-\x1f\x7f]+$/i;
  // a flow row: [line (flat lat, lon…), actor, status, partial, days (deltas), articles,
  //   journeys, count min, count max, names [origin, via…, destination], article refs,
  //   actor tally [[actor, n]…], status tally [[status, n]…], the flows drawn by the line
  //   [[first day, last day, articles]…]]: a route told in several periods is one line.
  var LINE = 0, ACT = 1, STA = 2, PART = 3, DAYS = 4, NART = 5, NMOV = 6, CMIN = 7, CMAX = 8,
      NAMES = 9, REFS = 10, ATALLY = 11, STALLY = 12, PERIODS = 13;

  function iso(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

  function el(tag, cls, parent, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function undelta(d) {
    var out = [], t = 0;
    for (var i = 0; i < d.length; i++) { t += d[i]; out.push(t); }
    return out;
  }

  function below(a, x) {  // how many of the sorted a are < x
    var lo = 0, hi = a.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (a[mid] < x) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  // Arrowheads of a line in the screen plane (Mercator at zoom 0): mid-way on each leg and
  // at the end ("bar" when the flow was blocked).
  function arrowsOf(map, ll, bar) {
    var pts = [], out = [];
    for (var i = 0; i + 1 < ll.length; i += 2) {
      pts.push(map.options.crs.latLngToPoint(L.latLng(ll[i], ll[i + 1]), 0));
    }
    for (var k = 0; k + 1 < pts.length; k++) {
      var a = pts[k], b = pts[k + 1], ang = Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI;
      if (a.x === b.x && a.y === b.y) { continue; }
      var last = k + 2 === pts.length, mid = map.options.crs.pointToLatLng(
        L.point(a.x + 0.55 * (b.x - a.x), a.y + 0.55 * (b.y - a.y)), 0);
      out.push([mid.lat, mid.lng, ang, "arrow"]);
      if (last) { out.push([ll[ll.length - 2], ll[ll.length - 1], ang, bar ? "bar" : "arrow"]); }
    }
    return out;
  }

  G.archive = function (map, data) {
    var A = G.arch = {map: map, data: data, flows: L.featureGroup().addTo(map),
                      areas: L.featureGroup().addTo(map)};
    var renderer = data.canvas ? L.canvas({pane: "gm-movements", tolerance: 4}) : undefined;
    A.rows = data.flows.map(function (f, i) {
      var ll = [];
      for (var k = 0; k + 1 < f[LINE].length; k += 2) { ll.push([f[LINE][k], f[LINE][k + 1]]); }
      var st = data.statuses[f[STA]], partial = f[PART] === 1;
      var line = L.polyline(ll, {color: data.colours[f[ACT]], weight: data.widths[1],
        opacity: partial ? data.stub.o : st.o, dashArray: partial ? data.stub.d : st.d,
        lineCap: "round", pane: "gm-movements", renderer: renderer,
        className: "geomap-flow geomap-actor-" + data.actors[f[ACT]] + " geomap-status-" +
                   st.key + (partial ? " geomap-partial" : "")});
      line.bindPopup(function () { return A.popup(i); }, POPUP);
      return {f: f, line: line, days: undelta(f[DAYS]), n: 0,
              arrows: arrowsOf(map, f[LINE], st.key === "blocked")};
    });
    A.glyphs = data.colours.map(function (c) {
      return new G.Glyphs([], G.arrowPath, {pane: "gm-arrows", interactive: false,
        color: "#fff", weight: 1, opacity: 1, fill: true, fillColor: c, fillOpacity: 1,
        fillRule: "nonzero", className: "geomap-arrows"}).addTo(A.flows);
    });
    A.areaRows = data.areas.map(function (r) {
      var layer = L.geoJSON(r.g, {pane: r.pn, style: function () {
        return {color: r.c, weight: r.w, dashArray: r.d, fillColor: r.f, fillOpacity: r.fo,
                className: r.cls};
      }}).bindPopup(G.lazy(r.p), POPUP);
      return {layer: layer, days: undelta(r.t), undated: r.u};
    });
    A.state = {step: "week", mode: "cumulative", window: 4, at: null,
               actors: data.actors.map(function () { return true; }),
               statuses: data.statuses.map(function () { return true; }), undated: true};
    G.timeline(map, A);
    A.update();
  };

  // The days [lo, hi] the control shows (null: no dated article at all).
  G.archRange = function (A) {
    var d = A.data, s = A.state;
    if (d.d0 === null) { return null; }
    var len = s.step === "week" ? 7 : 1, start = s.step === "week" ? d.w0 : d.d0;
    var hi = start + (s.at + 1) * len - 1, lo = s.mode === "window"
      ? start + (s.at - s.window + 1) * len : d.d0;
    return [Math.max(lo, d.d0), Math.min(hi, d.d1)];
  };

  G.archSteps = function (A) {
    var d = A.data;
    if (d.d0 === null) { return 0; }
    return A.state.step === "week" ? Math.floor((d.d1 - d.w0) / 7) + 1 : d.d1 - d.d0 + 1;
  };

  function inRange(days, range, undatedN, s) {
    if (!days.length) { return s.undated ? undatedN : 0; }
    if (!range) { return days.length; }
    return below(days, range[1] + 1) - below(days, range[0]);
  }

  // Show what the filters and the time control select: each flow with the articles that
  // tell it in the period, its width by how many they are.
  function update() {
    var A = this, s = A.state, range = G.archRange(A), items = A.glyphs.map(function () {
      return [];
    });
    var flows = 0, articles = 0;
    A.rows.forEach(function (r) {
      var f = r.f, n = 0;
      if (s.actors[f[ACT]] && s.statuses[f[STA]]) { n = inRange(r.days, range, f[NART], s); }
      r.n = n;
      if (!n) {
        if (A.flows.hasLayer(r.line)) { A.flows.removeLayer(r.line); }
        return;
      }
      var w = A.data.widths[Math.min(n, A.data.widths.length - 1)];
      if (r.w !== w) { r.line.setStyle({weight: w}); r.w = w; }
      if (!A.flows.hasLayer(r.line)) { A.flows.addLayer(r.line); }
      var size = Math.round(12 + 1.4 * w);
      r.arrows.forEach(function (a) { items[f[ACT]].push([a[0], a[1], a[2], size, a[3]]); });
      flows += 1; articles += n;
    });
    A.glyphs.forEach(function (g, i) { g._items = items[i]; if (g._map) { g.redraw(); } });
    A.areaRows.forEach(function (r) {
      var on = inRange(r.days, range, r.undated ? 1 : 0, s) > 0;
      if (on && !A.areas.hasLayer(r.layer)) { A.areas.addLayer(r.layer); }
      if (!on && A.areas.hasLayer(r.layer)) { A.areas.removeLayer(r.layer); }
    });
    A.shown = {flows: flows, articles: articles, range: range};
    if (A.onUpdate) { A.onUpdate(); }
  }

  G.archUpdate = update;

  // One flow's popup: what it is, when, how often told, then the articles listed for it
  // (those in the period first); every piece of text set as text.
  G.archPopup = function (A, i) {
    var d = A.data, r = A.rows[i], f = r.f, range = G.archRange(A);
    var box = el("div", "gm-pop gm-flow-pop");
    var names = f[NAMES].map(function (k) { return d.names[k]; });
    var h = el("h3", "", box, d.actorLabels[f[ACT]] + " · " + d.statuses[f[STA]].key);
    h.title = d.flowHint;
    var route = el("p", "gm-route", box);
    names.forEach(function (nm, k) {
      if (k) { el("span", "", route, " → "); }
      el("span", "", route, nm[0] || "?");
      if (nm[1]) { var b = el("bdi", "", route, " " + nm[1]); b.dir = "rtl"; b.lang = "ar"; }
    });
    var table = el("table", "", box);
    function row(k, v) {
      if (v === "" || v === null || v === undefined) { return; }
      var tr = el("tr", "", table);
      el("th", "", tr, k); el("td", "", tr, v);
    }
    var days = r.days;
    row("Period", days.length ? iso(days[0]) + (days[days.length - 1] !== days[0]
      ? " – " + iso(days[days.length - 1]) : "") : "undated");
    if (f[PERIODS].length > 1) {
      row("Flows", f[PERIODS].length + ": " + f[PERIODS].slice(0, 6).map(function (p) {
        return (p[0] === p[1] ? iso(p[0]) : iso(p[0]) + " – " + iso(p[1])) + " (" + p[2] + ")";
      }).join(", ") + (f[PERIODS].length > 6 ? ", …" : ""));
    }
    row("Articles", f[NART] + (range && days.length ? " (" + r.n + " in the period shown)" : ""));
    row("Journeys", f[NMOV]);
    row("Count told", f[CMIN] === null ? "" : (f[CMIN] === f[CMAX] ? f[CMIN].toLocaleString("en")
      : f[CMIN].toLocaleString("en") + " – " + f[CMAX].toLocaleString("en")));
    row("Actor types", f[ATALLY].map(function (t) {
      return d.actors[t[0]] + " ×" + t[1];
    }).join(", "));
    row("Statuses", f[STALLY].map(function (t) {
      return d.statuses[t[0]].key + " ×" + t[1];
    }).join(", "));
    if (f[PART] === 1) { row("Drawn", "partial: an end is not located"); }
    G.archArticles(A, box, f[REFS], range, f[NART]);
    return box;
  };

  G.archArticles = function (A, box, refs, range, total) {
    var d = A.data, inside = [], outside = [];
    refs.forEach(function (k) {
      var a = d.articles[k], day = a[0];
      var shown = range === null || day === null || (day >= range[0] && day <= range[1]);
      (shown ? inside : outside).push(a);
    });
    var list = inside.concat(outside);
    el("p", "gm-src gm-arts-head", box, total > list.length
      ? "Articles (" + list.length + " of " + total + " listed)" : "Articles");
    var ul = el("ul", "gm-articles", box);
    list.forEach(function (a) {
      var li = el("li", inside.indexOf(a) < 0 ? "gm-out" : "", ul);
      el("span", "gm-date", li, a[0] === null ? "undated" : iso(a[0]));
      li.appendChild(document.createTextNode(" "));
      var name = a[1] || a[4];
      if (a[2] && WEB.test(a[2])) {
        var link = el("a", "", li, name);
        link.href = a[2]; link.target = "_blank"; link.rel = "noopener noreferrer";
      } else {
        el("span", "gm-title", li, name);
        if (a[2]) { el("span", "gm-url", li, " " + a[2]); }
      }
      if (a[3] >= 0) { el("span", "gm-source", li, " · " + d.sources[a[3]]); }
    });
  };

  G.timeline = function (map, A) {
    A.update = update;
    A.popup = function (i) { return G.archPopup(A, i); };
    var C = L.Control.extend({onAdd: function () {
      var box = L.DomUtil.create("div", "gm-box gm-timeline");
      G.archControls(A, box);
      L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
      return box;
    }});
    new C({position: "bottomleft"}).addTo(map);
  };

  G.archControls = function (A, box) {
    var d = A.data, s = A.state, steps;
    var bar = el("div", "gm-tl-bar", box);
    var play = el("button", "gm-tl-play", bar, "▶");
    play.type = "button"; play.setAttribute("aria-label", "Play");
    var range = el("input", "gm-tl-range", bar);
    range.type = "range"; range.min = 0; range.setAttribute("aria-label", "Time");
    var label = el("span", "gm-tl-label", bar);
    var opts = el("div", "gm-tl-opts", box);
    var step = G.archSelect(opts, "gm-tl-step", [["week", "by week"], ["day", "by day"]]);
    var mode = G.archSelect(opts, "gm-tl-mode", [["cumulative", "cumulative"],
                                                  ["window", "window of"]]);
    var win = el("input", "gm-tl-window", opts);
    win.type = "number"; win.min = 1; win.max = 365; win.value = s.window;
    win.setAttribute("aria-label", "Window length");
    var unit = el("span", "gm-tl-unit", opts);
    var count = el("div", "gm-tl-count", box);
    if (d.d0 === null) { bar.style.display = "none"; opts.style.display = "none"; }
    function relabel() {
      var r = G.archRange(A);
      label.textContent = r ? (r[0] === r[1] ? iso(r[0]) : iso(r[0]) + " – " + iso(r[1])) : "";
      unit.textContent = s.step === "week" ? "weeks" : "days";
      win.disabled = s.mode !== "window";
      count.textContent = A.shown.flows.toLocaleString("en") + " flows · " +
        A.shown.articles.toLocaleString("en") + " tellings shown";
    }
    A.onUpdate = relabel;
    function restep(keepDay) {
      steps = G.archSteps(A);
      range.max = Math.max(steps - 1, 0);
      var start = s.step === "week" ? d.w0 : d.d0, len = s.step === "week" ? 7 : 1;
      s.at = keepDay === undefined ? steps - 1
        : Math.max(0, Math.min(steps - 1, Math.floor((keepDay - start) / len)));
      range.value = s.at;
    }
    restep();
    L.DomEvent.on(range, "input change", function () { s.at = +range.value; A.update(); });
    L.DomEvent.on(step, "change", function () {
      var r = G.archRange(A);
      s.step = step.value; restep(r ? r[1] : undefined); A.update();
    });
    L.DomEvent.on(mode, "change", function () { s.mode = mode.value; A.update(); });
    L.DomEvent.on(win, "input change", function () {
      s.window = Math.max(1, Math.floor(+win.value) || 1); A.update();
    });
    var timer = null;
    function stop() { clearInterval(timer); timer = null; play.textContent = "▶"; }
    L.DomEvent.on(play, "click", function () {
      if (timer) { stop(); return; }
      if (s.at >= steps - 1) { s.at = -1; }
      play.textContent = "❚❚";
      timer = setInterval(function () {
        if (s.at >= steps - 1) { stop(); return; }
        s.at += 1; range.value = s.at; A.update();
      }, d.playMs);
    });
    G.archFilters(A, el("div", "gm-tl-filters", box));
  };

  G.archSelect = function (parent, cls, options) {
    var sel = el("select", cls, parent);
    options.forEach(function (o) { var op = el("option", "", sel, o[1]); op.value = o[0]; });
    return sel;
  };

  // Check boxes for the actor types and statuses the flows have, and for undated flows.
  G.archFilters = function (A, box) {
    var d = A.data, s = A.state;
    function group(title, items, on, cls) {
      var fs = el("fieldset", "gm-tl-group " + cls, box);
      el("legend", "", fs, title);
      items.forEach(function (it, i) {
        if (!it.present) { return; }
        var lab = el("label", "gm-item", fs);
        var input = el("input", "", lab);
        input.type = "checkbox"; input.checked = true; input.value = it.key;
        var sw = el("span", "gm-swatch", lab); sw.innerHTML = it.swatch;  // geomap's own SVG
        el("span", "", lab, it.label);
        L.DomEvent.on(input, "change", function () { on(i, input.checked); A.update(); });
      });
    }
    group("Actor", d.actors.map(function (k, i) {
      return {key: k, label: d.actorLabels[i], swatch: d.actorSwatches[i], present: d.present.a[i]};
    }), function (i, v) { s.actors[i] = v; }, "gm-tl-actors");
    group("Status", d.statuses.map(function (st, i) {
      return {key: st.key, label: st.label, swatch: st.swatch, present: d.present.s[i]};
    }), function (i, v) { s.statuses[i] = v; }, "gm-tl-statuses");
    if (d.undated) {
      group("Undated", [{key: "undated", label: d.undated + " flows without a date",
        swatch: "", present: true}], function (i, v) { s.undated = v; }, "gm-tl-undated");
    }
  };
})();
