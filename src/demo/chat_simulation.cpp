#include "demo/chat_simulation.h"

#include <algorithm>
#include <cstdlib>

#include "demo/chat_phrases.h"

namespace pererecos::demo {
namespace {

constexpr std::uint32_t kSpamMark = 0x8000'0000u;  // forced slot for a spam account
constexpr std::int64_t kTimeoutSeconds[] = {60, 300, 600, 600, 600, 1800, 3600, 86400};
constexpr std::int64_t kCheers[] = {1, 50, 100, 100, 100, 200, 500, 1000};

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos;
       pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

}  // namespace

void ChatSimulation::plan() {
  regular_bans_left_ = 1 + o_.days / 60;
  const auto& prefix = schedule_.day_prefix();
  const std::uint64_t total = o_.messages;
  // Every chatter's first message falls in a random slot of its activity window, so
  // everyone in the population speaks at least once.
  auto& chatters = population_.chatters();
  forced_.reserve(chatters.size() + population_.spammers().size());
  for (std::uint32_t i = 0; i < chatters.size(); ++i) {
    std::uint64_t lo = prefix[static_cast<std::size_t>(chatters[i].first_day)];
    std::uint64_t hi = prefix[static_cast<std::size_t>(chatters[i].last_day) + 1];
    if (hi <= lo) {
      lo = 0;
      hi = total;
    }
    forced_.emplace_back(lo + rng_.below(hi - lo), i);
  }
  for (std::uint32_t i = 0; i < population_.spammers().size(); ++i) {
    forced_.emplace_back(rng_.below(total), kSpamMark | i);
  }
  std::sort(forced_.begin(), forced_.end());

  // Nightbot timers every 25-35 minutes of each stream, and a rare /clear.
  for (const StreamSession& s : schedule_.sessions()) {
    std::size_t timer = rng_.below(timer_messages().size());
    for (TimestampMs t = s.start_ms + 20 * kMinuteMs; t < s.end_ms;
         t += rng_.between(25, 35) * kMinuteMs) {
      Pending p;
      p.ts = t + rng_.between(0, 59'999);
      p.is_message = true;
      p.message.text = timer_messages()[timer++ % timer_messages().size()];
      push(std::move(p));
    }
    ++summary_.streams;
    if (rng_.chance(1.0 / 25.0)) {
      Pending p;
      p.ts = s.start_ms + rng_.between(0, s.end_ms - s.start_ms - 1);
      p.moderation = moderation_base(ModerationEvent::Kind::kClearChat, p.ts);
      push(std::move(p));
    }
  }
}

ModerationEvent ChatSimulation::moderation_base(ModerationEvent::Kind kind, TimestampMs ts) const {
  ModerationEvent e;
  e.kind = kind;
  e.channel = o_.channel;
  e.room_id = o_.room_id;
  e.timestamp_ms = ts;
  return e;
}

void ChatSimulation::fill_common(ChatMessage& m, const Chatter& c, TimestampMs ts) {
  make_uuid_into(uuid_key_, message_counter_++, rng_.next(), m.id);
  m.channel = o_.channel;
  m.room_id = o_.room_id;
  m.user_id = c.user_id;
  m.login = c.login_at(ts);
  m.display_name = c.display_name_at(ts);
  m.timestamp_ms = ts;
  m.emotes.clear();
  m.reply_parent_login.clear();
  m.reply_parent_msg_id.clear();
  m.bits = 0;
  m.first_msg = c.newcomer && !c.spoken;
  m.action = false;
}

void ChatSimulation::fill_details(IrcDetails& d, const Chatter& c) {
  d.color = c.color;
  d.badges = c.badges;
  d.badge_info = c.badge_info;
  d.mod = c.mod;
  d.subscriber = c.subscriber;
  d.returning_chatter = false;
  d.reply_parent_user_id.clear();
  d.reply_parent_display_name.clear();
  d.reply_parent_body.clear();
  d.reply_thread_parent_msg_id.clear();
  d.reply_thread_parent_login.clear();
  d.reply_thread_parent_user_id.clear();
  d.reply_thread_parent_display_name.clear();
  d.deleted_text.clear();
}

void ChatSimulation::emit_message(ChatMessage& m, const IrcDetails& d, Chatter& c,
                                  std::int64_t chatter_index) {
  if (!c.spoken) ++summary_.distinct_chatters;
  c.spoken = true;
  ++summary_.messages;
  if (!m.reply_parent_msg_id.empty()) ++summary_.replies;
  if (chatter_index >= -1) {
    Recent& r = ring_[ring_count_++ % kRingSize];
    r.id = m.id;
    r.login = m.login;
    r.display = m.display_name;
    r.user_id = m.user_id;
    r.text = m.text;
    r.chatter = chatter_index;
    if (m.reply_parent_msg_id.empty()) {
      r.thread_id.clear();
    } else if (d.reply_thread_parent_msg_id.empty()) {
      r.thread_id = m.reply_parent_msg_id;
      r.thread_login = m.reply_parent_login;
      r.thread_user_id = d.reply_parent_user_id;
      r.thread_display = d.reply_parent_display_name;
    } else {
      r.thread_id = d.reply_thread_parent_msg_id;
      r.thread_login = d.reply_thread_parent_login;
      r.thread_user_id = d.reply_thread_parent_user_id;
      r.thread_display = d.reply_thread_parent_display_name;
    }
  }
  if (!sink_.on_message(m, d)) stop_ = true;
}

void ChatSimulation::emit_moderation(const ModerationEvent& e, const IrcDetails& d) {
  ++summary_.moderation_events;
  switch (e.kind) {
    case ModerationEvent::Kind::kBan:
      ++summary_.bans;
      break;
    case ModerationEvent::Kind::kTimeout:
      ++summary_.timeouts;
      break;
    case ModerationEvent::Kind::kDeleteMessage:
      ++summary_.deletions;
      break;
    case ModerationEvent::Kind::kClearChat:
      ++summary_.clear_chats;
      break;
  }
  if (!sink_.on_moderation(e, d)) stop_ = true;
}

bool ChatSimulation::drain_pending(TimestampMs slot_ts) {
  while (!stop_ && !pending_.empty() && pending_.top().ts <= slot_ts) {
    const Pending& top = pending_.top();
    if (top.is_message) {
      Chatter& bot = population_.bot(top.bot);
      ChatMessage m = top.message;
      fill_common(m, bot, top.ts);
      fill_details(details_, bot);
      ++summary_.bot_messages;
      pending_.pop();
      emit_message(m, details_, bot, -2);
      return true;  // one pending message per slot keeps the total exact
    }
    ModerationEvent e = top.moderation;
    IrcDetails d = top.details;
    pending_.pop();
    emit_moderation(e, d);
  }
  return false;
}

const Recent* ChatSimulation::recent_other(std::int64_t self, std::size_t window) {
  const std::size_t available = std::min(ring_count_, kRingSize);
  if (available == 0) return nullptr;
  for (int tries = 0; tries < 4; ++tries) {
    const std::size_t back = 1 + rng_.below(std::min(window, available));
    const Recent& r = ring_[(ring_count_ - back) % kRingSize];
    if (r.chatter != self) return &r;
  }
  return nullptr;
}

std::uint32_t ChatSimulation::choose_chatter(TimestampMs ts, bool live) {
  auto& chatters = population_.chatters();
  const int day = static_cast<int>((ts - schedule_.start_ms()) / kDayMs);
  const int hour = local_hour(ts);
  auto eligible = [&](const Chatter& c) {
    return day >= c.first_day && day <= c.last_day && !c.banned && c.muted_until <= ts;
  };
  for (int tries = 0; tries < 40; ++tries) {
    const std::uint32_t u = population_.draw(rng_);
    const Chatter& c = chatters[u];
    if (!eligible(c)) continue;
    int d = std::abs(hour - c.preferred_hour);
    d = std::min(d, 24 - d);
    const double x = static_cast<double>(d) / c.hour_width;
    const double k = 1.0 / (1.0 + x * x);
    if (rng_.chance(live ? 0.45 + 0.55 * k : 0.1 + 0.9 * k)) return u;
  }
  for (std::uint32_t u = 0; u < chatters.size(); ++u) {
    if (eligible(chatters[u])) return u;
  }
  return 0;
}

void ChatSimulation::bot_answer(std::size_t command, const Chatter& caller, TimestampMs ts) {
  Pending p;
  p.ts = ts + rng_.between(600, 3500);
  p.is_message = true;
  p.bot = command_bot(command);
  const StreamSession* session = schedule_.session_at(ts);
  std::string text;
  if (command == 0 && session == nullptr) {
    text = "@{user}, ";
    text += o_.channel;
    text += " está offline.";
  } else {
    text = command_answer(command);
  }
  replace_all(text, "{user}", caller.display_name_at(ts));
  if (session != nullptr) {
    const TimestampMs minutes = (p.ts - session->start_ms) / kMinuteMs;
    replace_all(text, "{uptime}",
                std::to_string(minutes / 60) + "h " + std::to_string(minutes % 60) + "m");
  }
  replace_all(text, "{months}", std::to_string(rng_.between(1, 40)));
  p.message.text = std::move(text);
  push(std::move(p));
}

void ChatSimulation::human_message(std::size_t minute, TimestampMs ts, std::uint32_t who) {
  Chatter& c = population_.chatters()[who];
  const MinutePhase phase = schedule_.phase(minute);
  const bool live = phase != MinutePhase::kOffline;
  fill_common(msg_, c, ts);
  fill_details(details_, c);
  ComposeRequest req;
  if (msg_.first_msg && rng_.chance(0.6)) {
    req.situation = Situation::kFirstTime;
  } else if (!live) {
    req.situation = rng_.chance(0.6) ? Situation::kOffline : Situation::kChat;
  } else if (phase == MinutePhase::kOpening && rng_.chance(0.5)) {
    req.situation = Situation::kGreeting;
  } else if (phase == MinutePhase::kClosing && rng_.chance(0.5)) {
    req.situation = Situation::kFarewell;
  }
  const bool troll = c.troublemaker && !msg_.first_msg && rng_.chance(0.04);
  const bool command = !troll && rng_.chance(c.command_rate);
  if (troll) req.situation = Situation::kTroll;
  if (command) {
    const std::size_t index = rng_.below(commands().size());
    msg_.text = commands()[index];
    bot_answer(index, c, ts);
  } else {
    if (rng_.chance(c.action_rate)) {
      req.situation = Situation::kAction;
      req.action = true;
    } else if (rng_.chance(c.reply_rate)) {
      if (const Recent* parent = recent_other(who, 20)) {
        req.reply_to = parent->display;
        if (req.situation == Situation::kChat && rng_.chance(0.6)) {
          req.situation = Situation::kReplyBody;
        }
        msg_.reply_parent_login = parent->login;
        msg_.reply_parent_msg_id = parent->id;
        details_.reply_parent_user_id = parent->user_id;
        details_.reply_parent_display_name = parent->display;
        details_.reply_parent_body = parent->text;
        if (!parent->thread_id.empty()) {
          details_.reply_thread_parent_msg_id = parent->thread_id;
          details_.reply_thread_parent_login = parent->thread_login;
          details_.reply_thread_parent_user_id = parent->thread_user_id;
          details_.reply_thread_parent_display_name = parent->thread_display;
        }
      }
    } else if (rng_.chance(c.mention_rate)) {
      const Chatter& bc = population_.broadcaster();
      const Recent* other = rng_.chance(0.15) ? nullptr : recent_other(who, 40);
      req.mention_display = other ? std::string_view(other->display) : bc.display_names[0];
      req.mention_login = other ? std::string_view(other->login) : bc.logins[0];
      if (req.situation == Situation::kChat && rng_.chance(0.5)) {
        req.situation = Situation::kMentionBody;
      }
    }
    if (req.situation == Situation::kChat) req.hype_emote = schedule_.hype(minute);
    if (live && !req.action && rng_.chance(1.0 / 2500.0)) {
      req.bits = kCheers[rng_.below(std::size(kCheers))];
    }
    composer_.compose(rng_, c, req, msg_);
    msg_.bits = req.bits;
  }
  emit_message(msg_, details_, c, who);

  if (troll) {
    Pending p;
    p.ts = ts + rng_.between(2'000, 25'000);
    const bool ban = c.timeouts >= 2 && regular_bans_left_ > 0 && rng_.chance(0.5);
    p.moderation =
        moderation_base(ban ? ModerationEvent::Kind::kBan : ModerationEvent::Kind::kTimeout, p.ts);
    p.moderation.target_user_id = c.user_id;
    p.moderation.target_login = c.login_at(p.ts);
    if (ban) {
      --regular_bans_left_;
      c.banned = true;
    } else {
      p.moderation.duration_s = kTimeoutSeconds[rng_.below(std::size(kTimeoutSeconds))];
      c.muted_until = p.ts + p.moderation.duration_s * 1000;
      ++c.timeouts;
    }
    push(std::move(p));
  } else if (rng_.chance(1.0 / 2500.0)) {
    Pending p;
    p.ts = ts + rng_.between(3'000, 40'000);
    p.moderation = moderation_base(ModerationEvent::Kind::kDeleteMessage, p.ts);
    p.moderation.target_login = msg_.login;
    p.moderation.target_msg_id = msg_.id;
    p.details.deleted_text = msg_.text;
    push(std::move(p));
  }
}

void ChatSimulation::broadcaster_message(TimestampMs ts) {
  Chatter& bc = population_.broadcaster();
  fill_common(msg_, bc, ts);
  fill_details(details_, bc);
  msg_.text = broadcaster_phrases()[rng_.below(broadcaster_phrases().size())];
  if (rng_.chance(0.3)) {
    if (const Recent* parent = recent_other(-1, 10)) {
      msg_.reply_parent_login = parent->login;
      msg_.reply_parent_msg_id = parent->id;
      details_.reply_parent_user_id = parent->user_id;
      details_.reply_parent_display_name = parent->display;
      details_.reply_parent_body = parent->text;
      std::string text = "@";
      text += parent->display;
      text += ' ';
      text += msg_.text;
      msg_.text = std::move(text);
    }
  }
  emit_message(msg_, details_, bc, -1);
}

void ChatSimulation::spam_message(TimestampMs ts, std::uint32_t index) {
  Chatter& s = population_.spammers()[index];
  fill_common(msg_, s, ts);
  fill_details(details_, s);
  msg_.text = spam_messages()[index % spam_messages().size()];
  emit_message(msg_, details_, s, -3);
  Pending p;
  p.ts = ts + rng_.between(1'500, 8'000);
  p.moderation = moderation_base(ModerationEvent::Kind::kBan, p.ts);
  p.moderation.target_user_id = s.user_id;
  p.moderation.target_login = s.logins[0];
  s.banned = true;
  push(std::move(p));
}

CommunitySummary ChatSimulation::run() {
  plan();
  std::vector<std::uint32_t> offsets;
  std::uint64_t slot = 0;
  auto& chatters = population_.chatters();
  for (std::size_t m = 0; m < schedule_.minutes() && !stop_; ++m) {
    const std::uint32_t count = schedule_.count(m);
    if (count == 0) continue;
    offsets.resize(count);
    for (auto& off : offsets) off = static_cast<std::uint32_t>(rng_.below(kMinuteMs));
    std::sort(offsets.begin(), offsets.end());
    const bool live = schedule_.phase(m) != MinutePhase::kOffline;
    for (std::uint32_t k = 0; k < count && !stop_; ++k, ++slot) {
      const TimestampMs ts = schedule_.minute_start(m) + offsets[k];
      if (drain_pending(ts)) continue;
      if (stop_) break;
      if (next_forced_ < forced_.size() && forced_[next_forced_].first <= slot) {
        const std::uint32_t who = forced_[next_forced_++].second;
        if (who & kSpamMark) {
          spam_message(ts, who & ~kSpamMark);
          continue;
        }
        const Chatter& c = chatters[who];
        if (!c.spoken && !c.banned && c.muted_until <= ts) {
          human_message(m, ts, who);
          continue;
        }
      }
      if (live && rng_.chance(0.003)) {
        broadcaster_message(ts);
        continue;
      }
      human_message(m, ts, choose_chatter(ts, live));
    }
  }
  // Moderation still due before the end; leftover bot messages are dropped (the message
  // count stays exact).
  while (!stop_ && !pending_.empty()) {
    if (!pending_.top().is_message) {
      ModerationEvent e = pending_.top().moderation;
      IrcDetails d = pending_.top().details;
      pending_.pop();
      emit_moderation(e, d);
    } else {
      pending_.pop();
    }
  }
  summary_.renamed_users = population_.renamed();
  summary_.stopped = stop_;
  return summary_;
}

}  // namespace pererecos::demo
