// The live demo: after the generated history, the demo community keeps chatting in real
// time through the same ingest queue as Twitch chat (storage::BatchedWriter).
//
// The community's next day is generated with the history's own options (same seed, same
// chatters, same daily volume and stream schedule), starting where the history ends;
// each event is submitted when the real clock reaches its timestamp. Events between the
// history's end and now (a reused dataset up to 6 h old) are submitted at once. The live
// events get their own ids (a fixed first UUID group), so they never meet a history id,
// and a restart regenerates the same ones: the store keeps each once.
#pragma once

#include <atomic>

#include "core/chat_event.h"
#include "storage/batched_writer.h"

namespace pererecos::app {

// Runs until `stop` becomes true (checked at least every 200 ms) or the day is over.
void run_demo_live_chat(storage::BatchedWriter& writer, TimestampMs history_end_ms,
                        const std::atomic<bool>& stop);

}  // namespace pererecos::app
