#include "emotes/catalog_compare.h"

#include <gtest/gtest.h>

#include "emotes/parsed_emote_set.h"

namespace pererecos::emotes {
namespace {

std::shared_ptr<const stats::EmoteSet> make(std::vector<ParsedEmote> emotes,
                                            std::string provider = "7tv", std::string id = "S") {
  return to_emote_set(provider, ParsedEmoteSet{std::move(id), std::move(emotes)});
}

TEST(CatalogCompare, ContentNotIdentity) {
  auto a = make({{"1", "A", "u1"}, {"2", "B", "u2"}});
  auto a_again = make({{"2", "B", "u2"}, {"1", "A", "u1"}});  // order of listing is irrelevant
  EXPECT_TRUE(same_emote_set(*a, *a_again));
  EXPECT_FALSE(same_emote_set(*a, *make({{"1", "A", "u1"}, {"3", "B", "u2"}})));  // id
  EXPECT_FALSE(same_emote_set(*a, *make({{"1", "A", "u1"}, {"2", "b", "u2"}})));  // name case
  EXPECT_FALSE(same_emote_set(*a, *make({{"1", "A", "u1"}, {"2", "B", "u9"}})));  // image
  EXPECT_FALSE(same_emote_set(*a, *make({{"1", "A", "u1"}})));                    // size
  EXPECT_FALSE(same_emote_set(*a, *make({{"1", "A", "u1"}, {"2", "B", "u2"}}, "bttv")));
  EXPECT_FALSE(same_emote_set(*a, *make({{"1", "A", "u1"}, {"2", "B", "u2"}}, "7tv", "T")));

  stats::EmoteCatalog x{{a}, {}};
  stats::EmoteCatalog y{{a_again}, {}};
  EXPECT_TRUE(same_emote_catalog(x, y));
  stats::EmoteCatalog moved_to_global{{}, {a}};
  EXPECT_FALSE(same_emote_catalog(x, moved_to_global));
  stats::EmoteCatalog two{{a, a}, {}};
  EXPECT_FALSE(same_emote_catalog(x, two));
  EXPECT_TRUE(same_emote_catalog(stats::EmoteCatalog{}, stats::EmoteCatalog{}));
}

}  // namespace
}  // namespace pererecos::emotes
