// libFuzzer target for the 7TV EventAPI message parser and the live set patch: any bytes
// give a value or an error, never a crash; a parsed change applies to a set and the
// patched set's persisted form parses again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "emotes/parsed_emote_set.h"
#include "emotes/seventv_events.h"
#include "emotes/seventv_parser.h"
#include "emotes/seventv_set_patch.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pererecos::emotes;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto event = parse_seventv_event(text);
  if (!event) return 0;
  pererecos::stats::EmoteSet set;
  set.provider = "7tv";
  set.set_id = "s";
  set.by_name["A"] = {"1", "https://cdn.7tv.app/emote/1/1x.webp"};
  auto patched = patched_seventv_set(set, event->change);
  auto reread = parse_seventv_emote_set(seventv_set_body(*patched));
  if (!reread) std::abort();  // our own output must always parse
  return 0;
}
