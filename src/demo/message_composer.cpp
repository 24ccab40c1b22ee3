#include "demo/message_composer.h"

#include <algorithm>

#include "demo/demo_emote_set.h"
#include "demo/twitch_emotes.h"

namespace pererecos::demo {
namespace {

template <typename List>
std::string_view pick(Prng& rng, const List& list) {
  return list[rng.below(list.size())];
}

std::uint32_t code_points_of(std::string_view s) {
  std::uint32_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Upper-cases ASCII letters and the Latin-1 letters of Portuguese (à-þ except ÷, two-byte
// UTF-8 sequences C3 A0..BE) from byte `from` on. Code point counts do not change.
void to_upper_latin(std::string& text, std::size_t from) {
  for (std::size_t i = from; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 'a' && c <= 'z') {
      text[i] = static_cast<char>(c - 32);
    } else if (c == 0xC3 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0xA0 && next <= 0xBE && next != 0xB7)
        text[i + 1] = static_cast<char>(next - 0x20);
      ++i;
    }
  }
}

Language language_of(Prng& rng, const Chatter& c) {
  if (c.english == 2) return rng.chance(0.5) ? Language::kEnglish : Language::kPortuguese;
  return c.english == 1 ? Language::kEnglish : Language::kPortuguese;
}

// Palette indexes of the emotes spammed in hype bursts.
constexpr std::string_view kHypeNames[] = {"KEKW",   "OMEGALUL", "PogChamp", "LUL",
                                           "catJAM", "Pog",      "Clap",     "pererecaJAM"};

}  // namespace

EmotePalette::EmotePalette() {
  // Interleave by popularity: 7TV emotes are used more than Twitch's in this community.
  const auto twitch = twitch_global_emotes();
  const auto seventv = demo_seventv_emotes();
  std::size_t t = 0;
  std::size_t s = 0;
  std::uint64_t total = 0;
  while (t < twitch.size() || s < seventv.size()) {
    for (int k = 0; k < 2 && s < seventv.size(); ++k, ++s) {
      emotes_.push_back({seventv[s].name, {}});
    }
    if (t < twitch.size()) {
      emotes_.push_back({twitch[t].name, twitch[t].id});
      ++t;
    }
  }
  for (std::size_t i = 0; i < emotes_.size(); ++i) {
    total += 1'000'000 / (i + 4);
    cumulative_.push_back(total);
  }
}

std::size_t EmotePalette::draw(Prng& rng) const {
  const std::uint64_t x = rng.below(cumulative_.back());
  return static_cast<std::size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), x) -
                                  cumulative_.begin());
}

void TextBuilder::reset(std::string* text) {
  text_ = text;
  text_->clear();
  code_points_ = 0;
  spans_.clear();
}

void TextBuilder::word(std::string_view word, bool glue) {
  if (!text_->empty() && !glue) {
    *text_ += ' ';
    ++code_points_;
  }
  *text_ += word;
  code_points_ += code_points_of(word);
}

void TextBuilder::emote(const PaletteEmote& emote) {
  if (!text_->empty()) {
    *text_ += ' ';
    ++code_points_;
  }
  const std::uint32_t start = code_points_;
  *text_ += emote.name;
  code_points_ += code_points_of(emote.name);
  if (!emote.twitch_id.empty()) spans_.push_back({emote.twitch_id, start, code_points_ - 1});
}

void TextBuilder::emotes_tag(std::string* out) const {
  out->clear();
  for (std::size_t i = 0; i < spans_.size(); ++i) {
    bool seen = false;
    for (std::size_t j = 0; j < i && !seen; ++j) seen = spans_[j].id == spans_[i].id;
    if (seen) continue;
    if (!out->empty()) *out += '/';
    *out += spans_[i].id;
    char sep = ':';
    for (std::size_t j = i; j < spans_.size(); ++j) {
      if (spans_[j].id != spans_[i].id) continue;
      *out += sep;
      *out += std::to_string(spans_[j].start);
      *out += '-';
      *out += std::to_string(spans_[j].end);
      sep = ',';
    }
  }
}

std::size_t MessageComposer::hype_palette_index(int hype) const {
  const std::string_view name = kHypeNames[static_cast<std::size_t>(hype) % std::size(kHypeNames)];
  for (std::size_t i = 0; i < palette_.size(); ++i) {
    if (palette_[i].name == name) return i;
  }
  return 0;
}

