// habeas: small progressive enhancement. Every page works without it (no htmx is bundled:
// htmx is not shipped by any Python package, and nothing is fetched from a CDN).
// - A <select data-autosubmit> submits its form when changed (the language switch).
// - A search form with data-live-search="#target" fetches results as you type, from the same
//   URL with &partial=1, and swaps them into the target; the form still submits normally.
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
    var button = select.form.querySelector("button[type=submit]");
    if (button) { button.hidden = true; }
  });
  document.querySelectorAll("form[data-live-search]").forEach(function (form) {
    var target = document.querySelector(form.getAttribute("data-live-search"));
    var input = form.querySelector("input[type=search]");
    if (!target || !input || !window.fetch) { return; }
    var timer = null;
    var last = "";
    function run() {
      var params = new URLSearchParams(new FormData(form));
      params.set("partial", "1");
      var query = params.toString();
      if (query === last) { return; }
      last = query;
      fetch(form.action + "?" + query, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null && query === last) { target.innerHTML = html; } })
        .catch(function () {});
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
  });
})();
