// Connection caps of the HTTP server: at most `max_total` open connections, at most
// `max_per_client` from one client address (IPv6: one /64). Over a cap, a new connection gets a short
// 503 and is closed (see listener.cpp).
//
// Addresses in `exempt` (the trusted proxies: every visitor behind them shares their
// address) count against the total only.
//
// Thread-safe. Tickets release their place when destroyed.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/ip_networks.h"

namespace pererecos::http {

class ConnectionLimits {
 public:
  ConnectionLimits(std::size_t max_total, std::size_t max_per_client, IpNetworks exempt = {});

  // Why a connection was refused.
  enum class Refusal { kNone, kTotal, kPerClient };

  class Ticket {
   public:
    Ticket() = default;
    Ticket(ConnectionLimits* owner, std::string key) : owner_(owner), key_(std::move(key)) {}
    Ticket(Ticket&& other) noexcept : owner_(other.owner_), key_(std::move(other.key_)) {
      other.owner_ = nullptr;
    }
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket();
    explicit operator bool() const { return owner_ != nullptr; }

   private:
    ConnectionLimits* owner_ = nullptr;
    std::string key_;  // empty when the address counts against the total only
  };

  // A held ticket for a connection from `peer_ip` (the socket address), or an empty one
  // with `why` set.
  Ticket try_open(const std::string& peer_ip, Refusal& why);

  std::size_t open() const { return open_.load(std::memory_order_relaxed); }
  std::uint64_t refused() const { return refused_.load(std::memory_order_relaxed); }
  std::size_t open_from(const std::string& peer_ip) const;

 private:
  void close(const std::string& key);
  std::string key_of(const std::string& peer_ip) const;

  const std::size_t max_total_;
  const std::size_t max_per_client_;
  const IpNetworks exempt_;
  std::atomic<std::size_t> open_{0};
  std::atomic<std::uint64_t> refused_{0};
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> per_client_;  // GUARDED_BY(mutex_)
};

}  // namespace pererecos::http
