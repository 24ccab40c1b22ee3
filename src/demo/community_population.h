// The demo community's accounts: chatters with their habits and activity windows, the
// broadcaster, two bots and a few spam accounts. Internal to the demo module.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/chat_event.h"
#include "demo/prng.h"

namespace pererecos::demo {

// One account. Logins and display names may change once (a rename keeps the user id).
struct Chatter {
  std::string user_id;
  std::array<std::string, 2> logins;  // [1] from rename_ms on; empty if never renamed
  std::array<std::string, 2> display_names;
  TimestampMs rename_ms = std::numeric_limits<TimestampMs>::max();
  std::string color;
  std::string badges;
  std::string badge_info;
  bool mod = false;
  bool subscriber = false;

  // Activity window, in day indexes of the period (inclusive).
  int first_day = 0;
  int last_day = 0;
  bool newcomer = false;  // never chatted before: the first message carries first-msg

  // Habits.
  std::uint8_t preferred_hour = 21;  // local hour of most activity
  std::uint8_t hour_width = 3;       // how strictly (hours)
  std::uint8_t english = 0;          // 0 Portuguese, 1 English, 2 both
  std::uint8_t clauses = 1;          // typical phrases per message (long writers: 3-4)
  std::uint8_t mention_style = 0;    // casing and punctuation of @mentions
  float emote_rate = 0.3f;           // chance a message carries emotes
  float emote_only_rate = 0.1f;      // chance a message is only emotes
  float emoji_rate = 0.1f;
  float reply_rate = 0.05f;
  float mention_rate = 0.05f;
  float action_rate = 0.0f;  // /me
  float command_rate = 0.005f;
  float caps_rate = 0.02f;
  bool troublemaker = false;
  std::array<std::uint8_t, 3> favourite_emotes{};  // indexes into the emote palette

  // State while generating.
  bool spoken = false;
  bool banned = false;
  int timeouts = 0;
  TimestampMs muted_until = 0;

  const std::string& login_at(TimestampMs ts) const {
    return ts >= rename_ms ? logins[1] : logins[0];
  }
  const std::string& display_name_at(TimestampMs ts) const {
    return ts >= rename_ms ? display_names[1] : display_names[0];
  }
};

struct PopulationOptions {
  std::uint32_t users = 5000;
  int days = 60;
  TimestampMs start_ms = 0;
  TimestampMs end_ms = 0;
  std::string channel;             // the broadcaster's login
  std::string room_id;             // the broadcaster's user id
  std::uint32_t palette_size = 1;  // emotes to pick favourites from
};

class Population {
 public:
  // Creates `users` chatters ranked by activity (index 0 = most active), with unique
  // logins and numeric user ids, plus the broadcaster, nightbot, streamelements and
  // spam accounts.
  Population(const PopulationOptions& options, Prng& rng);

  std::vector<Chatter>& chatters() { return chatters_; }
  const std::vector<Chatter>& chatters() const { return chatters_; }
  Chatter& broadcaster() { return broadcaster_; }
  Chatter& bot(int index) { return bots_[static_cast<std::size_t>(index)]; }
  std::vector<Chatter>& spammers() { return spammers_; }

  // Draws a chatter index with probability proportional to its activity weight (a Zipf-like
  // law: a few very active users, a long tail).
  std::uint32_t draw(Prng& rng) const;

  // Number of chatters renamed during the period.
  std::size_t renamed() const { return renamed_; }

 private:
  std::string unique_login(Prng& rng);
  std::string unique_user_id(Prng& rng);

  std::vector<Chatter> chatters_;
  std::vector<std::uint64_t> cumulative_weight_;
  // guide_[j]: the first chatter whose cumulative weight exceeds j * total / guide_.size(),
  // so draw() starts its search there (same result as a binary search, in O(1) expected).
  std::vector<std::uint32_t> guide_;
  Chatter broadcaster_;
  std::array<Chatter, 2> bots_;
  std::vector<Chatter> spammers_;
  std::size_t renamed_ = 0;
  std::unordered_set<std::string> taken_logins_;
  std::unordered_set<std::uint64_t> taken_ids_;
};

}  // namespace pererecos::demo
