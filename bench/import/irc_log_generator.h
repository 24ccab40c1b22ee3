// A small deterministic generator of raw Twitch IRC logs for the import benchmark: lines
// shaped like the recent-messages fixture (full tag set, emotes with code-point
// positions, some emoji), ~99.5% PRIVMSG, a few CLEARCHAT timeouts and USERNOTICEs.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace pererecos::bench {

struct IrcLogStats {
  std::uint64_t lines = 0;
  std::uint64_t messages = 0;
  std::uint64_t moderation = 0;
  std::uint64_t not_chat = 0;
  std::uint64_t bytes = 0;
};

// Writes `lines` lines to `path` (replacing it). The same seed gives the same file.
Result<IrcLogStats> write_irc_log(const std::string& path, std::uint64_t lines,
                                  std::uint64_t seed = 42);

}  // namespace pererecos::bench
