#include "stats/message_facts.h"

#include <algorithm>

#include "core/emotes_tag.h"

namespace pererecos::stats {
namespace {


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
  std::string scratch;
  for_each_answered_login(msg, scratch, [&](std::string_view l) { out.emplace_back(l); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

EmoteLookup::EmoteLookup(const EmoteCatalog& catalog, const ProviderFilter& filter)
    : twitch_(filter.twitch) {
  for (const auto* sets : {&catalog.channel_sets, &catalog.global_sets}) {
    for (const auto& set : *sets) {
      if (!set || !filter.allows(set->provider)) continue;
      for (const auto& [name, emote] : set->by_name) {
        if (name.empty() || find(name) != nullptr) continue;  // an earlier set has it
        const std::uint32_t s = signature(name);
        signatures_[s >> 6] |= std::uint64_t{1} << (s & 63);
        by_name_.insert(hash_bytes(name), static_cast<std::uint32_t>(hits_.size()));
        hits_.push_back(Hit{name, &emote, set.get()});
      }
    }
  }
}

const EmoteLookup::Hit* EmoteLookup::find(std::string_view token) const {
  if (token.empty() || !may_have(token)) return nullptr;
  const std::uint32_t i = by_name_.find(
      hash_bytes(token), [&](std::uint32_t k) { return equal_keys(hits_[k].name, token); });
  return i == ProbeTable::kAbsent ? nullptr : &hits_[i];
}

void third_party_uses(std::string_view residue, const EmoteLookup& lookup,
                      std::vector<EmoteUse>& out) {
  for_each_plain_token(residue, [&](std::string_view token) {
    // The name must outlive the call: point into the set, not the residue.
    if (const EmoteLookup::Hit* hit = lookup.find(token)) {
      out.push_back(EmoteUse{hit->name, hit->emote->id, hit->set->provider, hit->emote->image_url});
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

void emote_uses(const ChatMessageView& msg, const EmoteCatalog& catalog,
                const ProviderFilter& filter, std::vector<EmoteUse>& out, std::string* residue) {
  emote_uses(msg, EmoteLookup(catalog, filter), out, residue);
}

void emote_uses(const ChatMessageView& msg, const EmoteLookup& lookup, std::vector<EmoteUse>& out,
                std::string* residue) {
  std::vector<EmoteSpan> spans;
  if (lookup.twitch() && !msg.emotes.empty()) spans = parse_emotes_tag(msg.emotes);
  auto third_party = [&](std::string_view token) {
    if (residue) {
      if (!residue->empty()) residue->push_back(' ');
      residue->append(token);
    }
    if (const EmoteLookup::Hit* hit = lookup.find(token)) {
      out.push_back(EmoteUse{token, hit->emote->id, hit->set->provider, hit->emote->image_url});
    }
  };
  if (spans.empty()) {  // most messages: no positions needed
    for_each_plain_token(msg.text, third_party);
    return;
  }
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
    third_party(token);
  });
}

}  // namespace pererecos::stats
