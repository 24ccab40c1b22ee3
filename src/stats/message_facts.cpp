#include "stats/message_facts.h"

#include <algorithm>

#include "core/emotes_tag.h"

namespace pererecos::stats {
namespace {

bool is_login_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool ProviderFilter::allows(std::string_view provider) const {
  if (provider == "twitch") return twitch;
  if (provider == "7tv") return seventv;
  if (provider == "bttv") return bttv;
  if (provider == "ffz") return ffz;
  return false;
}

ProviderFilter parse_provider_filter(std::string_view list) {
  ProviderFilter f{false, false, false, false};
  std::string item;
  auto flush = [&] {
    if (item == "twitch") f.twitch = true;
    if (item == "7tv") f.seventv = true;
    if (item == "bttv") f.bttv = true;
    if (item == "ffz") f.ffz = true;
    item.clear();
  };
  for (char c : list) {
    if (c == ',') {
      flush();
    } else if (c != ' ' && c != '\t') {
      item.push_back(ascii_lower(c));
    }
  }
  flush();
  return f;
}

std::vector<std::string> answered_logins(const ChatMessageView& msg) {
  std::vector<std::string> out;
  if (!msg.reply_parent_login.empty()) {
    std::string l;
    for (char c : msg.reply_parent_login) l.push_back(ascii_lower(c));
    out.push_back(std::move(l));
  }
  for_each_token(msg.text, [&](std::string_view token, std::uint32_t, std::uint32_t) {
    if (token.size() < 2 || token[0] != '@' || !is_login_char(token[1])) return;
    std::string l;
    for (std::size_t i = 1; i < token.size() && is_login_char(token[i]); ++i) {
      l.push_back(ascii_lower(token[i]));
    }
    out.push_back(std::move(l));
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const ThirdPartyEmote* find_third_party(const EmoteCatalog& catalog, const ProviderFilter& filter,
                                        std::string_view name, const EmoteSet** set_out) {
  if (name.empty()) return nullptr;
  for (const auto* sets : {&catalog.channel_sets, &catalog.global_sets}) {
    for (const auto& set : *sets) {
      if (!set || !filter.allows(set->provider)) continue;
      auto it = set->by_name.find(name);
      if (it != set->by_name.end()) {
        if (set_out) *set_out = set.get();
        return &it->second;
      }
    }
  }
  return nullptr;
}

void third_party_uses(std::string_view residue, const EmoteCatalog& catalog,
                      const ProviderFilter& filter, std::vector<EmoteUse>& out) {
  for_each_token(residue, [&](std::string_view token, std::uint32_t, std::uint32_t) {
    const EmoteSet* set = nullptr;
    const ThirdPartyEmote* e = find_third_party(catalog, filter, token, &set);
    if (e) {
      // The name is the token itself; it must outlive the call, so point into the set.
      auto it = set->by_name.find(token);
      out.push_back(EmoteUse{it->first, e->id, set->provider, e->image_url});
    }
  });
}

namespace {

// The id of `span` as a view into the message's own `emotes` tag, so that it outlives the
// parsed spans (the caller keeps the message alive while it uses the EmoteUse). The tag
// holds every parsed id verbatim as "id:" at its start or after a '/'.
std::string_view id_in_tag(std::string_view tag, const std::string& id) {
  std::size_t pos = 0;
  while ((pos = tag.find(id, pos)) != std::string_view::npos) {
    const bool starts = pos == 0 || tag[pos - 1] == '/';
    const bool ends = pos + id.size() < tag.size() && tag[pos + id.size()] == ':';
    if (starts && ends) return tag.substr(pos, id.size());
    pos += 1;
  }
  return {};  // unreachable for spans parsed from `tag`
}

}  // namespace

void emote_uses(const ChatMessageView& msg, const EmoteCatalog& catalog, const ProviderFilter& filter,
                std::vector<EmoteUse>& out, std::string* residue) {
  std::vector<EmoteSpan> spans;
  if (filter.twitch && !msg.emotes.empty()) spans = parse_emotes_tag(msg.emotes);
  std::size_t next_span = 0;
  for_each_token(msg.text, [&](std::string_view token, std::uint32_t first, std::uint32_t last) {
    while (next_span < spans.size() && spans[next_span].start < first) ++next_span;
    // Several spans may start at the same position in a malformed tag: look at all of them.
    for (std::size_t k = next_span; k < spans.size() && spans[k].start == first; ++k) {
      if (spans[k].end == last) {
        out.push_back(EmoteUse{token, id_in_tag(msg.emotes, spans[k].id), "twitch", {}});
        return;
      }
    }
    if (residue) {
      if (!residue->empty()) residue->push_back(' ');
      residue->append(token);
    }
    const EmoteSet* set = nullptr;
    const ThirdPartyEmote* e = find_third_party(catalog, filter, token, &set);
    if (e) out.push_back(EmoteUse{token, e->id, set->provider, e->image_url});
  });
}

}  // namespace pererecos::stats
