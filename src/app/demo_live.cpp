#include "app/demo_live.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "demo/community_generator.h"

namespace pererecos::app {
namespace {

constexpr TimestampMs kDayMs = 24LL * 3600 * 1000;

// A live copy's id: the first UUID group replaced, so it cannot equal a history id.
void mark_live(std::string& id) {
  if (id.size() >= 8) id.replace(0, 8, "11ee0000");
}

class Collect final : public demo::CommunitySink {
 public:
  explicit Collect(TimestampMs from) : from_(from) {}
  bool on_message(const ChatMessage& message, const demo::IrcDetails&) override {
    if (message.timestamp_ms < from_) return true;
    ChatMessage m = message;
    mark_live(m.id);
    mark_live(m.reply_parent_msg_id);
    events.emplace_back(std::move(m));
    return true;
  }
  bool on_moderation(const ModerationEvent& event, const demo::IrcDetails&) override {
    if (event.timestamp_ms < from_) return true;
    ModerationEvent e = event;
    mark_live(e.target_msg_id);
    events.emplace_back(std::move(e));
    return true;
  }
  std::vector<storage::BatchedWriter::Event> events;

 private:
  TimestampMs from_;
};

TimestampMs event_ts(const storage::BatchedWriter::Event& e) {
  return std::visit([](const auto& x) { return x.timestamp_ms; }, e);
}

}  // namespace

void run_demo_live_chat(storage::BatchedWriter& writer, TimestampMs history_end_ms,
                        const std::atomic<bool>& stop) {
  const demo::CommunityOptions history;  // the options the dataset was generated with
  demo::CommunityOptions next = history;
  next.days = 1;
  next.end_ms = history_end_ms + kDayMs;
  next.messages = std::max<std::uint64_t>(1, history.messages / static_cast<std::uint64_t>(history.days));
  Collect collect(history_end_ms);
  if (!demo::generate_community(next, collect)) return;

  SystemClock clock;
  std::size_t next_event = 0;
  const auto& events = collect.events;
  while (!stop.load() && next_event < events.size()) {
    const TimestampMs now = clock.now_ms();
    std::vector<storage::BatchedWriter::Event> due;
    while (next_event < events.size() && event_ts(events[next_event]) <= now) {
      due.push_back(events[next_event++]);
    }
    if (!due.empty() && !writer.submit_all(std::move(due))) return;  // writer closed
    TimestampMs wait = 200;
    if (next_event < events.size()) {
      wait = std::clamp<TimestampMs>(event_ts(events[next_event]) - now, 1, 200);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
  }
}

}  // namespace pererecos::app
