// Starts Swagger UI on /api/v1/docs (an external file: the CSP allows no inline script).
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // No calls to the public validator service: the page must not reach other hosts.
    validatorUrl: null,
    persistAuthorization: false
  });
});
