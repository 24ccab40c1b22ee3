#include "emotes/seventv_set_patch.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace pererecos::emotes {
namespace {

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

}  // namespace

std::shared_ptr<const stats::EmoteSet> patched_seventv_set(const stats::EmoteSet& set,
                                                           const SevenTvSetChange& change) {
  auto out = std::make_shared<stats::EmoteSet>(set);
  auto remove = [&](const ParsedEmote& e) {
    auto it = out->by_name.find(e.name);
    if (it != out->by_name.end() && it->second.id == e.id) out->by_name.erase(it);
  };
  auto add = [&](const ParsedEmote& e) {
    out->by_name[e.name] = stats::ThirdPartyEmote{e.id, e.image_url};
  };
  for (const ParsedEmote& e : change.pulled) remove(e);
  for (const auto& [old_value, new_value] : change.updated) {
    remove(old_value);
    add(new_value);
  }
  for (const ParsedEmote& e : change.pushed) add(e);
  return out;
}

std::string seventv_set_body(const stats::EmoteSet& set) {
  std::vector<const std::pair<const std::string, stats::ThirdPartyEmote>*> entries;
  for (const auto& entry : set.by_name) entries.push_back(&entry);
  std::sort(entries.begin(), entries.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string out = "{\"id\":";
  append_json_string(out, set.set_id);
  out += ",\"emotes\":[";
  bool first = true;
  for (const auto* entry : entries) {
    if (!first) out.push_back(',');
    first = false;
    out += "{\"id\":";
    append_json_string(out, entry->second.id);
    out += ",\"name\":";
    append_json_string(out, entry->first);
    const std::string& url = entry->second.image_url;
    const std::size_t slash = url.rfind('/');
    if (!url.empty() && slash != std::string::npos && slash + 1 < url.size()) {
      out += ",\"data\":{\"host\":{\"url\":";
      append_json_string(out, std::string_view(url).substr(0, slash));
      out += ",\"files\":[{\"name\":";
      append_json_string(out, std::string_view(url).substr(slash + 1));
      out += "}]}}";
    }
    out.push_back('}');
  }
  out += "]}";
  return out;
}

}  // namespace pererecos::emotes
