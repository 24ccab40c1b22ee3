// What one message contributes to statistics, derived from its text alone (SPEC §1):
// length in code points, emote uses, mentioned / replied-to logins.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.h"
#include "core/chat_event.h"
#include "stats/emote_catalog.h"
#include "stats/flat_index.h"

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
// The same tokens without their code point spans: fn(token). Cheaper, for callers that
// need no positions. (U+0020 is never part of a UTF-8 sequence, valid or not, so splitting
// the bytes at ' ' gives the same tokens.)
template <typename Fn>
void for_each_plain_token(std::string_view text, Fn&& fn);

// The distinct logins a message answers (SPEC §3 top_replies): the reply parent login and
// every mentioned login (`@` + [A-Za-z0-9_]+, lowercased). Sorted, unique.
std::vector<std::string> answered_logins(const ChatMessageView& msg);

// The same logins one by one, lowercased into `scratch` and passed as a view of it (valid
// during the call), possibly repeated and in no particular order: no allocation once
// `scratch` has grown.
template <typename Fn>
void for_each_answered_login(const ChatMessageView& msg, std::string& scratch, Fn&& fn);

// The emotes a catalog and a provider filter make usable, for matching tokens: a name is
// looked up in the channel sets in order, then the global sets, skipping sets of disabled
// providers, and the first set that has it wins. The sets are merged once into one table,
// so a token costs one probe. Views point into the catalog: it must outlive the lookup.
class EmoteLookup {
 public:
  struct Hit {
    std::string_view name;  // the emote's name in its set
    const ThirdPartyEmote* emote = nullptr;
    const EmoteSet* set = nullptr;
  };

  EmoteLookup() = default;  // no third-party emotes; Twitch emotes count
  EmoteLookup(const EmoteCatalog& catalog, const ProviderFilter& filter);

  const Hit* find(std::string_view token) const;
  bool twitch() const { return twitch_; }  // whether the `emotes` tag counts

 private:
  // A cheap signature of a name (length, first and last byte): most chat words share no
  // signature with any emote, and are rejected without hashing them.
  static std::uint32_t signature(std::string_view name) {
    const auto first = static_cast<unsigned char>(name.front());
    const auto last = static_cast<unsigned char>(name.back());
    return ((static_cast<std::uint32_t>(name.size()) & 31) << 11) | ((first & 63u) << 5) |
           (last & 31u);
  }
  bool may_have(std::string_view name) const {
    const std::uint32_t s = signature(name);
    return (signatures_[s >> 6] >> (s & 63)) & 1;
  }

  std::vector<Hit> hits_;
  ProbeTable by_name_;  // hash of the name -> index in hits_
  std::vector<std::uint64_t> signatures_ = std::vector<std::uint64_t>(1 << 10);  // 2^16 bits
  bool twitch_ = true;
};

// Emote uses of `msg` (every occurrence). `residue` receives the tokens that were not
// Twitch native emotes, joined by single spaces: enough to recompute third-party uses when
// the catalog changes (see third_party_uses).
void emote_uses(const ChatMessageView& msg, const EmoteLookup& lookup, std::vector<EmoteUse>& out,
                std::string* residue);
// The same with a lookup built for this call.
void emote_uses(const ChatMessageView& msg, const EmoteCatalog& catalog,
                const ProviderFilter& filter, std::vector<EmoteUse>& out, std::string* residue);

// Third-party emote uses among the tokens of `residue`.
void third_party_uses(std::string_view residue, const EmoteLookup& lookup,
                      std::vector<EmoteUse>& out);

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

template <typename Fn>
void for_each_plain_token(std::string_view text, Fn&& fn) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t end = text.find(' ', i);
    if (end == std::string_view::npos) end = n;
    fn(text.substr(i, end - i));
    i = end;
  }
}

template <typename Fn>
void for_each_answered_login(const ChatMessageView& msg, std::string& scratch, Fn&& fn) {
  auto login_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  if (!msg.reply_parent_login.empty()) {
    scratch.clear();
    for (char c : msg.reply_parent_login) scratch.push_back(ascii_lower(c));
    fn(std::string_view(scratch));
  }
  if (msg.text.find('@') == std::string_view::npos) return;
  for_each_plain_token(msg.text, [&](std::string_view token) {
    if (token.size() < 2 || token[0] != '@' || !login_char(token[1])) return;
    scratch.clear();
    for (std::size_t i = 1; i < token.size() && login_char(token[i]); ++i) {
      scratch.push_back(ascii_lower(token[i]));
    }
    fn(std::string_view(scratch));
  });
}

}  // namespace pererecos::stats
