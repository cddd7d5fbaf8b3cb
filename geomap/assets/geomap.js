/* geomap map runtime: builds the report layers from data the Python side has already escaped.
 * Every string that reaches innerHTML here was HTML-escaped by geomap (html.escape) before it
 * was JSON-encoded; this file never builds markup from article text itself. MIT licence. */
(function () {
  "use strict";
  var G = window.geomap = window.geomap || {};
  var POPUP = {maxWidth: 380, minWidth: 260, maxHeight: 340, className: "gm-popup",
               autoPanPaddingTopLeft: [20, 80], autoPanPaddingBottomRight: [250, 20]};

  G.panes = function (map, attribution) {
    map.attributionControl.addAttribution(attribution);
    var panes = [["gm-land", 150], ["gm-borders", 250], ["gm-citylabels", 390],
                 ["gm-areas", 410], ["gm-movements", 420], ["gm-places", 430], ["gm-arrows", 440]];
    panes.forEach(function (p) { map.createPane(p[0]).style.zIndex = p[1]; });
    map.getPane("gm-citylabels").style.pointerEvents = "none";
    map.getPane("gm-arrows").style.pointerEvents = "none";
    var zoomClass = function () {
      map.getContainer().classList.toggle("gm-lowzoom", map.getZoom() < 9);
    };
    map.on("zoomend", zoomClass);
    map.whenReady(zoomClass);
  };

  G.arrowIcon = function (color, size, angle, kind) {
    var d = kind === "bar" ? "M-1.5,-7 L1.5,-7 L1.5,7 L-1.5,7 z"
                           : "M0,0 L-12,-7 L-8.5,0 L-12,7 z";
    var html = '<svg viewBox="-12 -12 24 24" width="' + size + '" height="' + size +
      '" style="transform:rotate(' + angle + 'deg)"><path d="' + d + '" fill="' + color +
      '" stroke="#fff" stroke-width="1" paint-order="stroke"/></svg>';
    return L.divIcon({html: html, className: "geomap-arrow", iconSize: [size, size],
                      iconAnchor: [size / 2, size / 2]});
  };

  G.movements = function (group, rows) {
    rows.forEach(function (r) {
      var line = L.polyline(r.ll, {color: r.c, weight: r.w, opacity: r.o, dashArray: r.d,
        lineCap: "round", className: r.cls, pane: "gm-movements"});
      line.bindPopup(r.p, POPUP).addTo(group);
      r.a.forEach(function (a) {
        L.marker([a[0], a[1]], {icon: G.arrowIcon(r.c, a[3], a[2], a[4]), interactive: false,
          keyboard: false, pane: "gm-arrows"}).addTo(group);
      });
      r.v.forEach(function (v) {
        L.circleMarker(v, {radius: Math.max(3, r.w / 2 + 1), color: r.c, weight: 2,
          fillColor: "#fff", fillOpacity: 1, className: "geomap-via", pane: "gm-arrows",
          interactive: false}).addTo(group);
      });
    });
  };

  G.areas = function (group, rows) {
    rows.forEach(function (r) {
      L.geoJSON(r.g, {pane: "gm-areas", style: function () {
        return {color: r.c, weight: r.w, dashArray: r.d, fillColor: r.f, fillOpacity: r.fo,
                className: r.cls};
      }}).bindPopup(r.p, POPUP).addTo(group);
    });
  };

  G.places = function (group, rows, opts) {
    rows.forEach(function (r) {
      var m = L.circleMarker([r[0], r[1]], {radius: r[3], color: r[5], weight: 1.5,
        fillColor: r[4], fillOpacity: 1, className: "geomap-place geomap-kind-" + r[2],
        pane: "gm-places"});
      m.bindTooltip(r[6], {permanent: opts.labels, direction: "right", offset: [r[3], 0],
        className: "gm-label gm-label-" + r[2], opacity: 1});
      m.bindPopup(r[7], POPUP).addTo(group);
    });
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

  G.fit = function (map, bounds, maxZoom) {
    var size = map.getSize(), wide = size.x >= 600;
    map.fitBounds(bounds, {animate: false, maxZoom: maxZoom,
      paddingTopLeft: wide ? [Math.min(290, size.x * 0.2), 90] : [20, 70],
      paddingBottomRight: wide ? [Math.min(380, size.x * 0.27), 30] : [20, 20]});
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
