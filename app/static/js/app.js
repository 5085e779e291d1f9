// claimdesk's only script besides htmx: show errors of htmx requests where people look.
// No inline scripts anywhere (the Content-Security-Policy forbids them).
(function () {
  "use strict";
  function showError(text) {
    var flash = document.getElementById("flash");
    if (!flash) return;
    var p = document.createElement("p");
    p.className = "flash flash-error";
    p.setAttribute("role", "alert");
    p.textContent = text;  // never innerHTML: messages may quote user input
    flash.replaceChildren(p);
  }
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var alert = doc.querySelector("[role=alert]");
    showError(alert ? alert.textContent.trim() : "The server answered " + xhr.status + ".");
  });
  document.addEventListener("htmx:sendError", function () {
    showError("The server could not be reached; nothing was saved. Try again.");
  });
})();
