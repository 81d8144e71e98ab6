// docgen web form: small progressive enhancements on top of htmx (no inline script; CSP).
// - field errors follow the error summary after each autosave,
// - hidden version fields of the other forms follow the newest version,
// - focus goes where the last list action asked for.
(function () {
  "use strict";

  function syncErrors() {
    var summary = document.getElementById("fehlerliste");
    if (!summary) { return; }
    var messages = {};
    summary.querySelectorAll("a[data-ziel]").forEach(function (link) {
      var id = link.getAttribute("data-ziel");
      (messages[id] = messages[id] || []).push(link.getAttribute("data-text"));
    });
    document.querySelectorAll(".feldfehler").forEach(function (box) {
      var id = box.id.replace(/-fehler$/, "");
      var field = document.getElementById(id);
      var list = messages[id];
      box.textContent = list ? list.join(" ") : "";
      box.hidden = !list;
      if (field && field.tagName !== "FIELDSET") {
        if (list) { field.setAttribute("aria-invalid", "true"); }
        else { field.removeAttribute("aria-invalid"); }
        var wrapper = field.closest(".feld");
        if (wrapper) { wrapper.classList.toggle("hat-fehler", !!list); }
      }
    });
  }

  function syncVersion() {
    var version = document.getElementById("version");
    if (!version) { return; }
    document.querySelectorAll("input.version-kopie").forEach(function (input) {
      input.value = version.value;
    });
  }

  function focusRequested() {
    var form = document.getElementById("antrag");
    var id = form && form.getAttribute("data-fokus");
    if (!id) { return; }
    var target = document.getElementById(id);
    if (target) {
      var input = target.matches("input, select, textarea, button") ? target
        : target.querySelector("input:not([type=hidden]), select, textarea, button");
      (input || target).focus();
    }
    form.setAttribute("data-fokus", "");
  }

  document.addEventListener("DOMContentLoaded", function () { focusRequested(); });
  document.addEventListener("htmx:afterSettle", function () {
    syncErrors();
    syncVersion();
    focusRequested();
  });
  document.addEventListener("htmx:oobAfterSwap", function () {
    syncErrors();
    syncVersion();
  });
})();
