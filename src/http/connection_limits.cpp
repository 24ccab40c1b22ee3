#include "http/connection_limits.h"

#include "http/client_address.h"

namespace pererecos::http {

ConnectionLimits::ConnectionLimits(std::size_t max_total, std::size_t max_per_client,
                                   IpNetworks exempt)
    : max_total_(max_total), max_per_client_(max_per_client), exempt_(std::move(exempt)) {}

ConnectionLimits::Ticket::~Ticket() {
  if (owner_ != nullptr) owner_->close(key_);
}

std::string ConnectionLimits::key_of(const std::string& peer_ip) const {
  const std::optional<Ip16> ip = parse_ip(peer_ip);
  if (!ip) return peer_ip;
  if (exempt_.contains(*ip)) return {};
  return limit_key(ClientAddress{*ip, true, ip_to_string(*ip)});
}

ConnectionLimits::Ticket ConnectionLimits::try_open(const std::string& peer_ip, Refusal& why) {
  why = Refusal::kNone;
  std::size_t now = open_.load(std::memory_order_relaxed);
  do {
    if (max_total_ != 0 && now >= max_total_) {
      why = Refusal::kTotal;
      refused_.fetch_add(1, std::memory_order_relaxed);
      return Ticket();
    }
  } while (!open_.compare_exchange_weak(now, now + 1, std::memory_order_relaxed));

  std::string key = max_per_client_ == 0 ? std::string() : key_of(peer_ip);
  if (!key.empty()) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::size_t& count = per_client_[key];
    if (count >= max_per_client_) {
      open_.fetch_sub(1, std::memory_order_relaxed);
      refused_.fetch_add(1, std::memory_order_relaxed);
      why = Refusal::kPerClient;
      return Ticket();
    }
    ++count;
  }
  return Ticket(this, std::move(key));
}

void ConnectionLimits::close(const std::string& key) {
  if (!key.empty()) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = per_client_.find(key);
    if (it != per_client_.end() && --it->second == 0) per_client_.erase(it);
  }
  open_.fetch_sub(1, std::memory_order_relaxed);
}

std::size_t ConnectionLimits::open_from(const std::string& peer_ip) const {
  const std::string key = key_of(peer_ip);
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = per_client_.find(key);
  return it == per_client_.end() ? 0 : it->second;
}

}  // namespace pererecos::http
