// Pure parsing and building of 7TV EventAPI v3 messages (wss://events.7tv.io/v3). No I/O.
//
// Every message is a JSON object {"op": <opcode>, "t": <ms>, "d": {...}}:
//   op 1 hello          d = {"heartbeat_interval": 45000, "session_id": "…", "subscription_limit": 500}
//   op 2 heartbeat      d = {"count": 3}
//   op 0 dispatch       d = {"type": "emote_set.update", "body": ChangeMap}
//   op 4 reconnect      d = {"reason": "…"}               (connect again, resubscribe)
//   op 5 ack            d = {"command": "SUBSCRIBE", "data": {...}}
//   op 6 error          d = {"message": "…", "fields": {...}}
//   op 7 end of stream  d = {"code": 4000, "message": "…"}  (the server closes)
// and the client sends op 35 subscribe / 36 unsubscribe:
//   {"op":35,"d":{"type":"emote_set.update","condition":{"object_id":"<set id>"}}}
//
// An emote_set.update ChangeMap lists changes to the set's `emotes` array:
//   {"id":"<set id>","kind":3,"actor":{…},
//    "pushed":[{"key":"emotes","index":7,"value":<ActiveEmote>}],            added
//    "pulled":[{"key":"emotes","index":2,"old_value":<ActiveEmote>}],        removed
//    "updated":[{"key":"emotes","index":4,"old_value":<AE>,"value":<AE>}]}   renamed
// where an ActiveEmote has the shape of an entry of `GET /emote-sets/{id}` `emotes[]`
// ({"id","name","data":{"host":{…}}}). A user.update body is {"id":"<7TV user id>",…}:
// only the user id is kept (its active set may have changed; refetch it by REST).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "emotes/parsed_emote_set.h"

namespace pererecos::emotes {

enum class SevenTvOp : int {
  kDispatch = 0,
  kHello = 1,
  kHeartbeat = 2,
  kReconnect = 4,
  kAck = 5,
  kError = 6,
  kEndOfStream = 7,
  kSubscribe = 35,
  kUnsubscribe = 36,
};

inline constexpr std::string_view kEmoteSetUpdate = "emote_set.update";
inline constexpr std::string_view kUserUpdate = "user.update";

// The emote changes of one emote_set.update. Entries whose key is not "emotes", or whose
// emote lacks an id or a name, are left out.
struct SevenTvSetChange {
  std::vector<ParsedEmote> pushed;                             // added (value)
  std::vector<ParsedEmote> pulled;                             // removed (old_value)
  std::vector<std::pair<ParsedEmote, ParsedEmote>> updated;    // (old_value, value)
};

struct SevenTvEvent {
  int op = -1;  // the raw opcode (unknown ones are kept, for the log)
  // hello
  std::int64_t heartbeat_interval_ms = 0;
  std::string session_id;
  std::int64_t subscription_limit = -1;  // -1: not given
  // heartbeat
  std::int64_t count = 0;
  // dispatch: "emote_set.update", "user.update", …; object_id = body.id
  std::string type;
  std::string object_id;
  SevenTvSetChange change;
  // reconnect (reason), error (message), end of stream (code, message), ack (command)
  std::int64_t code = 0;
  std::string message;
};

// Parses one text frame. Unknown fields and opcodes are accepted (fields ignored).
// Error: not JSON, truncated, trailing content, no integer `op`, a known field of the
// wrong type.
Result<SevenTvEvent> parse_seventv_event(std::string_view text);

// The op 35 (subscribe) or op 36 (unsubscribe) message for `type` on `object_id`.
// REQUIRES: both are safe ids (is_safe_path_id, or a dotted type name); they are not escaped.
std::string seventv_subscription_message(SevenTvOp op, std::string_view type,
                                         std::string_view object_id);

}  // namespace pererecos::emotes
