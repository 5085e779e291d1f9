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
  // The card a key is for: the focused one, the one of a focused highlighted sentence, the
  // one linked to (#claim-N), or the only one; with several and none of these, none (a
  // label key then does nothing rather than label the first claim of the page).
  function currentCard() {
    var active = document.activeElement;
    var card = active && active.closest && active.closest(".claim-card");
    if (card) return card;
    var mark = active && active.closest && active.closest(".claim-mark[id^='mark-']");
    if (mark) return document.getElementById("claim-" + mark.id.slice("mark-".length));
    var list = cards();
    return document.querySelector(".claim-card:target") || (list.length === 1 ? list[0] : null);
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
    if (inCard) return inCard;
    var onPage = Array.prototype.filter.call(document.querySelectorAll(selector), function (element) {
      return !element.closest(".claim-card");  // a claim's button only through its card
    });
    return onPage[0] || null;
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
  function typingIn(element) {
    return element && element.closest && element.closest("input, textarea, select, [contenteditable]");
  }
  // What a key does on the page as it is now; false when it does nothing.
  function act(key) {
    var element = keyTarget(key);
    if (element) {
      press(element);
      return true;
    }
    if (key !== "j" && key !== "k") return false;
    var list = cards(), index = list.indexOf(currentCard());
    if (!list.length) return false;
    focusCard(list[Math.max(0, Math.min(list.length - 1, index + (key === "j" ? 1 : -1)))]);
    return true;
  }
  // Keys pressed while a claim's answer is awaited wait for it, then act on what is on
  // screen then: "j 1" labels the next claim and "1 u" undoes that label, never the card
  // being replaced. After a failed request they are dropped (the page is not what the keys
  // were meant for).
  var awaited = new WeakSet(), awaiting = 0, typedAhead = [];
  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail.elt;
    if (!source || !source.closest || !source.closest("#queue-item, .claim-card")) return;
    awaited.add(event.detail.xhr);
    awaiting += 1;
  });
  function answered(xhr, ok) {
    if (!awaited.has(xhr)) return;
    awaited.delete(xhr);  // (fired again on an ancestor when its element was swapped out)
    awaiting = Math.max(0, awaiting - 1);
    if (!ok) typedAhead = [];
    if (!awaiting) window.setTimeout(replay, 0);  // once htmx has let go of the request
  }
  document.addEventListener("htmx:afterRequest", function (event) {
    answered(event.detail.xhr, event.detail.successful);
  });
  document.addEventListener("htmx:onLoadError", function (event) {
    answered(event.detail.xhr, false);  // (an answer that could not be swapped in)
  });
  function replay() {
    while (!awaiting && typedAhead.length) {
      if (typingIn(document.activeElement) || document.querySelector("dialog[open]")) {
        typedAhead = [];  // a field or the help took the keyboard: the rest was not for it
        return;
      }
      act(typedAhead.shift());
    }
  }
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && saveNote(event)) return;
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    var typing = typingIn(event.target);
    if (typing && event.key === "Escape" && typing.closest(".claim-card")) {
      focusCard(typing.closest(".claim-card"));  // leave the field; the keys work again
      return;
    }
    if (typing || document.querySelector("dialog[open]")) return;
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (awaiting && (keyTarget(key) || key === "j" || key === "k")) {
      event.preventDefault();
      if (typedAhead.length < 8) typedAhead.push(key);
      return;
    }
    if (act(key)) event.preventDefault();
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
