#include "http/security_log.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>

namespace pererecos::http {
namespace {

void append_quoted(std::string& out, std::string_view text, std::size_t max_bytes) {
  out.push_back('"');
  const bool cut = text.size() > max_bytes;
  if (cut) text = text.substr(0, max_bytes);
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20 || u == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", u);
      out.append(hex);
    } else {
      out.push_back(c);
    }
  }
  if (cut) out.append("...");
  out.push_back('"');
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string_view security_event_name(SecurityEvent event) {
  switch (event) {
    case SecurityEvent::kRateLimited: return "rate_limited";
    case SecurityEvent::kBodyTooLarge: return "body_too_large";
    case SecurityEvent::kHeadersTooLarge: return "headers_too_large";
    case SecurityEvent::kUrlTooLong: return "url_too_long";
    case SecurityEvent::kMalformedRequest: return "malformed_request";
    case SecurityEvent::kConnectionRefused: return "connection_refused";
    case SecurityEvent::kSlowRequest: return "slow_request";
    case SecurityEvent::kBadToken: return "bad_token";
    case SecurityEvent::kPathTraversal: return "path_traversal";
    case SecurityEvent::kCount_: break;
  }
  return "unknown";
}

SecurityLog::SecurityLog(SecurityLogOptions options, std::function<void(const std::string&)> sink,
                         SteadyMillis now)
    : options_(options),
      sink_(sink ? std::move(sink)
                 : std::function<void(const std::string&)>(
                       [](const std::string& line) { spdlog::warn("{}", line); })),
      now_(std::move(now)),
      tokens_(options.burst),
      last_ms_(now_()) {}

void SecurityLog::report(SecurityEvent event, std::string_view client,
                         std::string_view detail) const {
  counts_[static_cast<std::size_t>(event)].fetch_add(1, std::memory_order_relaxed);
  if (!options_.enabled) return;
  std::uint64_t dropped = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::int64_t now = now_();
    if (now > last_ms_) {
      tokens_ = std::min(options_.burst,
                         tokens_ + static_cast<double>(now - last_ms_) * options_.per_second / 1000);
      last_ms_ = now;
    }
    if (tokens_ < 1) {
      ++pending_suppressed_;
      suppressed_total_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    tokens_ -= 1;
    dropped = pending_suppressed_;
    pending_suppressed_ = 0;
  }
  std::string line = "security: ";
  line.append(security_event_name(event));
  line.append(" client=");
  std::string_view shown_client = client.empty() ? std::string_view("unknown") : client;
  if (shown_client.size() > 64) shown_client = shown_client.substr(0, 64);
  for (const char c : shown_client) line.push_back(static_cast<unsigned char>(c) < 0x21 ? '?' : c);
  line.append(" detail=");
  append_quoted(line, detail, 200);
  if (dropped > 0) line.append(" (" + std::to_string(dropped) + " more events suppressed)");
  sink_(line);
}

std::uint64_t SecurityLog::count(SecurityEvent event) const {
  return counts_[static_cast<std::size_t>(event)].load(std::memory_order_relaxed);
}

bool looks_like_path_traversal(std::string_view raw_path) {
  // Decode %XX (twice over: %252e%252e is a classic) and look at the segments.
  std::string decoded(raw_path);
  for (int round = 0; round < 2; ++round) {
    std::string next;
    next.reserve(decoded.size());
    for (std::size_t i = 0; i < decoded.size(); ++i) {
      if (decoded[i] == '%' && i + 2 < decoded.size() && hex_value(decoded[i + 1]) >= 0 &&
          hex_value(decoded[i + 2]) >= 0) {
        next.push_back(static_cast<char>(hex_value(decoded[i + 1]) * 16 + hex_value(decoded[i + 2])));
        i += 2;
      } else {
        next.push_back(decoded[i]);
      }
    }
    decoded.swap(next);
  }
  if (decoded.find('\0') != std::string::npos || decoded.find('\\') != std::string::npos) {
    return true;
  }
  std::string_view rest(decoded);
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    if (rest.substr(0, slash) == "..") return true;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return false;
}

}  // namespace pererecos::http
