// Draws every chart (a Vega-Lite spec in data-spec) with vega-embed, on load and after
// each HTMX swap. The specs come from the same Altair code the reports use.
// The page's Content-Security-Policy allows no eval and no inline style: Vega's
// expressions are run by vega-interpreter (ast: true) instead of `new Function`, and
// neither vega-embed nor its tooltip inserts a <style> element (their rules are in app.css).
(function () {
  var options = {
    actions: false,
    renderer: "svg",
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  };
  function draw(root) {
    if (typeof vegaEmbed === "undefined") return;
    if (typeof vegaInterpreter !== "undefined") {
      options.ast = true;
      options.expr = vegaInterpreter.expressionInterpreter;
    }
    root.querySelectorAll(".vega[data-spec]").forEach(function (el) {
      if (el.dataset.drawn) return;
      el.dataset.drawn = "1";
      vegaEmbed(el, JSON.parse(el.dataset.spec), options)
        .catch(function (error) { el.textContent = String(error); });
    });
  }
  // A select marked data-submit sends its form when it changes (the language, a
  // cohort's grouping); a form marked data-confirm asks before it is sent. Listeners,
  // not inline onchange/onsubmit attributes, which the Content-Security-Policy refuses.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-submit") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
  // a refused save (409 stale, 422 field error) still shows its answer
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) { event.detail.shouldSwap = true; event.detail.isError = false; }
  });
})();

// No edit is lost: every change made in the workspace (a field's value, an add-form, a
// removal) is sent in order, one at a time. Its values are taken when it is made, its
// version ("base") when it is sent, and every answer is shown, whatever was swapped
// meanwhile: the answer says where it goes (HX-Retarget), else the results. What the user
// typed and has not sent yet is put back after every swap. While anything is waiting the
// page asks before it is left.
(function () {
  var queue = [];
  var busy = false;

  function label(text) {
    var el = document.getElementById("save-state");
    if (el) el.textContent = text;
  }
  function words(key) {
    var el = document.getElementById("save-words");
    return (el && el.dataset[key]) || "";
  }
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  }

  // What the user typed in the workspace and has not been stored: values that differ
  // from what the page was given (defaultValue), with the focus and caret.
  function typed() {
    var out = { values: {}, focus: null, start: null, end: null };
    var ws = document.getElementById("workspace");
    if (!ws) return out;
    ws.querySelectorAll("input[id], textarea[id]").forEach(function (el) {
      if (el.type === "hidden" || el.type === "submit" || el.type === "button") return;
      if (el.type === "checkbox" || el.type === "radio") return;
      if (el.value !== el.defaultValue) out.values[el.id] = el.value;
    });
    var active = document.activeElement;
    if (active && active.id && ws.contains(active)) {
      out.focus = active.id;
      try { out.start = active.selectionStart; out.end = active.selectionEnd; } catch (e) {}
    }
    return out;
  }
  function restore(kept) {
    Object.keys(kept.values).forEach(function (id) {
      var el = document.getElementById(id);
      if (el && el.value !== kept.values[id]) el.value = kept.values[id];
    });
    if (kept.focus) {
      var el = document.getElementById(kept.focus);
      if (el && document.activeElement !== el) {
        el.focus();
        try { if (kept.start !== null) el.setSelectionRange(kept.start, kept.end); } catch (e) {}
      }
    }
  }

  function enqueue(form, url) {
    var data = new FormData(form);
    data.delete("base");
    // sent: what the form holds is no longer 'typed and not stored' (see typed())
    form.querySelectorAll("input, textarea").forEach(function (el) { el.defaultValue = el.value; });
    form.classList.add("saving");
    queue.push({
      form: form.id, url: url, data: data,
      // where the form's own answer goes when the answer does not say (HX-Retarget)
      target: form.getAttribute("hx-target") || "#results",
      swap: (form.getAttribute("hx-swap") || "outerHTML").split(" ")[0],
    });
    label(words("saving"));
    pump();
  }

  function pump() {
    if (busy || !queue.length) return;
    busy = true;
    var item = queue.shift();
    var base = document.getElementById("case-base");
    if (base) item.data.set("base", base.value);
    document.dispatchEvent(new CustomEvent("rendement:sent", { detail: { url: item.url, form: item.form } }));
    fetch(item.url, {
      method: "POST",
      body: item.data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "HX-Request": "true" },
    })
      .then(function (response) {
        return response.text().then(function (text) { return { response: response, text: text }; });
      })
      .then(
        function (answer) {
          try { show(answer.response, answer.text, item); } finally { done(item); }
        },
        function () {
          // no answer (the network): keep the change and send it again, first in line
          item.tries = (item.tries || 0) + 1;
          queue.unshift(item);
          label(words("offline"));
          busy = false;
          setTimeout(pump, Math.min(8000, 1000 * item.tries));
        }
      );
  }

  function done(item) {
    var form = item.form && document.getElementById(item.form);
    if (form) form.classList.remove("saving");
    busy = false;
    if (queue.length) { pump(); return; }
    var refused = document.querySelector("#workspace .conflict, #workspace .field.invalid, #notices .stale");
    label(refused ? words("refused") : words("saved"));
  }

  function show(response, text, item) {
    var where = response.headers.get("HX-Retarget") || item.target;
    var how = response.headers.get("HX-Reswap") || item.swap;
    var ok = response.status < 300 || response.status === 409 || response.status === 422;
    if (!ok) { // not stored and nothing to show in its place: say so, keep what was typed
      var notices = document.getElementById("notices");
      if (notices) {
        var p = document.createElement("div");
        p.className = "stale";
        p.setAttribute("role", "alert");
        p.textContent = words("failed");
        notices.appendChild(p);
      }
      return;
    }
    var target = document.querySelector(where) || document.getElementById("workspace");
    if (!target) return;
    var kept = typed();
    htmx.swap(target, text, { swapStyle: how });
    restore(kept);
    document.dispatchEvent(new CustomEvent("rendement:answered", { detail: { status: response.status } }));
  }

  // Every request htmx would send from a form of the workspace goes through the queue.
  document.addEventListener("htmx:confirm", function (event) {
    var elt = event.detail.elt;
    if (!elt || elt.tagName !== "FORM" || !elt.closest("#workspace")) return;
    if ((event.detail.verb || "").toLowerCase() !== "post") return;
    event.preventDefault();
    if (event.detail.question && !window.confirm(event.detail.question)) return;
    enqueue(elt, event.detail.path || elt.getAttribute("hx-post"));
  });

  // A conflict beside a field: store the typed value after all, or take the stored one.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-resend], [data-take]");
    if (!button) return;
    var form = button.closest("form");
    if (!form) return;
    var field = form.querySelector("[name=value]");
    if (button.hasAttribute("data-take") && field) {
      field.value = button.getAttribute("data-take");
      field.defaultValue = field.value;
      var box = form.querySelector(".conflict");
      if (box) box.remove();
      form.classList.remove("conflicted");
      field.removeAttribute("aria-invalid");
      field.focus();
      return;
    }
    enqueue(form, form.getAttribute("hx-post"));
  });

  window.addEventListener("beforeunload", function (event) {
    if (busy || queue.length) { event.preventDefault(); event.returnValue = ""; }
  });
  window.rendementQueue = function () { return queue.length + (busy ? 1 : 0); };
})();
