/* The page follows its own edits: the tab's title follows the case's heading after an
 * HTMX answer, and after an add-form the keyboard focus goes to what was added (the
 * first field that was not there before), or back to the refused form's field, never
 * to <body>. Separate from app.js, which keeps the edit queue. */
(function () {
  "use strict";
  var before = null; // the ids of the fields present when an add-form was sent

  function fieldIds(root) {
    var ids = {};
    (root || document).querySelectorAll("input[id^='f-'], textarea[id^='f-']").forEach(function (el) {
      ids[el.id] = true;
    });
    return ids;
  }

  function followTitle() {
    var heading = document.getElementById("case-title");
    if (heading) {
      document.title = heading.textContent.trim() + " \u00b7 rendement";
    }
  }

  function focusAdded() {
    var marked = document.querySelector("[data-focus]");
    if (marked) {
      marked.removeAttribute("data-focus");
      marked.focus();
      return;
    }
    if (before === null) {
      return;
    }
    var known = before;
    before = null;
    var fields = document.querySelectorAll("input[id^='f-'], textarea[id^='f-']");
    for (var i = 0; i < fields.length; i++) {
      if (!known[fields[i].id]) {
        fields[i].closest("details") && (fields[i].closest("details").open = true);
        fields[i].focus();
        return;
      }
    }
    var refused = document.querySelector("details.add[open] [aria-invalid='true'], details.add[open] .error");
    if (refused) {
      var form = refused.closest("form");
      var first = form && form.querySelector("input:not([type='hidden']), select, textarea");
      if (first) {
        first.focus();
      }
    }
  }

  // The workspace's changes go through app.js's queue (no htmx request of their own):
  // it says when an add-form is sent and when its answer is on the page.
  document.addEventListener("rendement:sent", function (event) {
    var url = (event.detail && event.detail.url) || "";
    before = url.indexOf("/add/") !== -1 ? fieldIds(document) : null;
  });
  document.addEventListener("rendement:answered", function () {
    followTitle();
    focusAdded();
  });
  document.addEventListener("htmx:afterSettle", function () {
    followTitle();
  });
  document.addEventListener("click", function (event) {
    // a skip link to an add-form: its fold-out opens and its summary takes the focus
    var link = event.target.closest && event.target.closest(".add-links a[href^='#add-']");
    var summary = link && document.getElementById(link.getAttribute("href").slice(1));
    if (summary) {
      event.preventDefault();
      summary.parentElement.open = true;
      summary.focus();
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var marked = document.querySelector("[data-focus]");
    if (marked) {
      marked.removeAttribute("data-focus");
      marked.focus();
    }
  });
})();
