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
  // screen-reader users land on what they asked to see; after "Hide again", to the
  // reveal link of the placeholder that came back. The out-of-band swap replaces the
  // element, so the new one is looked up by id once htmx has settled.
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
    if (element && element.classList.contains("withheld")) {
      element = element.querySelector("a");
    }
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

  // -- The header's account menu (a <details>, which opens and closes without us) ---------
  // Escape closes it and gives focus back to its summary; a click outside closes it.
  function openMenus() {
    return document.querySelectorAll("details.account-menu[open]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    openMenus().forEach(function (menu) {
      var hadFocus = menu.contains(document.activeElement);
      menu.open = false;
      if (hadFocus) { menu.querySelector("summary").focus(); }
    });
  });

  document.addEventListener("click", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.open = false; }
    });
  });

  // -- The theme switch (footer) ----------------------------------------------------------
  // Without JavaScript it is a form whose POST sets the cookie and comes back. Here the
  // page changes at once; htmx still posts the form (hx-post), and its 204 sets the cookie.
  var COLOR_SCHEMES = { light: "light", dark: "dark", system: "light dark" };

  function applyTheme(theme) {
    var meta = document.querySelector('meta[name="color-scheme"]');
    document.documentElement.setAttribute("data-theme", theme);
    if (meta) { meta.setAttribute("content", COLOR_SCHEMES[theme]); }
    document.querySelectorAll(".theme-switch button[name=theme]").forEach(function (button) {
      button.setAttribute("aria-pressed", button.value === theme ? "true" : "false");
    });
  }

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (event.target.matches(".theme-switch") && button &&
        Object.prototype.hasOwnProperty.call(COLOR_SCHEMES, button.value)) {
      applyTheme(button.value);
    }
  });

  // Buttons with data-confirm ask before their form is sent.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // -- The review editor ----------------------------------------------------------------
  // The toolbar (hidden in the page, shown here) wraps the selection in the markup that
  // app/markup reads. Every change goes through replaceRange, which inserts with
  // execCommand("insertText") so that the browser's own undo and redo cover it.
  var PLACEHOLDER = {
    bold: "bold text", italic: "italic text", link: "link text",
    quote: "quoted text", spoiler: "spoiler text"
  };
  var LINK_URL = "https://";

  function replaceRange(textarea, start, end, text) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
    var inserted = false;
    try {
      inserted = document.execCommand("insertText", false, text);
    } catch (error) {
      inserted = false;
    }
    if (!inserted) {  // no undo here, but the same text
      textarea.setRangeText(text, start, end, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  // Markdown ignores emphasis that starts or ends with a space: wrap the words only.
  function trimmedSelection(textarea) {
    var value = textarea.value;
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    while (start < end && /\s/.test(value[start])) { start++; }
    while (end > start && /\s/.test(value[end - 1])) { end--; }
    return { start: start, end: end, text: value.slice(start, end) };
  }

  function wrapInline(textarea, before, after, placeholder) {
    var range = trimmedSelection(textarea);
    var inner = range.text || placeholder;
    replaceRange(textarea, range.start, range.end, before + inner + after);
    var at = range.start + before.length;
    textarea.setSelectionRange(at, at + inner.length);
  }

  function insertLink(textarea) {
    var range = trimmedSelection(textarea);
    var isUrl = /^https?:\/\/\S+$/.test(range.text);
    var label = isUrl || !range.text ? PLACEHOLDER.link : range.text;
    var url = isUrl ? range.text : LINK_URL;
    replaceRange(textarea, range.start, range.end, "[" + label + "](" + url + ")");
    // Select what is left to type: the address after a label, the label otherwise.
    var at = range.text && !isUrl ? range.start + label.length + 3 : range.start + 1;
    textarea.setSelectionRange(at, at + (range.text && !isUrl ? url.length : label.length));
  }

  // The whole lines the selection touches (a triple-click also selects the line break).
  function selectedLines(textarea) {
    var value = textarea.value;
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    if (end > start && value[end - 1] === "\n") { end--; }
    var lineStart = value.lastIndexOf("\n", start - 1) + 1;
    var lineEnd = value.indexOf("\n", end);
    return { start: lineStart, end: lineEnd < 0 ? value.length : lineEnd };
  }

  function quoteLines(textarea) {
    var lines = selectedLines(textarea);
    var text = textarea.value.slice(lines.start, lines.end);
    if (!text.trim()) {
      replaceRange(textarea, lines.start, lines.end, "> " + PLACEHOLDER.quote);
      textarea.setSelectionRange(lines.start + 2, lines.start + 2 + PLACEHOLDER.quote.length);
      return;
    }
    var quoted = text.split("\n").map(function (line) {
      return line.trim() ? "> " + line : ">";
    }).join("\n");
    replaceRange(textarea, lines.start, lines.end, quoted);
    textarea.setSelectionRange(lines.start, lines.start + quoted.length);
  }

  // A selection of whole lines becomes a block spoiler (tags on lines of their own, so
  // it may hold paragraphs); anything else an inline one.
  function wrapSpoiler(textarea, episode) {
    var value = textarea.value;
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    if (end > start && value[end - 1] === "\n") { end--; }
    var block = (start === 0 || value[start - 1] === "\n") &&
      (end === value.length || value[end] === "\n");
    var open = "[spoiler ep=" + episode + "]";
    var close = "[/spoiler]";
    if (!block) {
      var range = trimmedSelection(textarea);
      start = range.start;
      end = range.end;
    }
    var inner = value.slice(start, end) || PLACEHOLDER.spoiler;
    var newline = block ? "\n" : "";
    replaceRange(textarea, start, end, open + newline + inner + newline + close);
    var at = start + open.length + newline.length;
    textarea.setSelectionRange(at, at + inner.length);
  }

  // "Spoiler for episode…" asks in a small modal dialog: Enter confirms, Escape cancels,
  // and focus goes back to the textarea either way.
  function setUpSpoilerDialog(dialog, textarea) {
    var input = dialog.querySelector("input");
    var error = dialog.querySelector(".errors");
    var max = parseInt(input.max, 10);
    dialog.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var value = input.value.trim();
      var episode = parseInt(value, 10);
      if (!/^\d+$/.test(value) || episode < 1 || episode > max) {
        error.textContent = "Choose an episode from 1 to " + max + ".";
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      dialog.close();
      wrapSpoiler(textarea, episode);
    });
    dialog.querySelector("[data-dialog-cancel]").addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("close", function () { textarea.focus(); });
    return function open() {
      var watched = textarea.form && textarea.form.elements.episodes_watched;
      var episode = watched ? parseInt(watched.value, 10) : NaN;
      input.value = episode >= 1 && episode <= max ? episode : 1;
      error.textContent = "";
      input.removeAttribute("aria-invalid");
      dialog.showModal();
      input.focus();
      input.select();
    };
  }

  // The toolbar is one tab stop; the arrow keys, Home and End move between its buttons.
  function moveInToolbar(tools, event) {
    var index = tools.indexOf(document.activeElement);
    var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tools.length - 1 }[event.key];
    if (index < 0 || next === undefined) { return; }
    event.preventDefault();
    next = (next + tools.length) % tools.length;
    tools.forEach(function (tool, i) { tool.tabIndex = i === next ? 0 : -1; });
    tools[next].focus();
  }

  function setUpEditor(toolbar) {
    var textarea = document.getElementById(toolbar.getAttribute("aria-controls"));
    var dialog = toolbar.closest(".editor").querySelector(".spoiler-dialog");
    var tools = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    var askEpisode = setUpSpoilerDialog(dialog, textarea);
    var actions = {
      spoiler: askEpisode,
      bold: function () { wrapInline(textarea, "**", "**", PLACEHOLDER.bold); },
      italic: function () { wrapInline(textarea, "*", "*", PLACEHOLDER.italic); },
      link: function () { insertLink(textarea); },
      quote: function () { quoteLines(textarea); }
    };
    tools.forEach(function (tool, i) { tool.tabIndex = i === 0 ? 0 : -1; });
    toolbar.addEventListener("click", function (event) {
      var tool = event.target.closest("[data-format]");
      if (tool) { actions[tool.getAttribute("data-format")](); }
    });
    toolbar.addEventListener("keydown", function (event) { moveInToolbar(tools, event); });
    textarea.addEventListener("keydown", function (event) {
      var key = event.key.toLowerCase();
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey &&
          (key === "b" || key === "i")) {
        event.preventDefault();
        actions[key === "b" ? "bold" : "italic"]();
      }
    });
    toolbar.hidden = false;
  }

  function setUpEditors(root) {
    root.querySelectorAll(".editor-toolbar[hidden]").forEach(setUpEditor);
  }

  document.addEventListener("DOMContentLoaded", function () { setUpEditors(document); });
  document.addEventListener("htmx:load", function (event) { setUpEditors(event.detail.elt); });

  // Numbers that spoil (progress/_numbers.html): typing an episode chooses "Hide them
  // until I reach episode" (without JavaScript the reader picks that option themselves).
  document.addEventListener("input", function (event) {
    var id = event.target.getAttribute && event.target.getAttribute("data-selects");
    var radio = id && document.getElementById(id);
    if (radio) { radio.checked = true; }
  });
})();
