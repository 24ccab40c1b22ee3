// The demo community: a deterministic, realistic Twitch chat history for one channel,
// generated in time order. Used by `pererecos-stats demo` (with the defaults) and by the
// benchmark data generator (bench/datagen, with scaled parameters).
//
// What it contains (docs/demo.md has the whole list): evening stream sessions on most days
// with chat rising and falling inside each stream and a little off-stream chat; a Zipf-like
// activity law over the chatters; per-user habits (hours, message length, language,
// favourite emotes); replies to real earlier messages; @mentions; Twitch native emotes with
// a correct `emotes` tag; 7TV emotes from the demo set (demo/demo_emote_set.h); renamed
// users; nightbot and streamelements; /me actions; first messages; bits; timeouts, bans
// and deleted messages.
//
// Determinism: the stream is a function of CommunityOptions alone. The generator uses its
// own PRNG (demo/prng.h) and only integer arithmetic and IEEE basic operations, so the
// same options give byte-identical events on every platform and library version.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/chat_event.h"
#include "core/result.h"
#include "demo/irc_line_writer.h"

namespace pererecos::demo {

struct CommunityOptions {
  std::uint64_t seed = 42;
  // The end of the period ("now"): every event is in [end_ms - days, end_ms).
  TimestampMs end_ms = 0;
  int days = 60;                      // 1..3660
  std::uint32_t users = 5000;         // chatters (bots and spam accounts come on top)
  std::uint64_t messages = 520'000;   // exactly this many ChatMessages are generated
  std::string channel = "pererecos";  // the channel (and broadcaster) login
  std::string room_id = "714092618";  // the channel's Twitch user id
};

// Checks the options: days in 1..3660, users in 1..10,000,000, messages <= 10^10,
// channel a lowercase Twitch login ([a-z0-9_]{1,25}), room_id digits, end_ms after
// days * 24 h since the epoch.
Status validate_community_options(const CommunityOptions& options);

// Receives the events in time order (timestamps never decrease across both kinds).
class CommunitySink {
 public:
  virtual ~CommunitySink() = default;
  // `details` holds what only the IRC form carries (badges, colour, reply parent's body).
  // Both references are valid during the call only. Return false to stop generation.
  virtual bool on_message(const ChatMessage& message, const IrcDetails& details) = 0;
  // For a deleted message, details.deleted_text is its text.
  virtual bool on_moderation(const ModerationEvent& event, const IrcDetails& details) = 0;
};

// What a generation produced.
struct CommunitySummary {
  std::uint64_t messages = 0;
  std::uint64_t moderation_events = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t bans = 0;
  std::uint64_t deletions = 0;
  std::uint64_t clear_chats = 0;
  std::uint64_t bot_messages = 0;
  std::uint64_t replies = 0;
  std::uint64_t streams = 0;
  std::uint64_t renamed_users = 0;
  std::uint64_t distinct_chatters = 0;  // accounts that sent at least one message
  bool stopped = false;                 // the sink asked to stop
};

// Generates the whole community into `sink`. An error only for invalid options.
Result<CommunitySummary> generate_community(const CommunityOptions& options, CommunitySink& sink);

// Buffers the events in chunks of up to `chunk_messages` messages (and the moderation
// events among them) and hands each chunk to `write`, e.g. Store::write. Every event of a
// chunk is no later than every event of the next chunk. The first failing `write` stops
// generation and its status is returned.
using ChunkWriter = std::function<Status(const std::vector<ChatMessage>& messages,
                                         const std::vector<ModerationEvent>& moderation)>;
Result<CommunitySummary> generate_community_chunks(const CommunityOptions& options,
                                                   std::size_t chunk_messages,
                                                   const ChunkWriter& write);

}  // namespace pererecos::demo
