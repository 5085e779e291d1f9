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

  // Keyboard: a key presses the element marked data-key="K" — in the current claim card
  // first, else on the page. A textarea is focused (its <details> opened); j/k without a
  // marked element move between cards. Keys typed into fields are left alone.
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
  // Which keys exist is read from the page (data-key), never listed here: the labels and
  // their keys are defined once, on the server.
  function keyTarget(key) {
    if (key.length !== 1) return null;
    var selector = '[data-key="' + CSS.escape(key) + '"]';
    var card = currentCard();
    var inCard = card && card.querySelector(selector);
    return inCard || document.querySelector(selector);
  }
  function press(element) {
    if (element.matches("textarea, input")) {
      var details = element.closest("details");
      if (details) details.open = true;
      element.focus();
    } else {
      element.click();
    }
  }
  // Ctrl+Enter (Cmd+Enter) in a note or evidence field saves them with the reviewer's
  // current label; without one yet, the help beside the note says to choose a label.
  function saveNote(event) {
    var fields = event.target.closest && event.target.closest(".note-fields");
    var form = fields && fields.closest("form");
    if (!form) return false;
    event.preventDefault();
    var label = fields.getAttribute("data-current-label");
    var button = label && form.querySelector('button[name="label"][value="' + CSS.escape(label) + '"]');
    if (button) {
      button.click();  // htmx reads the clicked button for the label
    } else {
      var help = fields.querySelector(".note-help");
      if (help) help.classList.add("flash", "flash-error");
    }
    return true;
  }
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && saveNote(event)) return;
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    var typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (typing && event.key === "Escape" && typing.closest(".claim-card")) {
      focusCard(typing.closest(".claim-card"));  // leave the field; the keys work again
      return;
    }
    if (typing || document.querySelector("dialog[open]")) return;
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    var element = keyTarget(key);
    if (element) {
      event.preventDefault();
      press(element);
    } else if (key === "j" || key === "k") {
      var list = cards(), index = list.indexOf(currentCard());
      if (!list.length) return;
      event.preventDefault();
      focusCard(list[Math.max(0, Math.min(list.length - 1, index + (key === "j" ? 1 : -1)))]);
    }
  });
  // Buttons that open a <dialog> (no inline handlers: the CSP forbids them).
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-opens]");
    if (!opener) return;
    var dialog = document.getElementById(opener.getAttribute("data-opens"));
    if (dialog && !dialog.open) dialog.showModal();
  });
  // Keep the keyboard on the claim that was just swapped in.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var card = target && target.id && target.id.indexOf("claim-") === 0
      ? document.getElementById(target.id)
      : target && target.querySelector && target.querySelector(".claim-card");
    if (card) focusCard(card);
  });

  // Selecting text in a document offers to add it as a claim. Pieces of text carry their
  // offset in the document (data-offset), so the selection maps back exactly.
  function textOffset(node, offset) {
    var element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    var piece = element && element.closest(".piece");
    if (!piece) return null;
    // The server counts code points, the DOM UTF-16 units: count what precedes in code points.
    var before = node.nodeType === Node.TEXT_NODE ? node.data.slice(0, offset) : "";
    return parseInt(piece.getAttribute("data-offset"), 10) + Array.from(before).length;
  }
  function showAddForm(start, end, text, focus) {
    var form = document.getElementById("add-claim");
    if (!form) return false;
    form.elements.start.value = start;
    form.elements.end.value = end;
    form.elements.text.value = text.replace(/\s+/g, " ").trim();
    form.hidden = false;
    if (focus) form.elements.text.focus();
    return true;
  }
  // A selection of the text, wherever it starts or ends (in a highlighted sentence too).
  function offerSelection(focus) {
    var area = document.getElementById("document-text");
    var selection = window.getSelection();
    if (!area || !selection || selection.isCollapsed || !area.contains(selection.anchorNode)) {
      return false;
    }
    var a = textOffset(selection.anchorNode, selection.anchorOffset);
    var b = textOffset(selection.focusNode, selection.focusOffset);
    if (a === null || b === null || a === b) return false;
    return showAddForm(Math.min(a, b), Math.max(a, b), selection.toString(), focus);
  }
  // The keyboard route: a focused highlighted sentence, whole, as the starting wording.
  function offerSentence(mark) {
    var piece = mark.querySelector(".piece");
    var start = parseInt(piece.getAttribute("data-offset"), 10);
    return showAddForm(start, start + Array.from(piece.textContent).length, piece.textContent,
                       true);
  }
  document.addEventListener("mouseup", function () { offerSelection(false); });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) offerSelection(false);  // a selection made with Shift+arrows
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "a" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    var mark = target.closest && target.closest(".claim-mark");
    if (offerSelection(true) || (mark && offerSentence(mark))) event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    var closer = event.target.closest && event.target.closest("[data-closes]");
    if (!closer) return;
    var form = document.getElementById(closer.getAttribute("data-closes"));
    if (form) form.hidden = true;
  });
})();