void MessageComposer::add_mention(Prng& rng, const Chatter& chatter,
                                  const ComposeRequest& request) {
  static constexpr std::string_view kPunctuation[] = {"", "", "", ",", ":", "!", "?", "."};
  const unsigned style = chatter.mention_style ^ static_cast<unsigned>(rng.below(4));
  scratch_.clear();
  scratch_.push_back('@');
  switch (style % 4) {
    case 0:
    case 2:
      scratch_ += request.mention_display;
      break;
    case 1:
      scratch_ += request.mention_login;
      break;
    default:
      for (char c : request.mention_login) {
        scratch_ += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
      }
  }
  scratch_ += kPunctuation[(style >> 2) % std::size(kPunctuation)];
  builder_.word(scratch_);
}

void MessageComposer::add_emotes(Prng& rng, const Chatter& chatter, int count) {
  std::size_t previous = palette_.size();
  for (int i = 0; i < count; ++i) {
    std::size_t index = previous;
    if (previous < palette_.size() && rng.chance(0.5)) {
      index = previous;  // "KEKW KEKW KEKW"
    } else if (rng.chance(0.5)) {
      index = chatter.favourite_emotes[rng.below(chatter.favourite_emotes.size())];
    } else {
      index = palette_.draw(rng);
    }
    index = std::min(index, palette_.size() - 1);
    builder_.emote(palette_[index]);
    previous = index;
  }
}

void MessageComposer::compose(Prng& rng, const Chatter& chatter, const ComposeRequest& request,
                              ChatMessage& out) {
  builder_.reset(&out.text);
  out.action = request.action;
  if (!request.reply_to.empty()) {
    scratch_.clear();
    scratch_.push_back('@');
    scratch_ += request.reply_to;
    builder_.word(scratch_);
  }
  if (request.bits > 0) {
    scratch_.clear();
    scratch_.append("Cheer");
    scratch_ += std::to_string(request.bits);
    builder_.word(scratch_);
  }
  const Language lang = language_of(rng, chatter);

  if (request.hype_emote >= 0 && request.situation == Situation::kChat && rng.chance(0.7)) {
    if (rng.chance(0.25)) builder_.word(pick(rng, phrases(Situation::kReaction, lang)));
    const std::size_t index = hype_palette_index(request.hype_emote);
    const int repeats = static_cast<int>(rng.between(1, 5));
    for (int i = 0; i < repeats; ++i) builder_.emote(palette_[index]);
    builder_.emotes_tag(&out.emotes);
    return;
  }
  if (request.situation == Situation::kChat && request.reply_to.empty() &&
      request.mention_display.empty() && rng.chance(chatter.emote_only_rate)) {
    add_emotes(rng, chatter, static_cast<int>(rng.between(1, 4)));
    builder_.emotes_tag(&out.emotes);
    return;
  }

  const bool mention_first = !request.mention_display.empty() && (chatter.mention_style & 64);
  if (mention_first) add_mention(rng, chatter, request);

  Situation situation = request.situation;
  if (situation == Situation::kChat) {
    const std::uint64_t r = rng.below(100);
    situation = r < 55 ? Situation::kChat : r < 85 ? Situation::kReaction : Situation::kQuestion;
  }
  const std::size_t phrase_start = out.text.size();
  builder_.word(pick(rng, phrases(situation, lang)));
  if (rng.chance(chatter.caps_rate)) {
    to_upper_latin(out.text, phrase_start);
  }
  if (chatter.clauses > 1) {
    // Distinct clauses: walk the list from a random start.
    const auto tail = phrases(Situation::kLongTail, lang);
    const std::size_t first = rng.below(tail.size());
    for (std::size_t i = 1; i < chatter.clauses && i <= tail.size(); ++i) {
      builder_.word(tail[(first + i) % tail.size()]);
    }
  }
  if (rng.chance(chatter.emoji_rate)) {
    const std::string_view e = pick(rng, emoji());
    const int repeats = rng.chance(0.3) ? static_cast<int>(rng.between(2, 3)) : 1;
    for (int i = 0; i < repeats; ++i) builder_.word(e, /*glue=*/i > 0 || rng.chance(0.3));
  }
  if (!request.mention_display.empty() && !mention_first) add_mention(rng, chatter, request);
  if (situation != Situation::kTroll && rng.chance(chatter.emote_rate)) {
    add_emotes(rng, chatter, rng.chance(0.7) ? 1 : static_cast<int>(rng.between(2, 3)));
  }
  builder_.emotes_tag(&out.emotes);
}

}  // namespace pererecos::demo
