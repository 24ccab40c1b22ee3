// The demo community's vocabulary: Portuguese and English chat phrases by situation, emoji,
// bot texts. Internal to the demo module (the generator draws from it).
#pragma once

#include <span>
#include <string_view>

namespace pererecos::demo {

enum class Language : unsigned char { kPortuguese = 0, kEnglish = 1 };

// What a chatter is doing; each situation has phrases in both languages.
enum class Situation : unsigned char {
  kGreeting,   // stream opening, first message of the night
  kFarewell,   // stream closing
  kChat,       // ordinary live chat
  kReaction,   // short reactions ("KKKKKK", "no way")
  kQuestion,   // questions to the streamer or chat
  kOffline,    // chat while the stream is off
  kReplyBody,  // answers after "@name "
  kMentionBody,
  kFirstTime,  // a newcomer's first message
  kAction,     // /me bodies
  kTroll,      // text that gets a timeout
  kLongTail,   // extra clauses for long messages
  kCount
};

std::span<const std::string_view> phrases(Situation situation, Language language);

// Emoji and other non-ASCII symbols chatters add (some are several code points, e.g. "❤️"
// and flags).
std::span<const std::string_view> emoji();

// Chat commands users type ("!uptime", "!discord", ...).
std::span<const std::string_view> commands();

// The answer a bot gives to commands()[index]; "{user}" stands for the caller's display
// name, "{uptime}" for the live time and "{months}" for a follow age.
std::string_view command_answer(std::size_t index);
// Which bot answers commands()[index]: 0 = nightbot, 1 = streamelements.
int command_bot(std::size_t index);

// Periodic nightbot messages during a stream.
std::span<const std::string_view> timer_messages();

// Spam-bot messages (their senders get permanently banned).
std::span<const std::string_view> spam_messages();

// Things the broadcaster says in chat.
std::span<const std::string_view> broadcaster_phrases();

}  // namespace pererecos::demo
