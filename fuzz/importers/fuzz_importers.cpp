// libFuzzer entry point for every import format: the first byte picks the reader (IRC
// lines, TwitchDownloader JSON, TwitchDownloader text, mongoexport), the rest is the file.
// Also runs format detection on the same bytes. Invariants: no crash; every byte is
// accounted for (on_consumed, a position, never goes back and never passes the input).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "importers/format.h"
#include "importers/readers.h"

namespace {

using namespace pererecos;
using namespace pererecos::importers;

class CountingSink final : public RecordSink {
 public:
  void on_message(ChatMessage&& message, const RecordPosition&) override {
    ++messages;
    if (message.channel.empty() && message.text.empty()) ++empty;
  }
  void on_moderation(ModerationEvent&&, const RecordPosition&) override { ++moderation; }
  void on_not_chat(const RecordPosition&) override {}
  void on_skipped(const RecordPosition&, std::string) override { ++skipped; }
  void on_consumed(std::uint64_t bytes) override {
    if (bytes < consumed) std::abort();  // the contract: monotonic
    consumed = bytes;
  }
  std::uint64_t messages = 0, moderation = 0, skipped = 0, empty = 0, consumed = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  static constexpr Format kFormats[] = {Format::kIrc, Format::kTwitchDownloaderJson,
                                        Format::kTwitchDownloaderText, Format::kMongoExport};
  (void)detect_format(bytes, "fuzz.input");
  CountingSink sink;
  ReadOptions options;
  options.channel = "fuzzchannel";
  read_records(kFormats[data[0] % 4], bytes, options, sink);
  if (sink.consumed > bytes.size()) std::abort();
  return 0;
}
