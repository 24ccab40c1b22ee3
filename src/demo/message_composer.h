// Writes the text of one demo chat message: phrases, @mentions, emoji, Twitch native emotes
// (with their `emotes` tag, positions in code points) and 7TV emotes. Internal to the demo
// module.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/chat_event.h"
#include "demo/chat_phrases.h"
#include "demo/community_population.h"
#include "demo/prng.h"

namespace pererecos::demo {

struct PaletteEmote {
  std::string_view name;
  std::string_view twitch_id;  // empty for a 7TV emote
};

// Every emote chatters use: Twitch globals and the demo 7TV set, with a popularity law.
class EmotePalette {
 public:
  EmotePalette();
  std::size_t size() const { return emotes_.size(); }
  const PaletteEmote& operator[](std::size_t i) const { return emotes_[i]; }
  // An index drawn by popularity.
  std::size_t draw(Prng& rng) const;

 private:
  std::vector<PaletteEmote> emotes_;
  std::vector<std::uint64_t> cumulative_;
};

// Appends words to a message text, tracking code points so Twitch emotes get exact spans.
class TextBuilder {
 public:
  void reset(std::string* text);
  // Appends `word`, preceded by a space unless the text is empty or `glue` is set.
  void word(std::string_view word, bool glue = false);
  void emote(const PaletteEmote& emote);
  bool empty() const { return text_->empty(); }
  // The `emotes` tag for the Twitch emotes appended: ids in order of first use, each with
  // its ascending "start-end" spans.
  void emotes_tag(std::string* out) const;

 private:
  struct Span {
    std::string_view id;
    std::uint32_t start;
    std::uint32_t end;
  };
  std::string* text_ = nullptr;
  std::uint32_t code_points_ = 0;
  std::vector<Span> spans_;
};

// What the message is about.
struct ComposeRequest {
  Situation situation = Situation::kChat;
  std::string_view reply_to;         // the parent's display name: text starts "@Name "
  std::string_view mention_display;  // someone to @mention (display name), may be empty
  std::string_view mention_login;
  int hype_emote = -1;    // palette index being spammed in a hype burst
  std::int64_t bits = 0;  // > 0: a cheer ("Cheer100 ...")
  bool action = false;    // a /me action
};

class MessageComposer {
 public:
  const EmotePalette& palette() const { return palette_; }

  // Fills out.text, out.emotes and out.action for `chatter`.
  void compose(Prng& rng, const Chatter& chatter, const ComposeRequest& request, ChatMessage& out);

  // A hype emote index for a burst number (the schedule's hype value).
  std::size_t hype_palette_index(int hype) const;

 private:
  void add_mention(Prng& rng, const Chatter& chatter, const ComposeRequest& request);
  void add_emotes(Prng& rng, const Chatter& chatter, int count);

  EmotePalette palette_;
  TextBuilder builder_;
  std::string scratch_;
};

}  // namespace pererecos::demo
