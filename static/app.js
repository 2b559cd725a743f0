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
})();
