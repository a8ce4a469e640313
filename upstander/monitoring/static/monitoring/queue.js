// Keyboard shortcuts for the review queue: j/k move, x selects, Enter shows or hides the text.
(function () {
  "use strict";
  var current = -1;

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
  }

  function focusItem(index) {
    var list = items();
    if (!list.length) { return; }
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach(function (item) { item.classList.remove("current"); });
    list[current].classList.add("current");
    list[current].focus();
  }

  function typing(target) {
    var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
    return tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var list = items();
    if (!list.length) { return; }
    var focused = list.indexOf(document.activeElement);
    if (focused >= 0) { current = focused; }
    if (event.key === "j") { focusItem(current + 1); event.preventDefault(); }
    else if (event.key === "k") { focusItem(current - 1); event.preventDefault(); }
    else if (event.key === "x" && current >= 0) {
      var box = list[current].querySelector("input[type=checkbox]");
      if (box) { box.checked = !box.checked; }
      event.preventDefault();
    } else if (event.key === "Enter" && focused >= 0) {
      var details = list[current].querySelector("details");
      if (details) { details.open = !details.open; event.preventDefault(); }
    }
  });

  document.addEventListener("htmx:afterSwap", function () { current = -1; });
})();
