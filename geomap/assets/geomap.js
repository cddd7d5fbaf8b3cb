/* geomap map runtime: builds the report layers from data the Python side has already escaped.
 * Every string that reaches innerHTML here was HTML-escaped by geomap (html.escape) before it
 * was JSON-encoded; this file never builds markup from article text itself. MIT licence. */
(function () {
  "use strict";
  var G = window.geomap = window.geomap || {};
  var POPUP = {maxWidth: 380, minWidth: 260, maxHeight: 340, className: "gm-popup",
               autoPanPaddingTopLeft: [20, 80], autoPanPaddingBottomRight: [250, 20]};

  // Panes bottom to top; areas get one each, by kind (bottom to top as given), so a besieged
  // town stays above - and clickable inside - the countryside or region drawn around it.
  G.panes = function (map, attribution, areaKinds) {
    map.attributionControl.addAttribution(attribution);
    var panes = [["gm-land", 150], ["gm-borders", 250], ["gm-citylabels", 390],
                 ["gm-movements", 420], ["gm-places", 430], ["gm-arrows", 440]];
    (areaKinds || []).forEach(function (k, i) { panes.push(["gm-area-" + k, 401 + i]); });
    panes.forEach(function (p) { map.createPane(p[0]).style.zIndex = p[1]; });
    map.getPane("gm-citylabels").style.pointerEvents = "none";
    map.getPane("gm-arrows").style.pointerEvents = "none";
    var zoomClass = function () {
      map.getContainer().classList.toggle("gm-lowzoom", map.getZoom() < 9);
    };
    map.on("zoomend", zoomClass);
    map.whenReady(zoomClass);
  };

  // Popups and labels come packed: «<N>» stands for the Nth piece of markup they all repeat
  // (geomap's own, given once by G.packed); each is unpacked when it is first shown.
  var PACKED = [];
  G.packed = function (map, pieces) { PACKED = pieces; };
  G.lazy = function (packed) {
    return function () {
      return packed.replace(/<(\d+)>/g, function (m, i) { return PACKED[+i]; });
    };
  };

  // The arrowheads and via points of a layer's movements, one SVG path per colour: a thousand
  // movements would otherwise be thousands of DOM markers, each with an <svg> of its own.
  // Drawn in screen pixels around each point, so they keep their size at every zoom.
  G.Glyphs = L.Path.extend({
    initialize: function (items, shape, options) {
      L.setOptions(this, options);
      this._items = items;
      this._shape = shape;
    },
    _project: function () {
      var map = this._map;
      this._pts = this._items.map(function (a) { return map.latLngToLayerPoint([a[0], a[1]]); });
    },
    _update: function () { if (this._map) { this._updatePath(); } },
    _updatePath: function () {
      var shape = this._shape, items = this._items;
      this._renderer._setPath(this, this._pts.map(function (p, i) {
        return shape(p, items[i]);
      }).join("") || "M0 0");
    }
  });

  // Outlines in the 24-unit box of an arrowhead pointing east with its tip on the point; both
  // wound the same way, so where two overlap the fill stays whole.
  var ARROW = [[0, 0], [-12, -7], [-8.5, 0], [-12, 7]];
  var BAR = [[-1.5, -7], [-1.5, 7], [1.5, 7], [1.5, -7]];
  G.arrowPath = function (p, a) {  // a: [lat, lon, screen angle°, size px, "arrow" | "bar"]
    var t = a[2] * Math.PI / 180, c = Math.cos(t), s = Math.sin(t), k = a[3] / 24;
    return "M" + (a[4] === "bar" ? BAR : ARROW).map(function (v) {
      return (p.x + k * (v[0] * c - v[1] * s)).toFixed(1) + " " +
             (p.y + k * (v[0] * s + v[1] * c)).toFixed(1);
    }).join("L") + "z";
  };
  G.viaPath = function (p, v) {  // v: [lat, lon, radius px]
    var r = v[2], arc = "a" + r + " " + r + " 0 1 0 ";
    return "M" + (p.x - r).toFixed(1) + " " + p.y.toFixed(1) + arc + 2 * r + " 0" + arc +
           -2 * r + " 0";
  };

  // r.ll: the movement's line (its class says its actor and status, and "geomap-partial" when
  // an end is missing); r.st: the faded stubs of a partial journey's missing ends, drawn in
  // the `stub` style; r.pt instead of a line: a journey within one place, drawn as a ring.
  G.movements = function (group, rows, stub) {
    var arrows = {}, vias = {};
    rows.forEach(function (r) {
      var popup = G.lazy(r.p);
      var own = r.pt
        ? L.circleMarker(r.pt, {radius: r.w + 4, color: r.c, weight: 2, opacity: r.o,
            dashArray: r.d, fill: false, className: r.cls, pane: "gm-movements"})
        : L.polyline(r.ll, {color: r.c, weight: r.w, opacity: r.o, dashArray: r.d,
            lineCap: "round", className: r.cls, pane: "gm-movements"});
      own.bindPopup(popup, POPUP).addTo(group);
      (r.st || []).forEach(function (s) {
        L.polyline(s, {color: r.c, weight: r.w, opacity: stub.o, dashArray: stub.d,
          lineCap: "round", className: "geomap-stub", pane: "gm-movements"})
          .bindPopup(popup, POPUP).addTo(group);
      });
      arrows[r.c] = (arrows[r.c] || []).concat(r.a);
      vias[r.c] = (vias[r.c] || []).concat(r.v.map(function (v) {
        return [v[0], v[1], Math.max(3, r.w / 2 + 1)];
      }));
    });
    Object.keys(arrows).forEach(function (c) {
      new G.Glyphs(arrows[c], G.arrowPath, {pane: "gm-arrows", interactive: false, color: "#fff",
        weight: 1, opacity: 1, fill: true, fillColor: c, fillOpacity: 1, fillRule: "nonzero",
        className: "geomap-arrows"}).addTo(group);
      if (vias[c].length) {
        new G.Glyphs(vias[c], G.viaPath, {pane: "gm-arrows", interactive: false, color: c,
          weight: 2, fill: true, fillColor: "#fff", fillOpacity: 1, fillRule: "nonzero",
          className: "geomap-via"}).addTo(group);
      }
    });
  };

  G.areas = function (group, rows) {
    rows.forEach(function (r) {
      L.geoJSON(r.g, {pane: r.pn, style: function () {
        return {color: r.c, weight: r.w, dashArray: r.d, fillColor: r.f, fillOpacity: r.fo,
                className: r.cls};
      }}).bindPopup(G.lazy(r.p), POPUP).addTo(group);
    });
  };

  // r: [lat, lon, kind, radius, fill, stroke, label, popup, joined by a movement, mentions]
  G.places = function (group, rows, opts) {
    var labelled = [];
    rows.forEach(function (r) {
      var m = L.circleMarker([r[0], r[1]], {radius: r[3], color: r[5], weight: 1.5,
        fillColor: r[4], fillOpacity: 1, className: "geomap-place geomap-kind-" + r[2],
        pane: "gm-places"});
      var permanent = opts.labels || (r[8] === 1 && opts.ends);
      m.bindTooltip(G.lazy(r[6]), {permanent: permanent, direction: "right", offset: [r[3], 0],
        className: "gm-label gm-label-" + r[2] + (r[8] === 1 ? " gm-label-end" : ""),
        opacity: 1});
      m.bindPopup(G.lazy(r[7]), POPUP).addTo(group);
      if (permanent) { labelled.push({m: m, r: r[3], end: r[8] === 1, n: r[9] || 1}); }
    });
    if (labelled.length) { G._labels = (G._labels || []).concat(labelled); }
  };

  // Labels that would cover one another: the places movements join are placed first (right or
  // left of their dot, above or below it, or a line or two up or down; always shown), then the
  // rest by mentions (right or left, else hidden until hovered). Run after every fit and zoom.
  var SPOTS = [["right", 1, 0, 0], ["left", -1, 0, 0], ["top", 0, -1, 0], ["bottom", 0, 1, 0],
               ["right", 1, 0, -1], ["right", 1, 0, 1], ["left", -1, 0, -1], ["left", -1, 0, 1],
               ["top", 0, -1, -1], ["bottom", 0, 1, 1], ["right", 1, 0, -2], ["right", 1, 0, 2],
               ["left", -1, 0, -2], ["left", -1, 0, 2]];
  G.declutter = function () {
    var labels = (G._labels || []).filter(function (l) { return l.m._map; });
    labels.sort(function (a, b) { return (b.end - a.end) || (b.n - a.n); });
    var taken = labels.filter(function (l) { return l.end; }).map(G._dot);
    labels.forEach(function (l) {
      var t = l.m.getTooltip(), el = t && t.getElement();
      if (!el) { return; }
      el.classList.remove("gm-label-hidden");
      var spots = l.end ? SPOTS : SPOTS.slice(0, 2);
      for (var i = 0; i < spots.length; i++) {
        var box = G._place(t, el, spots[i], l.r);
        if (!box.width) { return; }  // not shown at this zoom
        if (taken.every(function (o) { return !G._overlap(box, o); })) {
          taken.push(box);
          return;
        }
      }
      if (l.end) { taken.push(G._place(t, el, SPOTS[0], l.r)); }
      else { el.classList.add("gm-label-hidden"); }
    });
  };

  G._dot = function (l) {  // a place's dot on screen (its path may not be redrawn yet)
    var map = l.m._map, c = map.getContainer().getBoundingClientRect(),
        p = map.latLngToContainerPoint(l.m.getLatLng());
    return {left: c.left + p.x - l.r, right: c.left + p.x + l.r,
            top: c.top + p.y - l.r, bottom: c.top + p.y + l.r};
  };

  G._overlap = function (a, b) {
    return !(a.right <= b.left || a.left >= b.right || a.bottom <= b.top || a.top >= b.bottom);
  };

  // Puts a label at a spot [direction, x, y, lines down] round its dot; returns its box. (A
  // label hidden at the last zoom was placed with no size: it is placed again, whatever spot.)
  G._place = function (tooltip, el, spot, radius) {
    var o = tooltip.options, lines = spot[3] * (el.offsetHeight + 1);
    o.direction = spot[0];
    o.offset = [spot[1] * radius, spot[2] * radius + lines];
    tooltip.update();
    return el.getBoundingClientRect();
  };

  G.basemap = function (map, data) {
    var land = L.geoJSON(data.land, {pane: "gm-land", interactive: false, style: function (f) {
      return {stroke: false, fillColor: f.properties.home ? "#fbf9f4" : "#ece8df", fillOpacity: 1};
    }});
    var lines = L.geoJSON(data.lines, {pane: "gm-borders", interactive: false, style: function (f) {
      return f.properties.level === "country"
        ? {color: "#6b6b6b", weight: 1.3, opacity: 0.9, fill: false}
        : {color: "#9c958a", weight: 0.8, dashArray: "3 3", opacity: 0.9, fill: false};
    }});
    var labels = L.layerGroup(data.cities.map(function (c) {
      return L.marker([c[0], c[1]], {interactive: false, keyboard: false, pane: "gm-citylabels",
        icon: L.divIcon({html: c[2], className: "gm-city", iconSize: null, iconAnchor: [-4, 8]})});
    }));
    G.base = {outlines: L.layerGroup([land, lines]).addTo(map), cities: labels.addTo(map)};
  };

  G.control = function (map, groups, position, keyHtml) {
    var C = L.Control.extend({
      onAdd: function () {
        var box = L.DomUtil.create("div", "gm-layers leaflet-bar");
        var head = L.DomUtil.create("button", "gm-layers-head", box);
        head.type = "button"; head.textContent = "Layers and key";
        var small = map.getSize().x < 600;
        if (small) { box.classList.add("gm-closed"); }
        head.setAttribute("aria-expanded", String(!small));
        var body = L.DomUtil.create("div", "gm-layers-body", box);
        L.DomEvent.on(head, "click", function () {
          var open = box.classList.toggle("gm-closed") === false;
          head.setAttribute("aria-expanded", String(open));
        });
        groups.forEach(function (g, gi) { G._group(map, body, g, gi); });
        if (keyHtml) { L.DomUtil.create("div", "gm-key", body).innerHTML = keyHtml; }
        L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    new C({position: position || "topright"}).addTo(map);
  };

  G._group = function (map, body, g, gi) {
    var fs = L.DomUtil.create("fieldset", "gm-group" + (g.exclusive ? " gm-group-exclusive" : ""),
                              body);
    L.DomUtil.create("legend", "", fs).textContent = g.name;
    g.items.forEach(function (it) {
      var lab = L.DomUtil.create("label", "gm-item", fs);
      var input = L.DomUtil.create("input", "", lab);
      input.type = g.exclusive ? "radio" : "checkbox";
      input.name = "gm-group-" + gi;
      input.checked = map.hasLayer(it.layer);
      var sw = L.DomUtil.create("span", "gm-swatch", lab); sw.innerHTML = it.swatch || "";
      L.DomUtil.create("span", "gm-item-label", lab).textContent = it.label;
      L.DomEvent.on(input, "change", function () {
        if (g.exclusive) {
          g.items.forEach(function (o) { if (map.hasLayer(o.layer)) { map.removeLayer(o.layer); } });
        }
        if (input.checked) { map.addLayer(it.layer); } else { map.removeLayer(it.layer); }
      });
    });
  };

  // Frame the story, and frame it again whenever the map is resized until the reader moves
  // it: an embedded map (an iframe laid out late, lazily, or at a placeholder size) would
  // otherwise keep the zoom it was given at the wrong size.
  G.fit = function (map, bounds, maxZoom) {
    var fitting = false, moved = false;
    function fit() {
      var size = map.getSize(), wide = size.x >= 600;
      if (!size.x || !size.y) { return; }  // not laid out yet: the resize will come
      fitting = true;
      map.fitBounds(bounds, {animate: false, maxZoom: maxZoom,
        paddingTopLeft: wide ? [Math.min(290, size.x * 0.2), 90] : [20, 70],
        paddingBottomRight: wide ? [Math.min(380, size.x * 0.27), 30] : [20, 20]});
      fitting = false;
      G.declutter();
    }
    map.on("movestart zoomstart", function () { if (!fitting) { moved = true; } });
    map.on("resize", function () { if (!moved) { fit(); } });
    map.on("zoomend", function () { if (!fitting) { G.declutter(); } });
    if (window.ResizeObserver) {  // the container can change size without the window
      new ResizeObserver(function () { map.invalidateSize({animate: false}); })
        .observe(map.getContainer());
    }
    G.story = {map: map, bounds: L.latLngBounds(bounds)};
    fit();
  };

  G.box = function (map, html, position, cls) {
    var C = L.Control.extend({onAdd: function () {
      var div = L.DomUtil.create("div", "gm-box " + cls);
      div.innerHTML = html;
      var details = div.querySelector(":scope > details");
      if (details && map.getSize().x < 1000) { details.open = false; }
      L.DomEvent.disableClickPropagation(div); L.DomEvent.disableScrollPropagation(div);
      return div;
    }});
    new C({position: position}).addTo(map);
  };
})();
