// Batch apply: the same work as EngineState::apply() per message, in order, but with the
// memory of upcoming messages requested ahead of use. Applying a message is bound by memory
// latency (a user's identity, slot, counts and hourly rows live in different arrays, and
// the message's strings were often just written by another thread); a message D positions
// ahead gets its strings fetched, one stage later its user id cell, then its User and slot
// entry, then its ChannelUser and hourly rows, so those loads overlap the work on the
// messages in between. Prefetches are only hints: a stale guess (a user created in between,
// a vector that grew) costs a cache miss, never a wrong answer.
#include "stats/engine_state.h"

namespace pererecos::stats {
namespace {

constexpr std::size_t kStage = 6;  // messages between two prefetch stages

// Every cache line of [p, p + bytes).
inline void prefetch_lines(const void* p, std::size_t bytes) {
  const auto* c = static_cast<const char*>(p);
  for (std::size_t off = 0; off < bytes; off += 64) __builtin_prefetch(c + off);
  __builtin_prefetch(c + bytes - 1);
}

}  // namespace

void EngineState::apply_batch(std::span<const SequencedMessage> batch) {
  const std::size_t n = batch.size();
  std::vector<UserIdx>& owner = scratch_owners_;
  owner.assign(n, kNone);
  // The channel of most messages: only its messages are prefetched (owner[j] stays kNone
  // for the others).
  const Channel* ch = last_channel_ != kNone ? channels_[last_channel_].get() : nullptr;
  // The slot of message j's sender in `ch`, kNone when unknown. `ch` may have changed since
  // stage 2 found the owner (a message of another channel), hence the bounds check.
  auto slot_at = [&](std::size_t j) -> Slot {
    const UserIdx u = owner[j];
    return u != kNone && u < ch->slot_by_user.size() ? ch->slot_by_user[u] : kNone;
  };
  for (std::size_t i = 0; i < n + 6 * kStage; ++i) {
    // Stage 0: the message's strings (a producer thread may have just written them).
    if (i < n) {
      const ChatMessageView& m = batch[i].message;
      __builtin_prefetch(m.user_id.data());
      __builtin_prefetch(m.login.data());
      __builtin_prefetch(m.text.data());
      __builtin_prefetch(m.id.data());
    }
    // Stage 1: the cell of its user id.
    if (i >= kStage && i - kStage < n) user_by_id_.prefetch(batch[i - kStage].message.user_id);
    if (i >= 2 * kStage && i - 2 * kStage < n) {
      const std::size_t j = i - 2 * kStage;
      const ChatMessageView& m = batch[j].message;
      if (!m.user_id.empty() && ch && equal_keys(ch->name, m.channel)) {
        const UserIdx u = user_by_id_.find(m.user_id);
        if (u != kNone && u < ch->slot_by_user.size()) {
          owner[j] = u;
          prefetch_lines(&users_[u], kUserHotBytes);
          __builtin_prefetch(&ch->slot_by_user[u]);
        }
      }
    }
    if (i >= 3 * kStage && i - 3 * kStage < n) {
      const std::size_t j = i - 3 * kStage;
      const UserIdx u = owner[j];
      if (u != kNone) {
        const LoginIdx own = users_[u].own_login;
        if (own != kNone) {
          __builtin_prefetch(&logins_[own]);
          __builtin_prefetch(&login_names_[own]);
        }
      }
      const Slot s = slot_at(j);
      if (s != kNone) {
        prefetch_lines(&ch->users[s], sizeof(ChannelUser));
        prefetch_lines(&ch->rows[kAll][s], sizeof(ch->rows[kAll][s]));
        if (batch[j].message.timestamp_ms > window_now_ - kBoundAge[kB30d]) {
          for (int p = kDay; p < kAll; ++p) {
            prefetch_lines(&ch->rows[p][s], sizeof(ch->rows[p][s]));
          }
        }
      }
    }
    if (i >= 4 * kStage && i - 4 * kStage < n) {
      if (const Slot s = slot_at(i - 4 * kStage); s != kNone) {
        const ChannelUser& cu = ch->users[s];
        if (!cu.recent.empty()) __builtin_prefetch(&cu.recent[cu.recent_head]);
        if (!cu.ts30.empty()) __builtin_prefetch(&cu.ts30.back());
      }
    }
    // Stage 5: the buffer of the recent text the message will overwrite.
    if (i >= 5 * kStage && i - 5 * kStage < n) {
      if (const Slot s = slot_at(i - 5 * kStage); s != kNone) {
        const ChannelUser& cu = ch->users[s];
        if (!cu.recent.empty()) __builtin_prefetch(cu.recent[cu.recent_head].text.data());
      }
    }
    if (i >= 6 * kStage) {
      const std::size_t j = i - 6 * kStage;
      apply(batch[j].message, batch[j].seq, owner[j]);
      if (last_channel_ != kNone) ch = channels_[last_channel_].get();
    }
  }
}

}  // namespace pererecos::stats
