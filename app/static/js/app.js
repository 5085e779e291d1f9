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

  // Keyboard: on a page of claim cards, 1/2/3/x label the current card, n opens its note,
  // j/k move between cards. Keys typed into fields are left alone.
  var ACTIONS = { "1": "supported", "2": "disputed", "3": "outdated", "x": "not_a_claim" };
  function cards() { return Array.prototype.slice.call(document.querySelectorAll(".claim-card")); }
  function currentCard() {
    var active = document.activeElement && document.activeElement.closest(".claim-card");
    return active || document.querySelector(".claim-card:target") || cards()[0] || null;
  }
  function focusCard(card) {
    if (!card) return;
    card.setAttribute("tabindex", "-1");
    card.focus();
    card.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    var card = currentCard();
    if (!card) return;
    var key = event.key.toLowerCase();
    if (ACTIONS[key]) {
      var button = card.querySelector('button[name="label"][value="' + ACTIONS[key] + '"]');
      if (button) { event.preventDefault(); button.click(); }
    } else if (key === "n") {
      var details = card.querySelector("details");
      if (details) { event.preventDefault(); details.open = true; card.querySelector("textarea").focus(); }
    } else if (key === "j" || key === "k") {
      var list = cards(), index = list.indexOf(card);
      event.preventDefault();
      focusCard(list[Math.max(0, Math.min(list.length - 1, index + (key === "j" ? 1 : -1)))]);
    }
  });
  // Keep the keyboard on the card that was just swapped in.
  document.addEventListener("htmx:afterSwap", function (event) {
    var card = event.detail.target;
    if (card && card.id && card.id.indexOf("claim-") === 0) {
      focusCard(document.getElementById(card.id));
    }
  });
})();
