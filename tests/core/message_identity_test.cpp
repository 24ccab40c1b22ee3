#include "core/message_identity.h"

#include <gtest/gtest.h>

namespace pererecos {
namespace {

ChatMessage sample() {
  ChatMessage m;
  m.channel = "nymn";
  m.login = "bob";
  m.text = "hello";
  m.timestamp_ms = 1704557984095;
  return m;
}

TEST(MessageIdentity, TwitchIdWins) {
  ChatMessage m = sample();
  m.id = "33445373-4dcf-46a5-b2a9-2eb9db2386a5";
  EXPECT_EQ(message_identity(m), m.id);
}

TEST(MessageIdentity, DerivedIdIsStableAndDependsOnEveryField) {
  const ChatMessage m = sample();
  const std::string id = message_identity(m);
  EXPECT_TRUE(id.starts_with(kDerivedIdPrefix));
  EXPECT_EQ(id.size(), kDerivedIdPrefix.size() + 16);
  EXPECT_EQ(message_identity(sample()), id);
  // Pinned so that an accidental change of the hash (which would break deduplication of
  // re-imports into existing databases) fails loudly.
  EXPECT_EQ(id, "derived-d9bf3417da8fc9c6");
  ChatMessage other = sample();
  other.channel = "forsen";
  EXPECT_NE(message_identity(other), id);
  other = sample();
  other.timestamp_ms += 1;
  EXPECT_NE(message_identity(other), id);
  other = sample();
  other.login = "bobb";
  EXPECT_NE(message_identity(other), id);
  other = sample();
  other.text = "hello ";
  EXPECT_NE(message_identity(other), id);
}

TEST(MessageIdentity, Fnv1aKnownVectors) {
  EXPECT_EQ(stable_hash64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(stable_hash64("a"), 0xaf63dc4c8601ec8cULL);
}

}  // namespace
}  // namespace pererecos
