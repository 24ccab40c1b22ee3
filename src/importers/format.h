// Input formats of `pererecos-stats import` and their detection from a file's content.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace pererecos::importers {

enum class Format {
  kAuto,                  // detect from content (detect_format)
  kIrc,                   // raw Twitch IRC lines (recent-messages, justlog/rustlog)
  kTwitchDownloaderJson,  // TwitchDownloader chat JSON
  kTwitchDownloaderText,  // TwitchDownloader text export
  kMongoExport,           // mongoexport of the original service's chat_messages
};

// The command-line names: "auto", "irc", "twitchdownloader-json", "twitchdownloader-txt",
// "mongoexport".
std::string_view format_name(Format format);
// Inverse of format_name (exact match); nullopt for an unknown name.
std::optional<Format> parse_format_name(std::string_view name);

// How many leading bytes of a file detect_format() wants to see.
inline constexpr std::size_t kDetectionHeadBytes = 1 << 20;

// Detects the format from the first bytes of a file (`head`, up to kDetectionHeadBytes)
// and, as a hint, the file name's extension. Rules (after a UTF-8 BOM and whitespace):
//   '@', ':' or "PING"                         -> kIrc
//   '{' with a "comments" key in the head      -> kTwitchDownloaderJson
//   '{' or '[' with a "username" or "timestamp" key in the head -> kMongoExport
//   "[YYYY-"                                   -> kTwitchDownloaderText
//   '{' or '[' with no such key, named *.jsonl / *.ndjson -> kMongoExport
// Anything else is an error naming `path`. An empty or all-blank head is also an error
// (the runner treats such files as empty before asking).
Result<Format> detect_format(std::string_view head, std::string_view path);

// True when `bytes` holds nothing but whitespace (or a lone UTF-8 BOM).
bool is_blank(std::string_view bytes);

}  // namespace pererecos::importers
