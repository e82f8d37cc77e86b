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
