// The dashboard page: web/index.html with the server's settings written into it, so the
// page finds the API relative to where it is served (behind API_ROOT_PATH too) and shows
// DASHBOARD_TITLE before any script runs.
#pragma once

#include <string>
#include <string_view>

namespace pererecos::http {

struct DashboardSettings {
  std::string root_path;  // normalised API_ROOT_PATH: "" or "/prefix"
  std::string title = "Pererecos Stats";
  bool emote_images = true;
  std::string time_zone = "UTC";  // CHANNEL_TIMEZONE
  std::string default_channel;    // "" when none is known
};

// `html` with every "{{BASE}}" replaced by the root path plus "/" (for <base href>),
// "{{TITLE}}" by the title, "{{EMOTE_IMAGES}}" by "true" or "false", "{{TIME_ZONE}}" and
// "{{CHANNEL}}" by the time zone and default channel, each HTML-escaped (so the page can
// ask for its first panels without waiting for GET /channels).
std::string render_dashboard_page(std::string_view html, const DashboardSettings& settings);

}  // namespace pererecos::http
