// Golden and robustness tests over the real capture nymn-recent-400.irc.
//
// The golden file holds one describe_chat_event() rendering (or "ERROR <message>") per
// fixture line. Regenerate it with PERERECOS_UPDATE_GOLDEN=1 after a deliberate change and
// review the diff; a few of its lines are also checked here against hand-written values.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "irc/chat_event_text.h"
#include "irc/irc_line.h"
#include "irc/twitch_decoder.h"

namespace pererecos::irc {
namespace {

constexpr char kFixture[] = PERERECOS_FIXTURES_DIR "/twitch/nymn-recent-400.irc";
constexpr char kGolden[] = PERERECOS_SOURCE_DIR "/tests/irc/golden/nymn-recent-400.golden";

std::vector<std::string> read_lines(const char* path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

const std::vector<std::string>& fixture_lines() {
  static const std::vector<std::string> lines = read_lines(kFixture);
  return lines;
}

std::string render(std::string_view line) {
  Result<ChatEvent> event = decode_twitch_line(line);
  return event ? describe_chat_event(*event) : "ERROR " + event.error();
}

bool update_requested() {
  const char* flag = std::getenv("PERERECOS_UPDATE_GOLDEN");
  return flag != nullptr && std::string(flag) == "1";
}

TEST(IrcFixture, HasFourHundredLines) { EXPECT_EQ(fixture_lines().size(), 400u); }

TEST(IrcFixture, EveryLineDecodes) {
  int messages = 0;
  int moderation = 0;
  for (std::size_t i = 0; i < fixture_lines().size(); ++i) {
    Result<ChatEvent> event = decode_twitch_line(fixture_lines()[i]);
    ASSERT_TRUE(event.is_ok()) << "line " << i + 1 << ": " << event.error();
    messages += std::holds_alternative<ChatMessage>(*event) ? 1 : 0;
    moderation += std::holds_alternative<ModerationEvent>(*event) ? 1 : 0;
  }
  // The fixture README: 398 PRIVMSG and 2 CLEARCHAT.
  EXPECT_EQ(messages, 398);
  EXPECT_EQ(moderation, 2);
}

TEST(IrcFixture, MatchesGoldenFile) {
  std::vector<std::string> actual;
  for (const std::string& line : fixture_lines()) actual.push_back(render(line));
  if (update_requested()) {
    std::ofstream out(kGolden, std::ios::binary | std::ios::trunc);
    for (const std::string& line : actual) out << line << '\n';
    ASSERT_TRUE(out.good()) << "cannot write " << kGolden;
    std::cout << "golden file rewritten: " << kGolden << "\n";
  }
  const std::vector<std::string> golden = read_lines(kGolden);
  ASSERT_EQ(golden.size(), actual.size()) << "regenerate with PERERECOS_UPDATE_GOLDEN=1";
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i], golden[i]) << "fixture line " << i + 1;
  }
}

// Hand-checked lines of the golden file (1-based fixture line numbers), written by reading
// the raw fixture, so the golden file is not trusted blindly.
std::string golden_line(std::size_t number) {
  const std::vector<std::string> golden = read_lines(kGolden);
  return number <= golden.size() ? golden[number - 1] : std::string();
}

TEST(IrcFixture, GoldenReplyLineByHand) {
  EXPECT_EQ(golden_line(246),
            "MESSAGE id=\"be3a2cb7-25c0-4ac6-b2b7-475a19ca71ef\" channel=\"nymn\" "
            "room_id=\"62300805\" user_id=\"133862911\" login=\"123homo\" "
            "display_name=\"123homo\" ts=1704558128218 emotes=\"\" reply_login=\"soran2202\" "
            "reply_msg_id=\"fffbdd14-0932-4b3e-b5a8-9feecfca5b00\" bits=0 first_msg=0 "
            "action=0 text=\"@soran2202 sup dude how are ya\"");
}

TEST(IrcFixture, GoldenActionLineByHand) {
  EXPECT_EQ(golden_line(257),
            "MESSAGE id=\"67a07fca-5f86-4560-96c4-f505812abba9\" channel=\"nymn\" "
            "room_id=\"62300805\" user_id=\"97661864\" login=\"botnextdoor\" "
            "display_name=\"botnextdoor\" ts=1704558135943 emotes=\"\" reply_login=\"\" "
            "reply_msg_id=\"\" bits=0 first_msg=0 action=1 text=\"Make sure to subscribe to "
            "NymN's YouTube channels: Stream channel - youtube.com/nymnion | Music channel - "
            "youtube.com/nymnhs | Clips channel - https://www.youtube.com/c/dailydoseofnymnion\"");
}

