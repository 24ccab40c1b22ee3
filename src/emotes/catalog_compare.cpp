#include "emotes/catalog_compare.h"

#include <memory>
#include <vector>

namespace pererecos::emotes {
namespace {

bool same_set_list(const std::vector<std::shared_ptr<const stats::EmoteSet>>& a,
                   const std::vector<std::shared_ptr<const stats::EmoteSet>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (!a[i] || !b[i] || !same_emote_set(*a[i], *b[i])) return false;
  }
  return true;
}

}  // namespace

bool same_emote_set(const stats::EmoteSet& a, const stats::EmoteSet& b) {
  if (a.provider != b.provider || a.set_id != b.set_id || a.by_name.size() != b.by_name.size()) {
    return false;
  }
  for (const auto& [name, emote] : a.by_name) {
    auto it = b.by_name.find(name);
    if (it == b.by_name.end() || it->second.id != emote.id ||
        it->second.image_url != emote.image_url) {
      return false;
    }
  }
  return true;
}

bool same_emote_catalog(const stats::EmoteCatalog& a, const stats::EmoteCatalog& b) {
  return same_set_list(a.channel_sets, b.channel_sets) &&
         same_set_list(a.global_sets, b.global_sets);
}

}  // namespace pererecos::emotes
