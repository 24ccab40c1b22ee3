// What one message contributes to statistics, derived from its text alone (SPEC §1):
// length in code points, emote uses, mentioned / replied-to logins.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/chat_event.h"
#include "stats/emote_catalog.h"

namespace pererecos::stats {

// One emote use found in a message.
struct EmoteUse {
  std::string_view name;
  std::string_view id;
  std::string_view provider;   // "twitch", "7tv", "bttv", "ffz"
  std::string_view image_url;  // may be empty
};

// Which providers count (EMOTE_PROVIDERS). A disabled provider behaves as if its sets (or,
// for "twitch", the `emotes` tag) were absent.
struct ProviderFilter {
  bool twitch = true;
  bool seventv = true;
  bool bttv = true;
  bool ffz = true;
  bool allows(std::string_view provider) const;
};

// Parses "twitch,7tv,bttv,ffz" (case-insensitive, spaces ignored; unknown names ignored).
ProviderFilter parse_provider_filter(std::string_view list);

// Calls fn(token, first_code_point, last_code_point) for each token (maximal run of
// non-U+0020 characters) of `text`, in order.
template <typename Fn>
void for_each_token(std::string_view text, Fn&& fn);

// The distinct logins a message answers (SPEC §3 top_replies): the reply parent login and
// every mentioned login (`@` + [A-Za-z0-9_]+, lowercased). Sorted, unique.
std::vector<std::string> answered_logins(const ChatMessageView& msg);

// Looks `name` up in the catalog (channel sets in order, then global sets), skipping sets of
// disabled providers. nullptr when no set has it; `set_out` receives the matching set.
const ThirdPartyEmote* find_third_party(const EmoteCatalog& catalog, const ProviderFilter& filter,
                                        std::string_view name, const EmoteSet** set_out);

// Emote uses of `msg` (every occurrence). `residue` receives the tokens that were not
// Twitch native emotes, joined by single spaces: enough to recompute third-party uses when
// the catalog changes (see third_party_uses).
void emote_uses(const ChatMessageView& msg, const EmoteCatalog& catalog, const ProviderFilter& filter,
                std::vector<EmoteUse>& out, std::string* residue);

// Third-party emote uses among the tokens of `residue`.
void third_party_uses(std::string_view residue, const EmoteCatalog& catalog,
                      const ProviderFilter& filter, std::vector<EmoteUse>& out);

// Length in bytes of the UTF-8 sequence at text[i]; 1 for an invalid or truncated one.
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return 1;
  std::size_t len = 1;
  if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
  } else if (lead >= 0xE0 && lead < 0xF0) {
    len = 3;
  } else if (lead >= 0xC2 && lead < 0xE0) {
    len = 2;
  }
  if (i + len > text.size()) return 1;
  for (std::size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 1;
  }
  return len;
}

template <typename Fn>
void for_each_token(std::string_view text, Fn&& fn) {
  std::size_t i = 0;
  std::uint32_t cp = 0;  // code point index of text[i]
  const std::size_t n = text.size();
  while (i < n) {
    while (i < n && text[i] == ' ') {
      ++i;
      ++cp;
    }
    if (i >= n) break;
    std::size_t start = i;
    std::uint32_t start_cp = cp;
    while (i < n && text[i] != ' ') {
      // Same rules as count_code_points (core/unicode.h): a valid UTF-8 sequence is one
      // code point, every byte of an invalid or truncated one counts as one.
      i += utf8_sequence_length(text, i);
      ++cp;
    }
    fn(text.substr(start, i - start), start_cp, cp - 1);
  }
}

}  // namespace pererecos::stats
