// Fields of the case's form: a field holding a formula (=21376 / (9 * 52)) is shown wide
// while it is typed, so the whole formula stays visible. No inline handlers (CSP).
(function () {
  "use strict";
  function mark(input) {
    var form = input.closest("form.field");
    if (form) {
      form.classList.toggle("formula", input.value.trim().charAt(0) === "=");
    }
  }
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.name === "value") {
      mark(target);
    }
  });
  function markAll(root) {
    root.querySelectorAll("form.field input[name=value]").forEach(mark);
  }
  document.addEventListener("DOMContentLoaded", function () { markAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { markAll(event.target); });
})();
