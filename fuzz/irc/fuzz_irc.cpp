// libFuzzer entry point: feeds arbitrary bytes to parse_irc_line and decode_twitch_line and
// checks invariants that must hold for any input (views stay inside the input; decoding
// agrees with parsing on whether the line is well-formed; rendering never fails).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "irc/chat_event_text.h"
#include "irc/irc_line.h"
#include "irc/twitch_decoder.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

void check_inside(std::string_view input, std::string_view view) {
  if (view.empty()) return;
  check(view.data() >= input.data() && view.data() + view.size() <= input.data() + input.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pererecos;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const Result<irc::IrcLine> parsed = irc::parse_irc_line(input);
  if (parsed) {
    const irc::IrcLine& line = *parsed;
    check(!line.command().empty());
    check_inside(input, line.command());
    check_inside(input, line.tags_raw());
    check_inside(input, line.prefix().raw);
    check(line.param_count() <= irc::IrcLine::kMaxParams);
    for (std::size_t i = 0; i < line.param_count(); ++i) check_inside(input, line.param(i));
    std::string value;
    for (const irc::IrcTag& tag : line.tags()) {
      check(!tag.key.empty());
      check_inside(input, tag.key);
      check_inside(input, tag.raw_value);
      irc::unescape_tag_value_into(tag.raw_value, value);
      check(value.size() <= tag.raw_value.size());
      check(line.has_tag(tag.key));
    }
  } else {
    check(!parsed.error().empty());
  }

  for (const bool require_timestamp : {true, false}) {
    irc::DecodeOptions options;
    options.require_timestamp = require_timestamp;
    options.receive_time_ms = 1;
    const Result<ChatEvent> event = irc::decode_twitch_line(input, options);
    if (event) {
      check(parsed.is_ok());  // a decoded line is a well-formed line
      const std::string text = irc::describe_chat_event(*event);
      check(text.find('\n') == std::string::npos && text.find('\r') == std::string::npos);
    } else {
      check(!event.error().empty());
    }
  }
  return 0;
}
