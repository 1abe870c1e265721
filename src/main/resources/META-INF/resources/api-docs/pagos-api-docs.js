// Shows /openapi.yaml (the same file as openapi.yaml at the repository root) with the vendored Swagger UI.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.yaml',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
};
