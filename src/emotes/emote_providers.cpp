#include "emotes/emote_providers.h"

#include <algorithm>
#include <cctype>

namespace pererecos::emotes {
namespace {

std::string trim_lower(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Result<EmoteProviders> emote_providers_from_names(const std::vector<std::string>& names) {
  EmoteProviders p{false, false, false, false};
  for (const std::string& raw : names) {
    std::string name = trim_lower(raw);
    if (name.empty()) continue;
    if (name == "twitch") {
      p.twitch = true;
    } else if (name == "7tv") {
      p.seventv = true;
    } else if (name == "bttv") {
      p.bttv = true;
    } else if (name == "ffz") {
      p.ffz = true;
    } else {
      return Result<EmoteProviders>::failure("EMOTE_PROVIDERS: '" + name +
                                             "' is not one of twitch, 7tv, bttv, ffz");
    }
  }
  return p;
}

Result<EmoteProviders> parse_emote_providers(std::string_view list) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    names.emplace_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return emote_providers_from_names(names);
}

bool is_safe_path_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c == '-'; });
}

}  // namespace pererecos::emotes
