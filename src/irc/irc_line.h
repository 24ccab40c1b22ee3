// IRCv3 line parsing: one raw line → views of its tags, prefix, command and parameters.
//
// Grammar accepted (IRCv3 message-tags + RFC 1459/2812 framing), e.g.
//
//   @id=abc;display-name=Foo\sBar :foo!foo@foo.tmi.twitch.tv PRIVMSG #chan :hello world
//   └─────────── tags ──────────┘ └──────── prefix ────────┘ └command┘ └mid┘ └trailing┘
//
// - An optional tag section ("@" up to the first space): `key[=value]` entries separated
//   by ";". Empty entries and entries with an empty key ("=x") are skipped; a key
//   without "=" has an empty value. Values stay
//   escaped in the line and are unescaped only on request (unescape_tag_value).
// - An optional prefix (":" up to the next space): nick[!user][@host].
// - A command: ASCII letters, or exactly three digits.
// - Up to kMaxParams parameters separated by one or more spaces; a parameter starting with
//   ":" (the trailing parameter) runs to the end of the line and may hold spaces or be
//   empty. As in RFC 2812, once kMaxParams - 1 middle parameters are read, the rest of the
//   line is the last parameter.
// - One trailing "\r\n", "\n" or "\r" is ignored. NUL, and CR or LF anywhere else, are
//   protocol violations and make the line malformed.
//
// Parsing allocates nothing on success: every field is a view into the input line, which
// must outlive the IrcLine.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pererecos::irc {

// One tag entry as it appears in the line. `raw_value` is still IRCv3-escaped.
struct IrcTag {
  std::string_view key;
  std::string_view raw_value;
};

// Forward iteration over the `key[=value]` entries of a tag section (without the "@"),
// skipping empty entries and entries with an empty key. Allocation-free; views point into the
// scanned section.
class IrcTagIterator {
 public:
  IrcTagIterator() = default;  // the end iterator
  explicit IrcTagIterator(std::string_view section) : rest_(section) { advance(); }

  const IrcTag& operator*() const { return current_; }
  const IrcTag* operator->() const { return &current_; }
  IrcTagIterator& operator++() {
    advance();
    return *this;
  }
  // Meant for comparison with the end iterator only.
  bool operator==(const IrcTagIterator& other) const { return done_ == other.done_; }

 private:
  void advance();
  std::string_view rest_;
  IrcTag current_;
  bool done_ = true;
};

// The tag section as a range, for `for (const IrcTag& tag : line.tags())`.
class IrcTagRange {
 public:
  explicit IrcTagRange(std::string_view section) : section_(section) {}
  IrcTagIterator begin() const { return IrcTagIterator(section_); }
  IrcTagIterator end() const { return IrcTagIterator(); }

 private:
  std::string_view section_;
};

// The source of a line: "nick!user@host" split into its parts. For a server prefix such
// as "tmi.twitch.tv" the whole prefix is the nick and user/host are empty.
struct IrcPrefix {
  std::string_view raw;  // everything between ":" and the space; empty when absent
  std::string_view nick;
  std::string_view user;
  std::string_view host;
};

// A parsed line. Every view points into the line given to parse_irc_line().
class IrcLine {
 public:
  // RFC 2812: at most 15 parameters (14 middle + 1 trailing).
  static constexpr std::size_t kMaxParams = 15;

  // The tag section without the leading "@"; empty when the line has no tags.
  std::string_view tags_raw() const { return view(tags_); }
  IrcTagRange tags() const { return IrcTagRange(view(tags_)); }
  // The still-escaped value of tag `key` (the last one when repeated); nullopt when the
  // tag is absent. A present tag without "=" gives an empty value. Scans the tag section.
  std::optional<std::string_view> raw_tag(std::string_view key) const;
  bool has_tag(std::string_view key) const { return raw_tag(key).has_value(); }
  // The unescaped value of tag `key`; empty when absent. Allocates only for the result.
  std::string tag(std::string_view key) const;

  // The prefix split into nick/user/host (computed on each call; cheap).
  IrcPrefix prefix() const;
  std::string_view command() const { return view(command_); }

  std::size_t param_count() const { return param_count_; }
  // REQUIRES: index < param_count().
  std::string_view param(std::size_t index) const { return view(params_[index]); }
  // The parameter at `index`, or empty when there are fewer parameters.
  std::string_view param_or_empty(std::size_t index) const {
    return index < param_count_ ? view(params_[index]) : std::string_view();
  }
  // True when the last parameter ran to the end of the line: written with a leading ":"
  // (it may then be empty or hold spaces), or the kMaxParams-th parameter.
  bool has_trailing() const { return has_trailing_; }
  // The trailing parameter (see has_trailing()); empty when there is none.
  std::string_view trailing() const {
    return has_trailing_ ? view(params_[param_count_ - 1]) : std::string_view();
  }

 private:
  friend Result<IrcLine> parse_irc_line(std::string_view line);

  // A part of the line as 32-bit offsets: keeps IrcLine small (it is returned by value
  // on every parse), which is why lines are limited to kMaxLineBytes.
  struct Part {
    std::uint32_t begin = 0;
    std::uint32_t size = 0;
  };
  std::string_view view(Part part) const {
    return part.size == 0 ? std::string_view() : std::string_view(base_ + part.begin, part.size);
  }

  const char* base_ = nullptr;
  Part tags_;
  Part prefix_;
  Part command_;
  std::array<Part, kMaxParams> params_;
  std::uint8_t param_count_ = 0;
  bool has_trailing_ = false;
};

// The longest line parse_irc_line accepts (Twitch lines are at most a few KB).
inline constexpr std::size_t kMaxLineBytes = 0xFFFFFFFFu;

// Parses one line (see the grammar above). Malformed lines give an error naming the
// problem: "empty line", "line has only tags", "empty prefix", "missing command",
// "invalid command", "line contains a NUL byte", "line too long" (over kMaxLineBytes), ...
// Never reads outside `line`; runs in time linear in its length.
Result<IrcLine> parse_irc_line(std::string_view line);

// IRCv3 tag value unescaping: "\s" → space, "\:" → ";", "\\" → "\", "\r" → CR, "\n" → LF;
// any other escaped character stands for itself (the backslash is dropped) and a lone
// backslash at the end is dropped.
std::string unescape_tag_value(std::string_view raw);
// As unescape_tag_value, but replaces the contents of `out` (reusing its capacity).
void unescape_tag_value_into(std::string_view raw, std::string& out);

}  // namespace pererecos::irc
