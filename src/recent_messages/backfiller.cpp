#include "recent_messages/backfiller.h"

#include <utility>

#include "core/ascii.h"
#include "recent_messages/answer_parser.h"

namespace pererecos::recent_messages {
namespace {

std::string channel_login(std::string_view channel) {
  if (!channel.empty() && channel.front() == '#') channel.remove_prefix(1);
  return ascii_lower(channel);
}

// Twitch logins are [a-z0-9_]; anything else is not asked for (it would need escaping
// in the URL and names no Twitch channel).
bool plausible_login(const std::string& login) {
  if (login.empty() || login.size() > 64) return false;
  for (char c : login) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

Backfiller::Backfiller(BackfillOptions options, HttpFetch fetch, EventSink sink,
                       std::function<void(const std::string&)> log_warning)
    : options_(std::move(options)),
      fetch_(std::move(fetch)),
      sink_(std::move(sink)),
      log_warning_(std::move(log_warning)),
      state_(std::make_shared<State>()) {
  if (!enabled()) return;
  const unsigned workers = options_.workers == 0 ? 1 : options_.workers;
  for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

Backfiller::~Backfiller() {
  {
    std::lock_guard lock(state_->mu);
    state_->stopping = true;
    state_->pending.clear();
    state_->queued.clear();
    state_->again.clear();
  }
  state_->work_cv.notify_all();
  for (std::thread& t : threads_) t.join();
}

void Backfiller::request(const std::string& channel) {
  if (!enabled()) return;
  const std::string login = channel_login(channel);
  std::lock_guard lock(state_->mu);
  if (state_->stopping) return;
  BackfillStatus& status = state_->status[login];
  status.channel = login;
  if (!plausible_login(login)) {
    status.last_error = "not a Twitch channel login";
    return;
  }
  if (state_->running.count(login)) {
    state_->again.insert(login);
    return;
  }
  if (!state_->queued.insert(login).second) return;  // already waiting
  state_->pending.push_back(login);
  state_->work_cv.notify_one();
}

std::vector<BackfillStatus> Backfiller::results() const {
  std::lock_guard lock(state_->mu);
  std::vector<BackfillStatus> out;
  out.reserve(state_->status.size());
  for (const auto& [login, status] : state_->status) {
    BackfillStatus s = status;
    s.running = state_->running.count(login) > 0 || state_->queued.count(login) > 0;
    out.push_back(std::move(s));
  }
  return out;
}

void Backfiller::wait_idle() {
  std::unique_lock lock(state_->mu);
  state_->idle_cv.wait(lock, [&] {
    return state_->pending.empty() && state_->running.empty() && state_->again.empty();
  });
}

void Backfiller::work() {
  std::unique_lock lock(state_->mu);
  while (true) {
    state_->work_cv.wait(lock, [&] { return state_->stopping || !state_->pending.empty(); });
    if (state_->stopping) return;
    std::string channel = std::move(state_->pending.front());
    state_->pending.pop_front();
    state_->queued.erase(channel);
    state_->running.insert(channel);
    BackfillStatus& status = state_->status[channel];
    ++status.attempts;
    status.last_attempt_ms = SystemClock().now_ms();
    lock.unlock();
    run_one(channel);
    lock.lock();
  }
}

void Backfiller::run_one(const std::string& channel) {
  std::string base = options_.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string url = base + "/" + channel;
  auto fail = [&](const std::string& why) {
    if (log_warning_) log_warning_("back-fill of #" + channel + " from " + url + ": " + why);
    state_->finish(channel, Status::error(why), nullptr);
  };

  Result<HttpAnswer> answer = fetch_(url);
  if (!answer.is_ok()) return fail("no answer: " + answer.error());
  Result<RecentMessagesAnswer> parsed = parse_answer(answer->body);
  if (answer->status != 200) {
    std::string why = "HTTP " + std::to_string(answer->status);
    if (parsed.is_ok() && !parsed->error.empty()) why += ": " + parsed->error;
    return fail(why);
  }
  if (!parsed.is_ok()) return fail("malformed answer: " + parsed.error());

  DecodedLines decoded = decode_lines(parsed->lines, channel);
  const std::uint64_t received = decoded.messages.size() + decoded.moderation.size();
  {
    std::lock_guard lock(state_->mu);
    BackfillStatus& status = state_->status[channel];
    status.service_error = parsed->error;
    if (!parsed->error_code.empty()) status.service_error += " (" + parsed->error_code + ")";
    status.messages_received = received;
    status.lines_skipped = decoded.skipped;
  }
  if (decoded.skipped > 0 && log_warning_) {
    log_warning_("back-fill of #" + channel + ": skipped " + std::to_string(decoded.skipped) +
                 " line(s), the first: " + decoded.first_skip_reason);
  }
  if (received == 0) {
    StoredCounts none;
    state_->finish(channel, Status::ok(), &none);
    return;
  }
  std::shared_ptr<State> state = state_;
  Status queued = sink_(std::move(decoded.messages), std::move(decoded.moderation),
                        [state, channel](const Result<StoredCounts>& counts) {
                          if (counts.is_ok()) {
                            state->finish(channel, Status::ok(), &*counts);
                          } else {
                            state->finish(channel, counts.status(), nullptr);
                          }
                        });
  if (!queued) fail("not queued for storing: " + queued.message());
}

void Backfiller::State::finish(const std::string& channel, const Status& error,
                               const StoredCounts* counts) {
  const TimestampMs now = SystemClock().now_ms();
  std::lock_guard lock(mu);
  BackfillStatus& s = status[channel];
  if (error.is_ok() && counts != nullptr) {
    s.last_success_ms = now;
    s.last_error.clear();
    s.messages_new = counts->messages_new + counts->moderation_new;
    s.messages_new_total += s.messages_new;
  } else {
    ++s.failures;
    s.last_error = error.message();
  }
  running.erase(channel);
  if (again.erase(channel) > 0 && !stopping && queued.insert(channel).second) {
    pending.push_back(channel);
    work_cv.notify_one();
  }
  idle_cv.notify_all();
}

}  // namespace pererecos::recent_messages
