// The output side of every reader: a pure parser turns bytes into calls on a RecordSink,
// each tagged with where in the input it came from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/chat_event.h"

namespace pererecos::importers {

// Where a record starts in its input. `record` is the 1-based record number (the line
// number for line formats, the element number for JSON arrays); `line` is the 1-based
// line on which it starts.
struct RecordPosition {
  std::uint64_t record = 0;
  std::uint64_t line = 0;
};

// Options shared by all readers.
struct ReadOptions {
  // Channel login for records that carry none (TwitchDownloader text, mongoexport
  // documents without `channel`). For TwitchDownloader JSON, when set, it replaces
  // `streamer.name`. Normalised by readers: lowercased, leading '#' removed.
  std::string channel;
};

// Receives what a reader finds, in input order. Implementations decide what to keep.
// A reader calls it from the thread that runs the reader.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void on_message(ChatMessage&& message, const RecordPosition& where) = 0;
  virtual void on_moderation(ModerationEvent&& event, const RecordPosition& where) = 0;
  // A well-formed record that is neither a message nor a moderation event (JOIN,
  // USERNOTICE, PING ...). Not an error.
  virtual void on_not_chat(const RecordPosition& where) = 0;
  // A record that could not be imported, with a human-readable reason.
  virtual void on_skipped(const RecordPosition& where, std::string reason) = 0;
  // `bytes` of the input have been consumed (monotonic; called now and then, and once
  // with the full size at the end). For progress reporting only.
  virtual void on_consumed(std::uint64_t bytes) = 0;
  // When true, the reader stops at the next record (the consumer has given up, e.g.
  // the store failed). Checked once per record.
  virtual bool stopped() const { return false; }
};

// Lowercases ASCII letters and drops a leading '#': "#NymN" -> "nymn".
std::string normalize_channel(std::string_view channel);

}  // namespace pererecos::importers
