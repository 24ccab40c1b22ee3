#include "emotes/parsed_emote_set.h"

namespace pererecos::emotes {

std::shared_ptr<const stats::EmoteSet> to_emote_set(std::string_view provider,
                                                    const ParsedEmoteSet& parsed) {
  auto set = std::make_shared<stats::EmoteSet>();
  set->provider = std::string(provider);
  set->set_id = parsed.set_id;
  set->by_name.reserve(parsed.emotes.size());
  for (const ParsedEmote& e : parsed.emotes) {
    set->by_name.try_emplace(e.name, stats::ThirdPartyEmote{e.id, e.image_url});
  }
  return set;
}

std::string absolute_https_url(std::string_view url) {
  if (url.starts_with("//")) return "https:" + std::string(url);
  if (url.starts_with("https://") || url.starts_with("http://")) return std::string(url);
  return {};
}

}  // namespace pererecos::emotes
