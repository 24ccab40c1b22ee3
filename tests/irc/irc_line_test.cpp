#include "irc/irc_line.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace pererecos::irc {
namespace {

using namespace std::string_literals;

// Deliberately simple reference for IRCv3 tag unescaping, one character at a time.
std::string reference_unescape(const std::string& raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out += raw[i];
      continue;
    }
    if (i + 1 == raw.size()) break;
    const char c = raw[++i];
    if (c == 's') {
      out += ' ';
    } else if (c == ':') {
      out += ';';
    } else if (c == 'r') {
      out += '\r';
    } else if (c == 'n') {
      out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

IrcLine parse_ok(std::string_view line) {
  Result<IrcLine> parsed = parse_irc_line(line);
  EXPECT_TRUE(parsed.is_ok()) << (parsed ? "" : parsed.error()) << " for: " << line;
  return parsed ? *parsed : IrcLine();
}

std::string parse_error(std::string_view line) {
  Result<IrcLine> parsed = parse_irc_line(line);
  EXPECT_FALSE(parsed.is_ok()) << "unexpectedly parsed: " << line;
  return parsed ? std::string() : parsed.error();
}

std::vector<std::string> params_of(const IrcLine& line) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < line.param_count(); ++i) out.emplace_back(line.param(i));
  return out;
}

TEST(IrcLine, ParsesTwitchPrivmsg) {
  const std::string text =
      "@badge-info=;color=#FF0000;display-name=Foo\\sBar;id=abc-1;user-id=42 "
      ":foo!foo_user@foo.tmi.twitch.tv PRIVMSG #nymn :hello world : with colon";
  const IrcLine line = parse_ok(text);
  EXPECT_EQ(line.tags_raw(),
            "badge-info=;color=#FF0000;display-name=Foo\\sBar;id=abc-1;user-id=42");
  EXPECT_EQ(line.prefix().raw, "foo!foo_user@foo.tmi.twitch.tv");
  EXPECT_EQ(line.prefix().nick, "foo");
  EXPECT_EQ(line.prefix().user, "foo_user");
  EXPECT_EQ(line.prefix().host, "foo.tmi.twitch.tv");
  EXPECT_EQ(line.command(), "PRIVMSG");
  EXPECT_EQ(params_of(line), (std::vector<std::string>{"#nymn", "hello world : with colon"}));
  EXPECT_TRUE(line.has_trailing());
  EXPECT_EQ(line.trailing(), "hello world : with colon");
  EXPECT_EQ(line.raw_tag("display-name"), "Foo\\sBar");
  EXPECT_EQ(line.tag("display-name"), "Foo Bar");
  EXPECT_EQ(line.raw_tag("badge-info"), "");
  EXPECT_TRUE(line.has_tag("badge-info"));
  EXPECT_FALSE(line.has_tag("bits"));
  EXPECT_EQ(line.tag("bits"), "");
}

TEST(IrcLine, ViewsPointIntoTheInput) {
  const std::string text = "@a=1 :n!u@h CMD x :y";
  const IrcLine line = parse_ok(text);
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  for (std::string_view v :
       {line.tags_raw(), line.prefix().nick, line.command(), line.param(0), line.param(1)}) {
    EXPECT_GE(v.data(), begin);
    EXPECT_LE(v.data() + v.size(), end);
  }
}

TEST(IrcLine, TagLookupMatchesWholeKeysOnly) {
  const IrcLine line = parse_ok("@user-id=1;id=2;reply-parent-msg-id=3;idx=4 CMD");
  EXPECT_EQ(line.raw_tag("id"), "2");
  EXPECT_EQ(line.raw_tag("user-id"), "1");
  EXPECT_EQ(line.raw_tag("msg-id"), std::nullopt);
  EXPECT_EQ(line.raw_tag("i"), std::nullopt);
  EXPECT_EQ(line.raw_tag(""), std::nullopt);
}

TEST(IrcLine, TagEdgeCases) {
  const IrcLine line = parse_ok("@;;flag;empty=;dup=1;=nokey;dup=2;eq=a=b;;= PING");
  EXPECT_EQ(line.raw_tag("flag"), "");
  EXPECT_EQ(line.raw_tag("empty"), "");
  EXPECT_EQ(line.raw_tag("dup"), "2");  // the last one wins
  EXPECT_EQ(line.raw_tag("eq"), "a=b");
  EXPECT_EQ(line.raw_tag(""), std::nullopt);  // "=nokey" and "=" are not tags
  std::vector<std::string> keys;
  for (const IrcTag& tag : line.tags()) keys.emplace_back(tag.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"flag", "empty", "dup", "dup", "eq"}));
}

