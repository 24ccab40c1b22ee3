// Where the chat connection delivers what it reads. The twitch module knows no store and
// no engine: the app implements this interface (app/chat_wiring.h).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/chat_event.h"

namespace pererecos::twitch {

// Every method is called on the chat client's one I/O thread, one call at a time, in the
// order the lines arrived on their connection.
//
// Backpressure: a method may block (e.g. on_message while the ingest queue is full). While
// it blocks the client reads no socket: the kernel buffers fill and TCP flow control
// slows Twitch down, so nothing is dropped. Our own liveness timers do not count that time
// as silence, but Twitch does not wait for ever: a block of several minutes can make it
// close the connection (a PING unanswered), after which the client reconnects and calls
// on_joined again, the back-fill trigger. Do not block for longer than needed.
class ChatSink {
 public:
  virtual ~ChatSink() = default;

  // A PRIVMSG (or /me action). Duplicates of one Twitch id seen on two connections during
  // a RECONNECT hand-over are delivered once; the store deduplicates the rest by identity.
  virtual void on_message(ChatMessage message) = 0;
  // The PRIVMSGs of one socket read, in order (the client calls this instead of
  // on_message one by one; every other method is called only after the messages that
  // arrived before its line). The sink may move from the elements; the caller clears the
  // vector afterwards and reuses its capacity. Default: on_message for each.
  virtual void on_messages(std::vector<ChatMessage>& messages) {
    for (ChatMessage& m : messages) on_message(std::move(m));
  }
  // A CLEARCHAT or CLEARMSG.
  virtual void on_moderation(ModerationEvent event) = 0;
  // The channel's room id, learned from ROOMSTATE; called when first seen or changed.
  virtual void on_room_id(const std::string& channel, const std::string& room_id) = 0;
  // The channel was (re)joined: at start, after every reconnect, on a RECONNECT hand-over.
  // Messages since the last one seen may be missing: the trigger for a back-fill.
  virtual void on_joined(const std::string& channel) = 0;
  // The channel is no longer read: `state` is the channel's new ChannelStatus::state
  // ("reconnecting", "connecting", "auth_failed", "refused"). Called once per loss, after
  // an on_joined (or when a JOIN is refused). Optional (metrics).
  virtual void on_left(const std::string& channel, const std::string& state) {
    (void)channel;
    (void)state;
  }
};

}  // namespace pererecos::twitch
