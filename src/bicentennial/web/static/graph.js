/* Graph canvas: Cytoscape.js over /api/network/expand; a keyboard-usable node list mirrors it. */
(function () {
  "use strict";
  var G = window.BIC_GRAPH, statusEl = document.getElementById("graph-status");
  var colours = {Person: "#0b5cad", Company: "#8a4baf", Organization: "#8a4baf", LegalEntity: "#8a4baf",
    CriminalOrganization: "#a4000f", BankAccount: "#b36b00", Firearm: "#2f6b2f", Seizure: "#c0392b",
    FirearmTrace: "#2f6b2f", ExtraditionCase: "#5b6470", Vehicle: "#6b5b2f"};
  var cy = cytoscape({
    container: document.getElementById("cy"),
    style: [
      {selector: "node", style: {"label": "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 120,
        "background-color": function (n) { return colours[n.data("schema")] || "#5b6470"; }, "width": 18, "height": 18}},
      // on a sanctions list (a published OFAC entry): a red double ring, before :selected so selection shows
      {selector: "node[?listed]", style: {"border-width": 4, "border-style": "double", "border-color": "#d4351c"}},
      {selector: "node:selected", style: {"border-width": 3, "border-color": "#ffbf47"}},
      {selector: "node.seed", style: {"width": 26, "height": 26}},
      {selector: "edge", style: {"width": 1.5, "line-color": "#9aa5b1", "curve-style": "bezier", "font-size": 8,
        "target-arrow-shape": function (e) { return e.data("directed") ? "triangle" : "none"; }, "target-arrow-color": "#9aa5b1"}}
    ],
    wheelSensitivity: 0.3,
    maxZoom: 2.5  // a lone node must not fill the canvas
  });
  window.bicCy = cy;
  function say(text) { statusEl.textContent = text; }
  function refreshList() {
    var ul = document.getElementById("node-list"); ul.innerHTML = "";
    cy.nodes().sort(function (a, b) { return (a.data("label") || "").localeCompare(b.data("label") || ""); }).forEach(function (n) {
      var li = document.createElement("li"), a = document.createElement("a"), b = document.createElement("button");
      a.href = "/entity/" + encodeURIComponent(n.id());
      a.textContent = (n.data("label") || n.id()) + (n.data("listed") ? " (" + G.text.listed + ")" : "");
      a.title = n.data("schema") || ""; a.setAttribute("data-node", n.id());
      b.type = "button"; b.textContent = G.text.expand; b.setAttribute("aria-label", G.text.expand + " " + a.textContent);
      b.addEventListener("click", function () { expand(n.id()); });
      a.addEventListener("focus", function () { cy.$(":selected").unselect(); n.select(); });
      li.appendChild(a); li.appendChild(b); ul.appendChild(li);
    });
    document.getElementById("node-count").textContent = cy.nodes().length;
    say(G.text.shown.replace("{nodes}", cy.nodes().length).replace("{edges}", cy.edges().length));
  }
  function relayout() {
    var positioned = G.layout && G.layout.positions;
    if (positioned && cy.nodes().every(function (n) { return positioned[n.id()]; })) {
      cy.nodes().forEach(function (n) { n.position(positioned[n.id()]); }); cy.fit(undefined, 30); return;
    }
    cy.layout({name: "cose", animate: false, nodeDimensionsIncludeLabels: true, randomize: false}).run();
  }
  function add(elements, seed) {
    var added = cy.add((elements.nodes || []).filter(function (n) { return cy.getElementById(n.data.id).empty(); })
      .concat((elements.edges || []).filter(function (e) { return cy.getElementById(e.data.id).empty(); })));
    if (seed) { cy.getElementById(seed).addClass("seed"); }
    return added;
  }
  function expand(id, hops) {
    say(G.text.loading);
    var h = hops || document.getElementById("graph-hops").value;
    return fetch("/api/network/expand/" + encodeURIComponent(id) + "?hops=" + h, {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw r; } return r.json(); })
      .then(function (data) { add(data.elements, id); relayout(); refreshList(); })
      .catch(function () { say(G.text.notVisible); });
  }
  function resolve(value) {
    if (!value) { return Promise.resolve(null); }
    return fetch("/api/search?q=" + encodeURIComponent(value) + "&limit=1", {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : {results: []}; })
      .then(function (d) { return d.results && d.results.length ? d.results[0].id : value; });
  }
  document.getElementById("graph-form").addEventListener("submit", function () {
    var v = document.getElementById("graph-entity").value.trim();
    if (!cy.getElementById(v).empty()) { expand(v); return; }
    resolve(v).then(function (id) { if (id) { expand(id); } });
  });
  document.getElementById("graph-fit").addEventListener("click", function () { cy.fit(undefined, 30); });
  document.getElementById("graph-clear").addEventListener("click", function () { cy.elements().remove(); refreshList(); });
  var save = document.getElementById("graph-save");
  if (save) {
    save.addEventListener("click", function () {
      var positions = {};
      cy.nodes().forEach(function (n) { positions[n.id()] = n.position(); });
      fetch("/api/investigations/" + encodeURIComponent(G.investigation) + "/layout", {method: "PUT",
        credentials: "same-origin", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({positions: positions})}).then(function (r) { if (r.ok) { say(G.text.saved); } });
    });
  }
  cy.on("dbltap", "node", function (ev) { expand(ev.target.id()); });
  document.getElementById("cy").setAttribute("tabindex", "0");
  document.getElementById("cy").addEventListener("keydown", function (ev) {
    var sel = cy.$("node:selected");
    if (ev.key === "Enter" && sel.length) { expand(sel[0].id()); }
  });
  var seeds = G.seeds || [];
  seeds.reduce(function (p, id) { return p.then(function () { return expand(id, seeds.length > 1 ? 1 : undefined); }); }, Promise.resolve());
})();
