#include "app/chat_privacy.h"

#include <spdlog/spdlog.h>

#include "app/privacy.h"

namespace pererecos::app {

Result<std::unique_ptr<ChatPrivacy>> ChatPrivacy::open(const Config& config, const Clock& clock,
                                                       std::function<void()> on_forgot) {
  auto store = open_store(config.database_url);
  if (!store) return Status::error("chat privacy commands: " + store.error());
  return std::unique_ptr<ChatPrivacy>(
      new ChatPrivacy(config, clock, std::move(*store), std::move(on_forgot)));
}

ChatPrivacy::ChatPrivacy(const Config& config, const Clock& clock, std::unique_ptr<Store> store,
                         std::function<void()> on_forgot)
    : clock_(clock),
      optout_command_(config.optout_command),
      optin_command_(config.optin_command),
      store_(std::move(store)),
      on_forgot_(std::move(on_forgot)) {
  thread_ = std::thread([this] { run(); });
}

ChatPrivacy::~ChatPrivacy() { stop(); }

void ChatPrivacy::add_commands(twitch::StatsCommandOptions& options) {
  const std::string optin = optin_command_;
  auto user = [](const ChatMessage& m) { return m.display_name.empty() ? m.login : m.display_name; };
  if (!optout_command_.empty()) {
    options.commands.push_back(
        {optout_command_, [this, optin, user](const ChatMessage& m) -> std::optional<std::string> {
           queue(Action::kOptOut, m);
           // (appends: GCC 12 warns falsely (-Wrestrict) about chained operator+ here)
           std::string reply = "@";
           reply += user(m);
           reply += " ok: suas mensagens estão sendo apagadas destas estatísticas e as "
                    "próximas não serão contadas";
           if (!optin.empty()) {
             reply += " (";
             reply += optin;
             reply += " desfaz para as próximas)";
           }
           return reply;
         }});
  }
  if (!optin_command_.empty()) {
    options.commands.push_back(
        {optin_command_, [this, user](const ChatMessage& m) -> std::optional<std::string> {
           queue(Action::kOptIn, m);
           std::string reply = "@";
           reply += user(m);
           reply += " ok: suas próximas mensagens voltam a ser contadas";
           return reply;
         }});
  }
}

void ChatPrivacy::queue(Action action, const ChatMessage& message) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    // A newer request of the same user replaces a queued one.
    std::erase_if(jobs_, [&](const Job& j) { return j.login == message.login; });
    jobs_.push_back({action, message.user_id, message.login});
  }
  cv_.notify_one();
}

void ChatPrivacy::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t ChatPrivacy::done() const {
  std::lock_guard lock(mutex_);
  return done_;
}

void ChatPrivacy::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping, nothing left
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    execute(job);
    lock.lock();
    ++done_;
  }
}

void ChatPrivacy::execute(const Job& job) {
  // A repeated !optout is done again (the CLI may have opted the user in meanwhile); it
  // deletes nothing then and bumps no forget generation, so it costs one scan, no rebuild.
  if (job.action == Action::kOptOut) {
    auto forgot = forget_user(*store_, {job.login}, clock_.now_ms());
    if (!forgot) {
      spdlog::error("chat: {} of {} failed: {}", optout_command_, job.login, forgot.error());
      return;
    }
    spdlog::info("chat: {} forgot {} ({} messages deleted, tombstoned)", optout_command_,
                 job.login, forgot->messages_deleted);
    if (on_forgot_) on_forgot_();
  } else {
    if (Status s = opt_in_user(*store_, job.user_id, job.login); !s) {
      spdlog::error("chat: {} of {} failed: {}", optin_command_, job.login, s.message());
      return;
    }
    spdlog::info("chat: {} opted {} in again", optin_command_, job.login);
  }
}

}  // namespace pererecos::app