TEST(IrcLine, EmptyTagSectionHasNoTags) {
  const IrcLine line = parse_ok("@ PING :x");
  EXPECT_EQ(line.tags_raw(), "");
  EXPECT_EQ(line.tags().begin(), line.tags().end());
  EXPECT_EQ(line.command(), "PING");
}

TEST(IrcLine, UnescapesEachEscape) {
  EXPECT_EQ(unescape_tag_value("a\\sb"), "a b");
  EXPECT_EQ(unescape_tag_value("a\\:b"), "a;b");
  EXPECT_EQ(unescape_tag_value("a\\\\b"), "a\\b");
  EXPECT_EQ(unescape_tag_value("a\\rb"), "a\rb");
  EXPECT_EQ(unescape_tag_value("a\\nb"), "a\nb");
  EXPECT_EQ(unescape_tag_value("a\\bc"), "abc");  // unknown escape: drop the backslash
  EXPECT_EQ(unescape_tag_value("a\\"), "a");      // lone trailing backslash dropped
  EXPECT_EQ(unescape_tag_value("\\"), "");
  EXPECT_EQ(unescape_tag_value("\\\\s"), "\\s");
  EXPECT_EQ(unescape_tag_value("\\s\\s"), "  ");
  EXPECT_EQ(unescape_tag_value(""), "");
  EXPECT_EQ(unescape_tag_value("plain"), "plain");
  EXPECT_EQ(unescape_tag_value("FeelsDankMan\\s👋\\shelo"), "FeelsDankMan 👋 helo");
}

TEST(IrcLine, UnescapeMatchesReferenceOnRandomInputs) {
  std::mt19937 rng(12345);
  const std::string alphabet = "\\\\\\s:rnxé;";
  std::string out;
  for (int round = 0; round < 5000; ++round) {
    std::string raw;
    const int length = static_cast<int>(rng() % 12);
    for (int i = 0; i < length; ++i) raw += alphabet[rng() % alphabet.size()];
    unescape_tag_value_into(raw, out);
    ASSERT_EQ(out, reference_unescape(raw)) << "raw: " << raw;
  }
}

TEST(IrcLine, UnescapeIntoReplacesPreviousContents) {
  std::string out = "previous";
  unescape_tag_value_into("x\\sy", out);
  EXPECT_EQ(out, "x y");
}

TEST(IrcLine, PrefixForms) {
  EXPECT_EQ(parse_ok(":tmi.twitch.tv CMD").prefix().nick, "tmi.twitch.tv");
  EXPECT_EQ(parse_ok(":tmi.twitch.tv CMD").prefix().host, "");
  const IrcLine at_only = parse_ok(":nick@host CMD");
  EXPECT_EQ(at_only.prefix().nick, "nick");
  EXPECT_EQ(at_only.prefix().user, "");
  EXPECT_EQ(at_only.prefix().host, "host");
  const IrcLine bang_only = parse_ok(":nick!user CMD");
  EXPECT_EQ(bang_only.prefix().nick, "nick");
  EXPECT_EQ(bang_only.prefix().user, "user");
  EXPECT_EQ(bang_only.prefix().host, "");
  const IrcLine none = parse_ok("CMD");
  EXPECT_EQ(none.prefix().raw, "");
  EXPECT_EQ(none.prefix().nick, "");
}

TEST(IrcLine, Commands) {
  EXPECT_EQ(parse_ok(":tmi.twitch.tv 001 me :Welcome, GLHF!").command(), "001");
  EXPECT_EQ(parse_ok("privmsg #a :b").command(), "privmsg");
  EXPECT_EQ(parse_error("12 x"), "invalid command");
  EXPECT_EQ(parse_error("1234 x"), "invalid command");
  EXPECT_EQ(parse_error("PRIV1 x"), "invalid command");
  EXPECT_EQ(parse_error(":p #chan"), "invalid command");
}

