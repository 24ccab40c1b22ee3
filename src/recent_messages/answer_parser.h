// The recent-messages service's answer (GET {RECENT_MESSAGES_URL}/{channel}):
//   {"messages": ["@tags :nick!nick@nick.tmi.twitch.tv PRIVMSG #chan :text", ...],
//    "error": null | "text", "error_code": null | "code"}
// Each line is a raw IRC line as the service received it, with `historical=1` and
// `rm-received-ts` tags added. Pure functions, no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/chat_event.h"
#include "core/result.h"

namespace pererecos::recent_messages {

struct RecentMessagesAnswer {
  std::vector<std::string> lines;
  std::string error;       // empty when null or absent
  std::string error_code;  // e.g. "channel_not_joined"; a numeric code as its digits
};

// Parses the JSON body. A body that is not a JSON object, or whose "messages" is present
// but not an array of strings, is an error saying so (nothing is taken from it).
Result<RecentMessagesAnswer> parse_answer(std::string_view body);

// What the lines hold, decoded with irc::decode_twitch_line (recorded lines: each must
// carry tmi-sent-ts or rm-received-ts).
struct DecodedLines {
  std::vector<ChatMessage> messages;        // PRIVMSG (and /me)
  std::vector<ModerationEvent> moderation;  // CLEARCHAT, CLEARMSG
  std::uint64_t other = 0;                  // well-formed lines of other kinds (USERNOTICE...)
  std::uint64_t skipped = 0;                // malformed lines
  std::string first_skip_reason;            // why the first skipped line was refused
};

// Decodes every line. `channel` (lowercase login): lines of another channel are skipped
// too, so a confused service cannot write into a channel it was not asked about.
DecodedLines decode_lines(const std::vector<std::string>& lines, std::string_view channel);

}  // namespace pererecos::recent_messages
