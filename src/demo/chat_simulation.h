// The demo community's simulation: walks the timetable slot by slot and decides who says
// what, when bots answer and when moderators act. Internal to the demo module; the public
// entry points are in demo/community_generator.h.
#pragma once

#include <array>
#include <cstdint>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "core/chat_event.h"
#include "demo/community_generator.h"
#include "demo/community_population.h"
#include "demo/irc_line_writer.h"
#include "demo/message_composer.h"
#include "demo/prng.h"
#include "demo/stream_schedule.h"

namespace pererecos::demo {

constexpr std::size_t kRingSize = 64;

// A recent message others may reply to.
struct Recent {
  std::string id, login, display, user_id, text;
  std::string thread_id, thread_login, thread_user_id, thread_display;
  std::int64_t chatter = -1;  // index of the sender among the chatters; -1 the broadcaster
};

// A message or moderation event due at a known time (bot answers, timers, moderation).
struct Pending {
  TimestampMs ts = 0;
  std::uint64_t seq = 0;
  bool is_message = false;
  int bot = 0;  // which bot sends it (messages)
  ChatMessage message;
  ModerationEvent moderation;
  IrcDetails details;
};
struct Later {
  bool operator()(const Pending& a, const Pending& b) const {
    return a.ts != b.ts ? a.ts > b.ts : a.seq > b.seq;
  }
};

// One generation run. REQUIRES: validated options; `options` and `sink` outlive it.
class ChatSimulation {
 public:
  ChatSimulation(const CommunityOptions& o, CommunitySink& sink)
      : o_(o),
        sink_(sink),
        rng_(mix_key(o.seed, 0xC0FFEE)),
        schedule_(o.seed, o.end_ms, o.days, o.messages),
        population_(
            PopulationOptions{o.users, o.days, schedule_.start_ms(), o.end_ms, o.channel, o.room_id,
                              static_cast<std::uint32_t>(composer_.palette().size())},
            rng_),
        uuid_key_(mix_key(o.seed, 0x1D5)) {}

  // Generates every event into the sink and returns the summary.
  CommunitySummary run();

 private:
  void plan();
  void push(Pending p) {
    if (p.ts < schedule_.start_ms() || p.ts >= o_.end_ms) return;
    p.seq = ++seq_;
    pending_.push(std::move(p));
  }
  // Emits due pending events; returns true when a pending message took this slot.
  bool drain_pending(TimestampMs slot_ts);
  void fill_common(ChatMessage& m, const Chatter& c, TimestampMs ts);
  void fill_details(IrcDetails& d, const Chatter& c);
  void emit_message(ChatMessage& m, const IrcDetails& d, Chatter& c, std::int64_t chatter_index);
  void emit_moderation(const ModerationEvent& e, const IrcDetails& d);
  std::uint32_t choose_chatter(TimestampMs ts, bool live);
  void human_message(std::size_t minute, TimestampMs ts, std::uint32_t who);
  void broadcaster_message(TimestampMs ts);
  void spam_message(TimestampMs ts, std::uint32_t index);
  void bot_answer(std::size_t command, const Chatter& caller, TimestampMs ts);
  const Recent* recent_other(std::int64_t self, std::size_t window);
  ModerationEvent moderation_base(ModerationEvent::Kind kind, TimestampMs ts) const;

  const CommunityOptions& o_;
  CommunitySink& sink_;
  Prng rng_;
  MessageComposer composer_;
  StreamSchedule schedule_;
  Population population_;
  std::uint64_t uuid_key_;
  std::uint64_t message_counter_ = 0;
  std::uint64_t seq_ = 0;
  std::priority_queue<Pending, std::vector<Pending>, Later> pending_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> forced_;  // (slot, who), sorted
  std::size_t next_forced_ = 0;
  std::array<Recent, kRingSize> ring_;
  std::size_t ring_count_ = 0;  // messages pushed so far
  int regular_bans_left_ = 1;
  bool stop_ = false;
  ChatMessage msg_;
  IrcDetails details_;
  CommunitySummary summary_;
};

}  // namespace pererecos::demo
