// Truncated and corrupted inputs: every parser must return an error value (or, for a
// corruption that still yields a valid document, a well-formed result), never crash.
// Run under ASan/UBSan in CI.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "emotes/bttv_parser.h"
#include "emotes/ffz_parser.h"
#include "emotes/seventv_parser.h"
#include "emotes/test_files.h"

namespace pererecos::emotes {
namespace {

using Parser = std::function<Result<ParsedEmoteSet>(std::string_view)>;

// Prefix lengths to try: every length near both ends, and `spread` evenly spaced ones.
std::set<std::size_t> cut_points(std::size_t size, std::size_t spread) {
  std::set<std::size_t> cuts;
  for (std::size_t i = 0; i < std::min<std::size_t>(size, 200); ++i) {
    cuts.insert(i);
    cuts.insert(size - 1 - i);
  }
  for (std::size_t k = 0; k < spread; ++k) cuts.insert(size * k / spread);
  return cuts;
}

// A strict prefix of a JSON document (which ends in its closing bracket) is never valid.
void expect_every_truncation_fails(const std::string& body, const Parser& parse,
                                   std::size_t spread) {
  ASSERT_TRUE(parse(body).is_ok()) << "the untruncated document must parse";
  std::string trimmed = body;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' ')) trimmed.pop_back();
  int checked = 0;
  for (std::size_t cut : cut_points(trimmed.size(), spread)) {
    if (cut >= trimmed.size()) continue;
    // Copy into an exactly sized buffer so ASan sees any read past the prefix.
    std::vector<char> prefix(trimmed.begin(), trimmed.begin() + static_cast<std::ptrdiff_t>(cut));
    EXPECT_FALSE(parse(std::string_view(prefix.data(), prefix.size())).is_ok())
        << "prefix of " << cut << " bytes was accepted";
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

// Single-byte corruptions: any outcome is fine except a crash or a malformed success.
void expect_corruptions_are_safe(const std::string& body, const Parser& parse, int rounds) {
  std::mt19937 rng(12345);  // fixed seed: reproducible
  const std::string alphabet = "{}[]\",:\\ 0a\x01\xff";
  int rejected = 0;
  for (int i = 0; i < rounds; ++i) {
    std::string mutated = body;
    std::size_t at = rng() % mutated.size();
    mutated[at] = alphabet[rng() % alphabet.size()];
    Result<ParsedEmoteSet> r = parse(mutated);
    if (!r.is_ok()) {
      ++rejected;
      continue;
    }
    for (const ParsedEmote& e : r->emotes) {
      ASSERT_FALSE(e.id.empty());
      ASSERT_FALSE(e.name.empty());
    }
  }
  EXPECT_GT(rejected, 0);  // structural corruptions must be noticed
}

TEST(ParserRobustness, SevenTvFixtureTruncations) {
  expect_every_truncation_fails(testing::seventv_fixture(), parse_seventv_emote_set, 300);
}

TEST(ParserRobustness, SevenTvFixtureCorruptions) {
  expect_corruptions_are_safe(testing::seventv_fixture(), parse_seventv_emote_set, 150);
}

TEST(ParserRobustness, SevenTvUserTruncations) {
  Parser as_set = [](std::string_view body) -> Result<ParsedEmoteSet> {
    Result<std::string> id = parse_seventv_user(body);
    if (!id) return id.status();
    return ParsedEmoteSet{*id, {}};
  };
  expect_every_truncation_fails(testing::sample("seventv-user.json"), as_set, 100);
}

TEST(ParserRobustness, BttvAndFfzSampleTruncationsAndCorruptions) {
  const std::vector<std::pair<std::string, Parser>> cases = {
      {"bttv-channel.json", parse_bttv_channel},
      {"bttv-global.json", parse_bttv_global},
      {"ffz-room.json", parse_ffz_room},
      {"ffz-global.json", parse_ffz_global},
      {"seventv-global.json", parse_seventv_emote_set},
  };
  for (const auto& [file, parse] : cases) {
    SCOPED_TRACE(file);
    std::string body = testing::sample(file);
    expect_every_truncation_fails(body, parse, 100);
    expect_corruptions_are_safe(body, parse, 300);
  }
}

}  // namespace
}  // namespace pererecos::emotes
