// /health's probe for `serve`: the store (the engine follower's reads and the ingest
// queue's writes), the chat connection (joined, state, join grace), the ingest queue
// (stalls, buffered bytes, paused reading), each channel's messages stored today (the
// engine's day total, as chat-activity answers it) and its last gap back-fill.
#pragma once

#include "app/chat_wiring.h"
#include "app/ingest_wiring.h"
#include "http/health.h"
#include "stats/stats_engine.h"

namespace pererecos::app {

// `chat` may be null (chat disabled). `reads_ok`: the engine follower's last read of the
// store succeeded. Thread-safe (called on HTTP I/O threads).
http::HealthSnapshot serve_health(bool reads_ok, const Ingest& ingest, const ChatWiring* chat,
                                  const stats::StatsEngine& engine);

}  // namespace pererecos::app
