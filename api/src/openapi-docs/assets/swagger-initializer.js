// Swagger UI for this API's own document. Served as a file, not inline, so the page needs no
// 'unsafe-inline' in its Content-Security-Policy; validatorUrl null keeps the UI from calling
// swagger.io (connect-src 'self').
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
