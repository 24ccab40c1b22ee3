#include "http/openapi_document.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <iterator>

namespace pererecos::http {
namespace {

std::string_view str(const rapidjson::Value& value) {
  return value.IsString() ? std::string_view(value.GetString(), value.GetStringLength())
                          : std::string_view();
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string load_openapi_document(const std::string& web_root, std::string_view root_path) {
  std::ifstream in(web_root + "/openapi.json", std::ios::binary);
  if (!in) return {};
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return {};
  if (root_path.empty()) return text;
  rapidjson::Value servers(rapidjson::kArrayType);
  rapidjson::Value server(rapidjson::kObjectType);
  server.AddMember(
      "url",
      rapidjson::Value(root_path.data(), static_cast<rapidjson::SizeType>(root_path.size()),
                       doc.GetAllocator()),
      doc.GetAllocator());
  servers.PushBack(server, doc.GetAllocator());
  doc.RemoveMember("servers");
  doc.AddMember("servers", servers, doc.GetAllocator());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string render_docs_page(std::string_view openapi_json, std::string_view root_path) {
  const std::string root = html_escape(root_path);
  // Swagger UI (web/api-docs/, from swagger-ui-dist) started by a script file, as the CSP
  // wants; the plain list of operations below stays for clients without scripts and
  // until Swagger UI has rendered (init.js hides it then).
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Pererecos Stats API</title>\n<link rel=\"stylesheet\" href=\"" +
      root + "/static/api-docs/swagger-ui.css\">\n"
      "<link rel=\"stylesheet\" href=\"" +
      root + "/static/docs.css\">\n</head>\n<body>\n"
      "<div id=\"swagger-ui\" data-openapi-url=\"" +
      root + "/api/openapi.json\"></div>\n<div id=\"operations\">\n"
      "<h1>Pererecos Stats API</h1>\n<p>OpenAPI 3 document: <a href=\"" +
      root + "/api/openapi.json\">" + root + "/api/openapi.json</a> &middot; <a href=\"" + root +
      "/\">dashboard</a></p>\n";
  const std::string scripts = "</div>\n<script src=\"" + root +
                              "/static/api-docs/swagger-ui-bundle.js\"></script>\n"
                              "<script src=\"" +
                              root + "/static/api-docs/init.js\"></script>\n</body>\n</html>\n";
  rapidjson::Document doc;
  doc.Parse(openapi_json.data(), openapi_json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("paths") ||
      !doc["paths"].IsObject()) {
    html += "<p>The API description is not available.</p>\n" + scripts;
    return html;
  }
  html += "<ul>\n";
  for (const auto& path : doc["paths"].GetObject()) {
    if (!path.value.IsObject()) continue;
    const std::string_view path_text = str(path.name);
    for (const auto& op : path.value.GetObject()) {
      if (!op.value.IsObject()) continue;
      const std::string method = upper(str(op.name));
      html += "<li><span class=\"m\">" + html_escape(method) + "</span> ";
      const bool linkable = method == "GET" && path_text.find('{') == std::string_view::npos;
      if (linkable) {
        html += "<a href=\"" + root + html_escape(path_text) + "\"><code>" + root +
                html_escape(path_text) + "</code></a>";
      } else {
        html += "<code>" + root + html_escape(path_text) + "</code>";
      }
      if (op.value.HasMember("summary"))
        html += " &mdash; " + html_escape(str(op.value["summary"]));
      if (op.value.HasMember("parameters") && op.value["parameters"].IsArray()) {
        std::string params;
        for (const auto& p : op.value["parameters"].GetArray()) {
          if (!p.IsObject() || !p.HasMember("name")) continue;
          if (!params.empty()) params += ", ";
          params += "<code>" + html_escape(str(p["name"])) + "</code>";
          if (p.HasMember("in")) params += " (" + html_escape(str(p["in"])) + ")";
        }
        if (!params.empty()) html += "<br>Parameters: " + params;
      }
      html += "</li>\n";
    }
  }
  html += "</ul>\n" + scripts;
  return html;
}

}  // namespace pererecos::http