TEST(IrcLine, Params) {
  EXPECT_EQ(params_of(parse_ok("CMD")), std::vector<std::string>{});
  EXPECT_FALSE(parse_ok("CMD a b").has_trailing());
  EXPECT_EQ(parse_ok("CMD a b").trailing(), "");
  EXPECT_EQ(params_of(parse_ok("CMD a b")), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(params_of(parse_ok("CMD   a    b   ")), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(params_of(parse_ok("CMD a:b :")), (std::vector<std::string>{"a:b", ""}));
  EXPECT_TRUE(parse_ok("CMD :").has_trailing());
  EXPECT_EQ(params_of(parse_ok("CMD ::x  y ")), (std::vector<std::string>{":x  y "}));
  EXPECT_EQ(params_of(parse_ok("CMD a ::")), (std::vector<std::string>{"a", ":"}));
}

TEST(IrcLine, FifteenthParamTakesTheRestOfTheLine) {
  const IrcLine line = parse_ok("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 :17");
  ASSERT_EQ(line.param_count(), IrcLine::kMaxParams);
  EXPECT_EQ(line.param(13), "14");
  EXPECT_EQ(line.param(14), "15 16 :17");
  EXPECT_TRUE(line.has_trailing());
  EXPECT_EQ(line.param_or_empty(15), "");
}

TEST(IrcLine, ToleratesLineTerminators) {
  EXPECT_EQ(parse_ok("PING :x\r").trailing(), "x");
  EXPECT_EQ(parse_ok("PING :x\r\n").trailing(), "x");
  EXPECT_EQ(parse_ok("PING :x\n").trailing(), "x");
  EXPECT_EQ(parse_error("PING :x\r\r"), "line contains a CR or LF byte");
  EXPECT_EQ(parse_error("PING :x\ny"), "line contains a CR or LF byte");
  EXPECT_EQ(parse_error("\r"), "empty line");
  EXPECT_EQ(parse_error("\r\n"), "empty line");
}

TEST(IrcLine, MalformedLines) {
  EXPECT_EQ(parse_error(""), "empty line");
  EXPECT_EQ(parse_error("@a=b"), "line has only tags");
  EXPECT_EQ(parse_error("@"), "line has only tags");
  EXPECT_EQ(parse_error("@a=b "), "missing command");
  EXPECT_EQ(parse_error("@a=b    "), "missing command");
  EXPECT_EQ(parse_error(" "), "line has only spaces");
  EXPECT_EQ(parse_error("        "), "line has only spaces");
  EXPECT_EQ(parse_error(std::string(100000, ' ')), "line has only spaces");
  EXPECT_EQ(parse_error(":nick!u@h"), "missing command");
  EXPECT_EQ(parse_error(":nick!u@h    "), "missing command");
  EXPECT_EQ(parse_error("@a=b :nick"), "missing command");
  EXPECT_EQ(parse_error(": PRIVMSG #a :b"), "empty prefix");
  EXPECT_EQ(parse_error(":"), "empty prefix");
}

TEST(IrcLine, LeadingSpacesBeforeCommandAreSkipped) {
  EXPECT_EQ(parse_ok("   PING :x").command(), "PING");
  EXPECT_EQ(parse_ok("@a=1   :p   PING   :x").prefix().nick, "p");
}

TEST(IrcLine, NulBytesAreRejectedWherever) {
  const std::string base = "@a=1 :n!u@h PRIVMSG #c :text";
  for (std::size_t i = 0; i <= base.size(); ++i) {
    std::string line = base;
    line.insert(i, 1, '\0');
    EXPECT_EQ(parse_error(line), "line contains a NUL byte") << "NUL at " << i;
  }
  EXPECT_EQ(parse_error("\0"s), "line contains a NUL byte");
}

TEST(IrcLine, VeryLongLines) {
  const std::string text(1 << 20, 'x');
  const IrcLine long_trailing = parse_ok("PRIVMSG #c :" + text);
  EXPECT_EQ(long_trailing.trailing().size(), text.size());

  std::string tags = "@";
  for (int i = 0; i < 20000; ++i) {
    const std::string number = std::to_string(i);
    tags.append("k").append(number).append("=v\\s").append(number).append(";");
  }
  const std::string line = tags + "last=end\\:1 :p CMD";
  const IrcLine many_tags = parse_ok(line);
  EXPECT_EQ(many_tags.tag("k19999"), "v 19999");
  EXPECT_EQ(many_tags.tag("last"), "end;1");
  EXPECT_EQ(many_tags.command(), "CMD");

  std::string params = "CMD";
  for (int i = 0; i < 10000; ++i) params += " p";
  const IrcLine many_params = parse_ok(params);
  EXPECT_EQ(many_params.param_count(), IrcLine::kMaxParams);
  EXPECT_EQ(many_params.param(14).size(), (10000 - 14) * 2 - 1);
}

TEST(IrcLine, NonAsciiBytesAreData) {
  const IrcLine line = parse_ok("@d=é\\s😀 :ñ!ñ@h PRIVMSG #ç :\xff\xfe 😀 \x01");
  EXPECT_EQ(line.tag("d"), "é 😀");
  EXPECT_EQ(line.prefix().nick, "ñ");
  EXPECT_EQ(line.param(0), "#ç");
  EXPECT_EQ(line.trailing(), "\xff\xfe 😀 \x01");
}

}  // namespace
}  // namespace pererecos::irc
