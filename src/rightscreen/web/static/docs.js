// Swagger UI over our own OpenAPI document; kept in a file so that no inline script runs.
window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui"});
