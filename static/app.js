// Unspoiled's own JavaScript. Everything here enhances pages that already work without it.
(function () {
  "use strict";

  // Every htmx request carries the CSRF token from the page's <meta name="csrf-token">.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRFToken"] = meta.content;
    }
  });

  // After a reveal, move focus to the first spoiler that arrived, so keyboard and
  // screen-reader users land on what they asked to see. The out-of-band swap replaces
  // the placeholder, so the new element is looked up by id once htmx has settled.
  var revealedId = null;
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var id = event.detail.target && event.detail.target.id;
    if (!revealedId && id && /-spoiler-\d+$/.test(id)) {
      revealedId = id;
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var element = revealedId && document.getElementById(revealedId);
    revealedId = null;
    if (element) {
      element.focus();
    }
  });

  // htmx puts focus back after a swap only on an element with an id. When the control
  // a keyboard user pressed is replaced without one (the "+1 episode" or "Helpful?"
  // button), focus the control at the same place in the new content instead of
  // dropping focus to the top of the page.
  var FOCUSABLE = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), ' +
    'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  var pendingFocus = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    pendingFocus = null;
    if (target && target.id && active && active !== document.body && !active.id &&
        target.contains(active)) {
      var index = Array.prototype.indexOf.call(target.querySelectorAll(FOCUSABLE), active);
      if (index >= 0) {
        pendingFocus = { id: target.id, index: index, tag: active.tagName };
      }
    }
  });

  // Once settled, not right after the swap: htmx wires the new content's hx-* attributes
  // as it settles, and a control focused before that submits as a plain form (a full
  // page load) when pressed at once.
  document.addEventListener("htmx:afterSettle", function () {
    var focus = pendingFocus;
    var active = document.activeElement;
    var container = focus && document.getElementById(focus.id);
    pendingFocus = null;
    if (!container || (active && active !== document.body)) { return; }
    var controls = container.querySelectorAll(FOCUSABLE);
    var same = controls[focus.index];
    var next = same && same.tagName === focus.tag ? same : controls[controls.length - 1];
    if (next) { next.focus(); }
  });

  // Buttons with data-confirm ask before their form is sent.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // The review form's toolbar: wrap the selected text in [spoiler ep=N]...[/spoiler].
  function wrapSelection(textarea, episode) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var text = textarea.value;
    var selected = text.slice(start, end) || "spoiler text";
    var onOwnLines = (start === 0 || text[start - 1] === "\n") &&
      (end === text.length || text[end] === "\n");
    var open = "[spoiler ep=" + episode + "]";
    var close = "[/spoiler]";
    var wrapped = onOwnLines ? open + "\n" + selected + "\n" + close : open + selected + close;
    textarea.value = text.slice(0, start) + wrapped + text.slice(end);
    textarea.focus();
    textarea.setSelectionRange(start + wrapped.length, start + wrapped.length);
  }

  function setUpToolbars(root) {
    root.querySelectorAll("[data-wrap-spoiler]").forEach(function (button) {
      var toolbar = button.closest(".spoiler-toolbar");
      toolbar.hidden = false;
      if (button.dataset.ready) { return; }
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        var textarea = document.getElementById(button.getAttribute("data-wrap-spoiler"));
        var episode = parseInt(toolbar.querySelector("input").value, 10);
        if (textarea && episode > 0) { wrapSelection(textarea, episode); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setUpToolbars(document); });
  document.addEventListener("htmx:load", function (event) { setUpToolbars(event.detail.elt); });
})();
