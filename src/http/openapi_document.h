// The OpenAPI 3 document (web/openapi.json, written by hand beside the dashboard) and the
// plain HTML page at /api/docs that lists its operations.
#pragma once

#include <string>
#include <string_view>

namespace pererecos::http {

// Reads `web_root`/openapi.json. When `root_path` is not empty, its "servers" member is
// set to [{"url": root_path}]. Empty string when the file is missing or not a JSON object.
std::string load_openapi_document(const std::string& web_root, std::string_view root_path);

// The /api/docs page: Swagger UI (web/api-docs/: swagger-ui-bundle.js, swagger-ui.css and
// init.js, served under /static/api-docs/, no inline script or CDN) reading
// `root_path`/api/openapi.json, over a plain list of every operation of `openapi_json`
// (method, path with a link for parameterless GETs, summary, parameters) with links to the
// raw document and the dashboard, for clients without scripts. Everything taken from the
// document is HTML-escaped.
std::string render_docs_page(std::string_view openapi_json, std::string_view root_path);

// `text` with &, <, >, " and ' escaped for HTML.
std::string html_escape(std::string_view text);

}  // namespace pererecos::http
