// Starts Swagger UI on /api/docs. A file, not an inline script: the server's
// Content-Security-Policy allows scripts from 'self' only. The page names the OpenAPI
// document's URL (with API_ROOT_PATH) in data-openapi-url.
(function () {
  'use strict';
  var container = document.getElementById('swagger-ui');
  if (!container || typeof window.SwaggerUIBundle !== 'function') return;
  var fallback = document.getElementById('operations');
  window.ui = window.SwaggerUIBundle({
    url: container.getAttribute('data-openapi-url'),
    domNode: container,
    deepLinking: true,
    validatorUrl: null, // no request to swagger.io's validator
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    onComplete: function () {
      if (fallback) fallback.hidden = true;
    }
  });
})();
