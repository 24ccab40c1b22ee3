#include "irc_log_generator.h"

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string_view>
#include <vector>

namespace pererecos::bench {
namespace {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }

 private:
  std::uint64_t state_;
};

constexpr std::string_view kWords[] = {
    "the",    "chat", "is",     "so",   "good",  "today", "lol",  "what",  "did",
    "he",     "just", "say",    "no",   "way",   "this",  "game", "again", "pog",
    "nice",   "play", "gg",     "wp",   "true",  "based", "clip", "it",    "bro",
    "forsen", "nymn", "ok",     "yes",  "maybe", "later", "why",  "hello", "everyone",
    "music",  "when", "stream", "time", "@bob",  "@nymn", "o7",   "xD"};
constexpr std::string_view kEmoji[] = {"😀", "🎉", "👍🏽", "❤️", "😂"};
struct Emote {
  std::string_view id;
  std::string_view name;
};
constexpr Emote kEmotes[] = {{"25", "Kappa"},
                             {"425618", "LUL"},
                             {"emotesv2_ee52e9d2f1344320bad5e93dd2a6e570", "forsenParty"},
                             {"305954156", "PogChamp"}};

std::string uuid(SplitMix64& rng) {
  const std::uint64_t a = rng.next();
  const std::uint64_t b = rng.next();
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xFFFF, a & 0xFFF,
                     0x8000 | (b >> 48 & 0x3FFF), b & 0xFFFFFFFFFFFFULL);
}

}  // namespace

Result<IrcLogStats> write_irc_log(const std::string& path, std::uint64_t lines,
                                  std::uint64_t seed) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!out) return Result<IrcLogStats>::failure("cannot write " + path);
  std::vector<char> buffer(1 << 20);
  std::setvbuf(out.get(), buffer.data(), _IOFBF, buffer.size());

  SplitMix64 rng(seed);
  constexpr std::uint64_t kUsers = 20000;
  std::int64_t ts = 1704067200000;  // 2024-01-01T00:00:00Z
  IrcLogStats stats;
  std::string line;
  std::string text;
  std::string emotes;
  for (std::uint64_t i = 0; i < lines; ++i) {
    ts += 1 + static_cast<std::int64_t>(rng.below(100));
    // Skewed user choice: a few users write most messages.
    const std::uint64_t r = rng.below(kUsers);
    const std::uint64_t user = (r * r) / kUsers;
    const std::string login = fmt::format("user_{}", user);
    const std::string user_id = std::to_string(100000000 + user * 7919);
    const std::uint64_t kind = rng.below(1000);
    line.clear();
    if (kind < 3) {
      line = fmt::format(
          "@ban-duration=600;room-id=62300805;target-user-id={};tmi-sent-ts={} "
          ":tmi.twitch.tv CLEARCHAT #nymn :{}",
          user_id, ts, login);
      ++stats.moderation;
    } else if (kind < 5) {
      line = fmt::format(
          "@badge-info=subscriber/3;badges=subscriber/3;display-name=User_{};emotes=;"
          "id={};login={};msg-id=resub;room-id=62300805;system-msg=resub;tmi-sent-ts={};"
          "user-id={} :tmi.twitch.tv USERNOTICE #nymn :still here",
          user, uuid(rng), login, ts, user_id);
      ++stats.not_chat;
    } else {
      // Text: optional leading emote, words, optional emoji, optional trailing emote.
      text.clear();
      emotes.clear();
      std::uint64_t cp = 0;  // code points so far
      if (rng.below(4) == 0) {
        const Emote& e = kEmotes[rng.below(std::size(kEmotes))];
        text += e.name;
        emotes = fmt::format("{}:0-{}", e.id, e.name.size() - 1);
        cp = e.name.size();
      }
      const std::uint64_t words = 1 + rng.below(12);
      for (std::uint64_t w = 0; w < words; ++w) {
        if (!text.empty()) {
          text += ' ';
          ++cp;
        }
        if (rng.below(15) == 0) {
          const std::string_view emoji = kEmoji[rng.below(std::size(kEmoji))];
          text += emoji;
          cp += emoji == "👍🏽" || emoji == "❤️" ? 2 : 1;
        } else {
          const std::string_view word = kWords[rng.below(std::size(kWords))];
          text += word;
          cp += word.size();
        }
      }
      if (rng.below(6) == 0) {
        const Emote& e = kEmotes[rng.below(std::size(kEmotes))];
        text += ' ';
        ++cp;
        if (!emotes.empty()) emotes += '/';
        emotes += fmt::format("{}:{}-{}", e.id, cp, cp + e.name.size() - 1);
        text += e.name;
      }
      line = fmt::format(
          "@badge-info=;badges={};client-nonce={:032x};color=#{:06X};display-name=User_{};"
          "emotes={};first-msg={};flags=;id={};mod=0;returning-chatter=0;room-id=62300805;"
          "subscriber={};tmi-sent-ts={};turbo=0;user-id={};user-type= "
          ":{}!{}@{}.tmi.twitch.tv PRIVMSG #nymn :{}",
          rng.below(3) == 0 ? "subscriber/12" : "", rng.next(), rng.below(0x1000000), user, emotes,
          rng.below(200) == 0 ? 1 : 0, uuid(rng), rng.below(3) == 0 ? 1 : 0, ts, user_id, login,
          login, login, text);
      ++stats.messages;
    }
    line += "\r\n";
    std::fwrite(line.data(), 1, line.size(), out.get());
    stats.bytes += line.size();
    ++stats.lines;
  }
  if (std::fflush(out.get()) != 0) return Result<IrcLogStats>::failure("cannot write " + path);
  return stats;
}

}  // namespace pererecos::bench
