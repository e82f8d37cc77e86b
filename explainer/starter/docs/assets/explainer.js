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
// finger can use them, but Tab cannot reach them. On a phone, or a desktop zoomed in far enough to get the
// phone layout, a keyboard reader could then never open the navigation. This makes each one a button in
// the keyboard's order that Enter and Space press, named as Material names the navigation and search.
(function () {
  function nameOf(selector) {
    var element = document.querySelector(selector);
    return element && element.getAttribute("aria-label");
  }
  var names = {__drawer: nameOf("nav.md-nav--primary"), __search: nameOf(".md-search__input")};
  document.querySelectorAll("label.md-header__button[for]").forEach(function (label) {
    var box = document.getElementById(label.htmlFor);
    if (!box || !names[label.htmlFor]) return;
    label.tabIndex = 0;
    label.setAttribute("role", "button");
    label.setAttribute("aria-label", names[label.htmlFor]);
    label.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        event.stopPropagation();  // Material's own Enter handling on labels would toggle it back
        box.click();
      }
    });
  });
})();
