#include "core/time_format.h"

#include <gtest/gtest.h>

namespace pererecos {
namespace {

TEST(TimeFormat, FormatsUtcWithMillisecondsAndOffset) {
  EXPECT_EQ(format_iso8601_ms(1704557984095), "2024-01-06T16:19:44.095+00:00");
  EXPECT_EQ(format_iso8601_ms(0), "1970-01-01T00:00:00.000+00:00");
  EXPECT_EQ(format_iso8601_ms(-1), "1969-12-31T23:59:59.999+00:00");
  EXPECT_EQ(format_iso8601_ms(951782400000), "2000-02-29T00:00:00.000+00:00");
}

TEST(TimeFormat, ParsesCommonIsoForms) {
  EXPECT_EQ(parse_iso8601("2024-01-06T16:19:44.095Z"), 1704557984095);
  EXPECT_EQ(parse_iso8601("2024-01-06T16:19:44.095+00:00"), 1704557984095);
  EXPECT_EQ(parse_iso8601("2024-01-06T13:19:44.095-03:00"), 1704557984095);
  EXPECT_EQ(parse_iso8601("2024-01-06 16:19:44.095123"), 1704557984095);
  EXPECT_EQ(parse_iso8601("2024-01-06T16:19"), 1704557940000);
  EXPECT_EQ(parse_iso8601("2024-01-06"), 1704499200000);
  EXPECT_EQ(parse_iso8601("2024-01-06T16:19:44.1+0100"), 1704554384100);
}

TEST(TimeFormat, RejectsNonDates) {
  EXPECT_FALSE(parse_iso8601(""));
  EXPECT_FALSE(parse_iso8601("yesterday"));
  EXPECT_FALSE(parse_iso8601("2024-13-01"));
  EXPECT_FALSE(parse_iso8601("2023-02-29"));
  EXPECT_FALSE(parse_iso8601("2024-01-06T25:00"));
  EXPECT_FALSE(parse_iso8601("2024-01-06T16:19:44.Z"));
  EXPECT_FALSE(parse_iso8601("2024-01-06T16:19:44Zjunk"));
}

TEST(TimeFormat, RoundTrips) {
  for (TimestampMs ts : {0LL, 1LL, 1704557984095LL, 1546300799999LL, 4102444800000LL}) {
    EXPECT_EQ(parse_iso8601(format_iso8601_ms(ts)), ts);
  }
}

}  // namespace
}  // namespace pererecos
