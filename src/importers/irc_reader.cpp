#include "importers/irc_reader.h"

#include <utility>
#include <variant>

#include "importers/lines_internal.h"
#include "irc/twitch_decoder.h"

namespace pererecos::importers {

void read_irc(std::string_view bytes, RecordSink& sink) {
  irc::DecodeOptions options;
  options.require_timestamp = true;
  internal::for_each_line(bytes, sink, [&](std::string_view line, std::uint64_t number) {
    if (internal::is_blank_line(line)) return;
    const RecordPosition where{number, number};
    Result<ChatEvent> decoded = irc::decode_twitch_line(line, options);
    if (!decoded.is_ok()) {
      sink.on_skipped(where, decoded.error());
      return;
    }
    ChatEvent& event = decoded.value();
    if (auto* message = std::get_if<ChatMessage>(&event)) {
      sink.on_message(std::move(*message), where);
    } else if (auto* moderation = std::get_if<ModerationEvent>(&event)) {
      sink.on_moderation(std::move(*moderation), where);
    } else {
      sink.on_not_chat(where);
    }
  });
}

}  // namespace pererecos::importers
