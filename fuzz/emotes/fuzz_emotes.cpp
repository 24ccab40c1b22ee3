// libFuzzer entry point for the 7TV / BTTV / FFZ parsers: the first byte picks the parser,
// the rest is the provider's response body. Any input gives a value or an error, never a
// crash (with ASan/UBSan: no bad access, no undefined behaviour).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "emotes/bttv_parser.h"
#include "emotes/ffz_parser.h"
#include "emotes/seventv_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pererecos::emotes;
  if (size < 1) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 6) {
    case 0: (void)parse_seventv_emote_set(body); break;
    case 1: (void)parse_seventv_user(body); break;
    case 2: (void)parse_bttv_channel(body); break;
    case 3: (void)parse_bttv_global(body); break;
    case 4: (void)parse_ffz_room(body); break;
    default: (void)parse_ffz_global(body); break;
  }
  return 0;
}
