#include "http/dashboard_page.h"

#include <array>
#include <utility>

#include "http/openapi_document.h"

namespace pererecos::http {

std::string render_dashboard_page(std::string_view html, const DashboardSettings& settings) {
  const std::array<std::pair<std::string_view, std::string>, 5> values = {{
      {"{{BASE}}", html_escape(settings.root_path + "/")},
      {"{{TITLE}}", html_escape(settings.title)},
      {"{{EMOTE_IMAGES}}", settings.emote_images ? "true" : "false"},
      {"{{TIME_ZONE}}", html_escape(settings.time_zone)},
      {"{{CHANNEL}}", html_escape(settings.default_channel)},
  }};
  std::string out;
  out.reserve(html.size() + 256);
  std::size_t pos = 0;
  while (pos < html.size()) {
    const std::size_t open = html.find("{{", pos);
    if (open == std::string_view::npos) break;
    out.append(html.substr(pos, open - pos));
    bool replaced = false;
    for (const auto& [key, value] : values) {
      if (html.substr(open, key.size()) == key) {
        out += value;
        pos = open + key.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      out += "{{";
      pos = open + 2;
    }
  }
  if (pos < html.size()) out.append(html.substr(pos));
  return out;
}

}  // namespace pererecos::http
