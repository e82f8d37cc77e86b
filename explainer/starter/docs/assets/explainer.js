// Material marks its drawer and search checkboxes autocomplete="off" so that a browser restoring form state
// (Firefox, on reload) does not reopen the menu or search; HTML allows that attribute only on text inputs, so the
// build drops it (explainer/wall.py) and this closes a restored one, telling Material through a change event.
["__drawer", "__search"].forEach(function (id) {
  var box = document.getElementById(id);
  if (box && box.checked) {
    box.checked = false;
    box.dispatchEvent(new Event("change"));
  }
});

// Material's header buttons for the menu and for search are <label>s of hidden checkboxes: a mouse or a
// finger can use them, but Tab cannot reach them, and a label may not take the role of a button. On a phone,
// or a desktop zoomed in far enough to get the phone layout, a keyboard reader could then never open the
// navigation. This puts a real button, named as Material names the navigation and search, in each label's
// place; it presses the checkbox as the label did. The search dialog gets the same name (it had none).
(function () {
  function nameOf(selector) {
    var element = document.querySelector(selector);
    return element && element.getAttribute("aria-label");
  }
  var names = {__drawer: nameOf("nav.md-nav--primary"), __search: nameOf(".md-search__input")};
  var dialog = document.querySelector(".md-search[role=dialog]");
  if (dialog && names.__search) dialog.setAttribute("aria-label", names.__search);
  document.querySelectorAll("label.md-header__button[for]").forEach(function (label) {
    var box = document.getElementById(label.htmlFor);
    if (!box || !names[label.htmlFor]) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " ex-header-button";
    button.dataset.exFor = label.htmlFor;
    button.setAttribute("aria-label", names[label.htmlFor]);
    while (label.firstChild) button.appendChild(label.firstChild);  // Material's icon
    button.addEventListener("click", function (event) {
      event.stopPropagation();  // Material's own click handling on the header would undo it
      box.click();
    });
    label.hidden = true;
    label.after(button);
  });
})();

// Phones: each table row becomes a card, each cell labelled with its column's heading (explainer.css, below
// 600 px). Without JavaScript the tables scroll inside themselves with a shadow at the edge instead.
document.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
  var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
  if (!headings.length) return;
  table.querySelectorAll("tbody tr").forEach(function (row) {
    Array.prototype.forEach.call(row.children, function (cell, i) {
      if (headings[i]) cell.setAttribute("data-label", headings[i]);
    });
  });
  table.setAttribute("data-cards", "");  // not a class: Material styles only tables without one
});

// The timeline's "follow one state": the links go to each state's own timeline; here they filter this page's
// entries and markers instead, and a second press (or "Show all") shows everything again.
(function () {
  var links = document.querySelectorAll("a.ex-follow[data-state]");
  var entries = document.querySelectorAll(".md-content h3[data-states]");
  if (!links.length || !entries.length) return;
  var status = document.createElement("p");
  status.className = "ex-follow-status";
  status.setAttribute("role", "status");
  links[0].parentNode.after(status);
  function show(state) {
    var shown = 0;
    entries.forEach(function (heading) {
      var keep = !state || heading.getAttribute("data-states").split(" ").indexOf(state) >= 0;
      shown += keep ? 1 : 0;
      for (var el = heading; el && (el === heading || !/^H[23]$/.test(el.tagName)); el = el.nextElementSibling) el.hidden = !keep;
    });
    document.querySelectorAll(".ex-tl-mark[data-states]").forEach(function (mark) {
      mark.classList.toggle("ex-tl-dim", !!state && mark.getAttribute("data-states").split(" ").indexOf(state) < 0);
    });
    links.forEach(function (link) { link.setAttribute("aria-pressed", String(link.getAttribute("data-state") === state)); });
    status.textContent = state ? shown + " / " + entries.length : "";
  }
  links.forEach(function (link) {
    link.setAttribute("role", "button");
    link.setAttribute("aria-pressed", "false");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var state = link.getAttribute("data-state");
      show(link.getAttribute("aria-pressed") === "true" ? "" : state);
    });
  });
})();

// The sources' "Show only": each link jumps to its kind's group; here it also hides the other groups, and a
// second press shows them all again.
(function () {
  var links = document.querySelectorAll(".ex-kind-filter a[data-kind]");
  if (!links.length) return;
  var groups = document.querySelectorAll(".md-content h2[id^='kind-']");
  function show(kind) {
    groups.forEach(function (heading) {
      var keep = !kind || heading.id === "kind-" + kind;
      for (var el = heading; el && (el === heading || el.tagName !== "H2"); el = el.nextElementSibling) {
        if (el.classList.contains("footnote") || el.tagName === "DETAILS") break;
        el.hidden = !keep;
      }
    });
    links.forEach(function (link) { link.setAttribute("aria-pressed", String(link.getAttribute("data-kind") === kind)); });
  }
  links.forEach(function (link) {
    link.setAttribute("role", "button");
    link.setAttribute("aria-pressed", "false");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      show(link.getAttribute("aria-pressed") === "true" ? "" : link.getAttribute("data-kind"));
    });
  });
})();
