// pererecos-datagen: writes a large, deterministic chat history for benchmarks.
//
//   pererecos-datagen --messages 5000000 --users 100000 --days 90 --format irc --out big.irc
//   pererecos-datagen --messages 10000000 --users 200000 --days 90 --format sqlite --out big.db
//
// The events come from the demo community generator (src/demo/community_generator.h) with
// the given scale, so the same flags always give the same data. Memory stays bounded: the
// events are streamed to the output as they are generated.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "core/time_format.h"
#include "demo/community_generator.h"
#include "demo/irc_line_writer.h"

#ifdef PERERECOS_DATAGEN_SQLITE
#include "storage/store.h"
#endif

namespace {

using pererecos::ChatMessage;
using pererecos::ModerationEvent;
using pererecos::demo::CommunityOptions;
using pererecos::demo::CommunitySummary;
using pererecos::demo::IrcDetails;

// Writes each event as one raw IRC line ("\n"-terminated) through a large buffer.
class IrcFileSink final : public pererecos::demo::CommunitySink {
 public:
  explicit IrcFileSink(std::FILE* out) : out_(out) { buffer_.reserve(kFlushAt + 4096); }
  ~IrcFileSink() override { flush(); }

  bool on_message(const ChatMessage& m, const IrcDetails& d) override {
    pererecos::demo::append_privmsg_line(buffer_, m, d);
    return end_line();
  }
  bool on_moderation(const ModerationEvent& e, const IrcDetails& d) override {
    pererecos::demo::append_moderation_line(buffer_, e, d);
    return end_line();
  }
  bool flush() {
    if (!buffer_.empty()) {
      ok_ = ok_ && std::fwrite(buffer_.data(), 1, buffer_.size(), out_) == buffer_.size();
      bytes_ += buffer_.size();
      buffer_.clear();
    }
    return ok_;
  }
  bool ok() const { return ok_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  bool end_line() {
    buffer_ += '\n';
    return buffer_.size() < kFlushAt || flush();
  }
  std::FILE* out_;
  std::string buffer_;
  std::uint64_t bytes_ = 0;
  bool ok_ = true;
};

int run_irc(const CommunityOptions& options, const std::string& path, CommunitySummary* summary,
            std::uint64_t* bytes) {
  std::FILE* out = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
  if (out == nullptr) {
    std::fprintf(stderr, "cannot open %s for writing\n", path.c_str());
    return 1;
  }
  int code = 0;
  {
    IrcFileSink sink(out);
    auto result = pererecos::demo::generate_community(options, sink);
    if (!result) {
      std::fprintf(stderr, "%s\n", result.error().c_str());
      code = 2;
    } else if (!sink.flush() || result->stopped) {
      std::fprintf(stderr, "write to %s failed\n", path.c_str());
      code = 1;
    } else {
      *summary = *result;
      *bytes = sink.bytes();
    }
  }
  if (out != stdout && std::fclose(out) != 0 && code == 0) {
    std::fprintf(stderr, "write to %s failed\n", path.c_str());
    code = 1;
  }
  return code;
}

int run_sqlite(const CommunityOptions& options, const std::string& path,
               CommunitySummary* summary) {
#ifdef PERERECOS_DATAGEN_SQLITE
  auto store = pererecos::open_store("sqlite://" + path);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().c_str());
    return 1;
  }
  auto result = pererecos::demo::generate_community_chunks(
      options, 50'000,
      [&](const std::vector<ChatMessage>& messages,
          const std::vector<ModerationEvent>& moderation) -> pererecos::Status {
        auto counts = (*store)->write(messages, moderation);
        return counts ? pererecos::Status::ok() : counts.status();
      });
  if (!result) {
    std::fprintf(stderr, "%s\n", result.error().c_str());
    return 1;
  }
  *summary = *result;
  return 0;
#else
  (void)options;
  (void)path;
  (void)summary;
  std::fprintf(stderr, "this build has no storage module: only --format irc is available\n");
  return 2;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pererecos-datagen: a large, deterministic Twitch chat history for benchmarks"};
  CommunityOptions options;
  options.messages = 1'000'000;
  options.users = 20'000;
  options.days = 60;
  std::string end = "2024-07-01T00:00:00Z";
  std::string format = "irc";
  std::string out;
  app.add_option("--messages", options.messages, "chat messages to generate (exact)")
      ->capture_default_str();
  app.add_option("--users", options.users, "chatters (bots and spam accounts come on top)")
      ->capture_default_str();
  app.add_option("--days", options.days, "length of the period, ending at --end")
      ->check(CLI::Range(1, 3660))
      ->capture_default_str();
  app.add_option("--seed", options.seed, "PRNG seed; the same flags give the same data")
      ->capture_default_str();
  app.add_option("--end", end, "end of the period (ISO 8601)")->capture_default_str();
  app.add_option("--channel", options.channel, "channel login")->capture_default_str();
  app.add_option("--room-id", options.room_id, "channel user id")->capture_default_str();
  app.add_option("--format", format, "irc (raw Twitch IRC lines) or sqlite")
      ->check(CLI::IsMember({"irc", "sqlite"}))
      ->capture_default_str();
  app.add_option("--out", out, "output file (irc: '-' for stdout; sqlite: database path)")
      ->required();
  CLI11_PARSE(app, argc, argv);

  const auto end_ms = pererecos::parse_iso8601(end);
  if (!end_ms) {
    std::fprintf(stderr, "--end: not an ISO 8601 date: %s\n", end.c_str());
    return 2;
  }
  options.end_ms = *end_ms;
  if (auto status = pererecos::demo::validate_community_options(options); !status) {
    std::fprintf(stderr, "%s\n", status.message().c_str());
    return 2;
  }

  const auto started = std::chrono::steady_clock::now();
  CommunitySummary summary;
  std::uint64_t bytes = 0;
  const int code = format == "irc" ? run_irc(options, out, &summary, &bytes)
                                   : run_sqlite(options, out, &summary);
  if (code != 0) return code;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string size;
  if (format == "irc") {
    size.append(", ").append(std::to_string(bytes / (1024 * 1024))).append(" MiB");
  }
  std::fprintf(stderr,
               "datagen: %llu messages, %llu moderation events, %llu chatters, %llu streams "
               "in %.2f s (%.0f messages/s)%s\n"
               "  command: pererecos-datagen --messages %llu --users %u --days %d --seed %llu "
               "--end %s --channel %s --format %s --out %s\n",
               static_cast<unsigned long long>(summary.messages),
               static_cast<unsigned long long>(summary.moderation_events),
               static_cast<unsigned long long>(summary.distinct_chatters),
               static_cast<unsigned long long>(summary.streams), seconds,
               static_cast<double>(summary.messages) / seconds, size.c_str(),
               static_cast<unsigned long long>(options.messages), options.users, options.days,
               static_cast<unsigned long long>(options.seed), end.c_str(), options.channel.c_str(),
               format.c_str(), out.c_str());
  return 0;
}
