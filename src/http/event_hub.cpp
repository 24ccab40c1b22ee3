#include "http/event_hub.h"

namespace pererecos::http {

EventSubscription::~EventSubscription() { hub_.clients_.fetch_sub(1); }

std::uint64_t EventSubscription::change_count() const { return hub_.stats_.change_count(channel_); }

const EventStreamOptions& EventSubscription::options() const { return hub_.options_; }

std::shared_ptr<EventSubscription> EventHub::subscribe(std::string channel) const {
  std::size_t now = clients_.load();
  do {
    if (now >= options_.max_clients) return nullptr;
  } while (!clients_.compare_exchange_weak(now, now + 1));
  return std::make_shared<EventSubscription>(*this, std::move(channel));
}

}  // namespace pererecos::http