TEST(IrcFixture, GoldenClearchatLinesByHand) {
  EXPECT_EQ(golden_line(280),
            "MODERATION kind=\"timeout\" channel=\"nymn\" room_id=\"62300805\" "
            "target_user_id=\"423574282\" target_login=\"e7om\" target_msg_id=\"\" "
            "duration_s=180 ts=1704558154585");
  EXPECT_EQ(golden_line(291),
            "MODERATION kind=\"timeout\" channel=\"nymn\" room_id=\"62300805\" "
            "target_user_id=\"31034458\" target_login=\"abitbol\" target_msg_id=\"\" "
            "duration_s=180 ts=1704558164931");
}

TEST(IrcFixture, GoldenEmoteLineWithNonAsciiByHand) {
  // The text ends with U+E0000 (F3 A0 80 80), which Chatterino-style clients append to
  // dodge Twitch's duplicate-message check; it must survive byte for byte.
  EXPECT_EQ(golden_line(145),
            "MESSAGE id=\"42d51753-8cd8-4d3c-a80b-ab69eca02def\" channel=\"nymn\" "
            "room_id=\"62300805\" user_id=\"190828982\" login=\"near____________\" "
            "display_name=\"Near____________\" ts=1704558045902 "
            "emotes=\"emotesv2_ee52e9d2f1344320bad5e93dd2a6e570:0-10/"
            "emotesv2_2ce848d8d4cb42cbb94ba47b9dd8183e:12-18\" reply_login=\"\" "
            "reply_msg_id=\"\" bits=0 first_msg=0 action=0 "
            "text=\"forsenParty nymnEDM \xF3\xA0\x80\x80\"");
}

// Cutting a fixture line anywhere never crashes: it gives an event or an error. Cuts
// inside the tag section are errors; cuts inside a PRIVMSG's text give that text's prefix.
TEST(IrcFixture, TruncatedLinesNeverCrash) {
  std::size_t events = 0;
  std::size_t errors = 0;
  for (const std::string& line : fixture_lines()) {
    const std::size_t tags_end = line.find(' ');
    const std::size_t text_begin = line.find(" PRIVMSG #nymn :");
    const std::size_t text_start =
        text_begin == std::string::npos ? std::string::npos : text_begin + 16;
    for (std::size_t cut = 0; cut <= line.size(); ++cut) {
      const std::string_view truncated = std::string_view(line).substr(0, cut);
      Result<ChatEvent> event = decode_twitch_line(truncated);
      if (!event) {
        ++errors;
        ASSERT_FALSE(event.error().empty());
        if (cut >= text_start) ADD_FAILURE() << "cut in text failed: " << event.error();
        continue;
      }
      ++events;
      ASSERT_GT(cut, tags_end) << "a cut inside the tags decoded";
      if (cut >= text_start && text_start != std::string::npos) {
        const auto* message = std::get_if<ChatMessage>(&*event);
        ASSERT_NE(message, nullptr);
        if (!message->action) {
          ASSERT_EQ(message->text, line.substr(text_start, cut - text_start));
        }
      }
    }
  }
  EXPECT_GT(events, 0u);
  EXPECT_GT(errors, 0u);
}

// The lazily scanned tag lookup agrees with a naive split of the tag section.
TEST(IrcFixture, TagLookupAgreesWithNaiveSplit) {
  for (const std::string& line : fixture_lines()) {
    Result<IrcLine> parsed = parse_irc_line(line);
    ASSERT_TRUE(parsed.is_ok());
    const std::string tags = line.substr(1, line.find(' ') - 1);
    std::stringstream stream(tags);
    std::string entry;
    while (std::getline(stream, entry, ';')) {
      const std::size_t equals = entry.find('=');
      ASSERT_NE(equals, std::string::npos);
      EXPECT_EQ(parsed->raw_tag(entry.substr(0, equals)), entry.substr(equals + 1));
    }
  }
}

}  // namespace
}  // namespace pererecos::irc
