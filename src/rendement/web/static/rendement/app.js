// Draws every chart (a Vega-Lite spec in data-spec) with vega-embed, on load and after
// each HTMX swap. The specs come from the same Altair code the reports use.
(function () {
  function draw(root) {
    if (typeof vegaEmbed === "undefined") return;
    root.querySelectorAll(".vega[data-spec]").forEach(function (el) {
      if (el.dataset.drawn) return;
      el.dataset.drawn = "1";
      vegaEmbed(el, JSON.parse(el.dataset.spec), { actions: false, renderer: "svg" })
        .catch(function (error) { el.textContent = String(error); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
  // a refused save (409 stale, 422 field error) still shows its answer
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) { event.detail.shouldSwap = true; event.detail.isError = false; }
  });
})();
