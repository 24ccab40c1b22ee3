// Pure helpers: query strings, percent-decoding, UTF-8 validity, validation functions,
// Tenths formatting, the router (the rate limiter: rate_limiter_test.cpp).
#include <gtest/gtest.h>

#include "http/json_answers.h"
#include "http/query_string.h"
#include "http/router.h"
#include "http/validation.h"

namespace pererecos::http {
namespace {

TEST(QueryString, SplitTarget) {
  auto p = split_target("/a/b?x=1&y=2");
  EXPECT_EQ(p.path, "/a/b");
  EXPECT_EQ(p.query, "x=1&y=2");
  p = split_target("/a");
  EXPECT_EQ(p.path, "/a");
  EXPECT_EQ(p.query, "");
  p = split_target("http://h:1/a?q");
  EXPECT_EQ(p.path, "/a");
  EXPECT_EQ(p.query, "q");
  p = split_target("https://h");
  EXPECT_EQ(p.path, "/");
}

TEST(QueryString, PercentDecode) {
  EXPECT_EQ(percent_decode("a%20b%2Fc%2f", false), "a b/c/");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("%zz%4", true), "%zz%4");  // malformed escapes stay literal
  EXPECT_EQ(percent_decode("%", true), "%");
  EXPECT_EQ(percent_decode("%00", true), std::string(1, '\0'));
  EXPECT_EQ(percent_decode("%C3%A9", false), "\xC3\xA9");
}

TEST(QueryString, Params) {
  QueryParams q("a=1&b=&c&&a=2&x%20y=%7E+z");
  EXPECT_EQ(q.get("a"), "2");  // the last one wins
  EXPECT_EQ(q.get("b"), "");
  EXPECT_EQ(q.get("c"), "");
  EXPECT_EQ(q.get("x y"), "~ z");
  EXPECT_FALSE(q.get("d"));
  EXPECT_EQ(q.all().size(), 5u);
}

TEST(QueryString, Utf8Validity) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Validation, Limit) {
  EXPECT_EQ(validate_limit(std::nullopt, 10, 1, 100).value(), 10u);
  EXPECT_EQ(validate_limit("05", 10, 1, 100).value(), 5u);
  EXPECT_EQ(validate_limit("100", 10, 1, 100).value(), 100u);
  for (const char* bad : {"+5", "0", "101", "", " 5", "5 ", "-0", "1e2", "0x10"}) {
    EXPECT_FALSE(validate_limit(bad, 10, 1, 100)) << bad;
  }
}

TEST(Validation, UsernameMatchesReferenceRegex) {
  // Reference: ^[A-Za-z0-9][A-Za-z0-9_]{0,24}$ written out by hand, checked against every
  // string over a small alphabet up to length 3, plus length bounds.
  const std::string alphabet = "aZ9_-.";
  auto reference = [](const std::string& s) {
    auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    if (s.empty() || s.size() > 25 || !alnum(s[0])) return false;
    for (char c : s.substr(1)) {
      if (!alnum(c) && c != '_') return false;
    }
    return true;
  };
  std::vector<std::string> all = {""};
  for (int len = 1; len <= 3; ++len) {
    std::vector<std::string> next;
    for (const auto& prefix : all) {
      if (static_cast<int>(prefix.size()) != len - 1) continue;
      for (char c : alphabet) next.push_back(prefix + c);
    }
    all.insert(all.end(), next.begin(), next.end());
  }
  for (const auto& s : all) {
    EXPECT_EQ(static_cast<bool>(validate_username(s, "username")), reference(s)) << s;
  }
  EXPECT_TRUE(validate_username(std::string(25, 'a'), "username"));
  EXPECT_FALSE(validate_username(std::string(26, 'a'), "username"));
}

TEST(Validation, Period) {
  EXPECT_EQ(validate_period(std::nullopt).value(), stats::Period::kAll);
  EXPECT_EQ(validate_period("month").value(), stats::Period::kMonth);
  EXPECT_FALSE(validate_period(""));
  EXPECT_FALSE(validate_period("Week"));
}

TEST(JsonAnswers, TenthsHaveExactlyOneDecimal) {
  EXPECT_EQ(format_tenths({123}), "12.3");
  EXPECT_EQ(format_tenths({500}), "50.0");
  EXPECT_EQ(format_tenths({-45}), "-4.5");
  EXPECT_EQ(format_tenths({-5}), "-0.5");
  EXPECT_EQ(format_tenths({0}), "0.0");
  EXPECT_EQ(format_tenths({7}), "0.7");
  EXPECT_EQ(format_tenths({INT64_MIN}), "-922337203685477580.8");
}

TEST(JsonAnswers, InvalidUtf8IsReplaced) {
  EXPECT_EQ(detail_json("a\xFF"
                        "b"),
            "{\"detail\":\"a\xEF\xBF\xBD"
            "b\"}");
  EXPECT_EQ(detail_json("ok \xC3\xA9"), "{\"detail\":\"ok \xC3\xA9\"}");
  EXPECT_EQ(detail_json("q\"\n"), "{\"detail\":\"q\\\"\\n\"}");
}

TEST(Router, MatchesPatterns) {
  auto m = match_route("/api/v1/stats/compare/a%20b/c");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->route->id, RouteId::kCompare);
  ASSERT_EQ(m->params.size(), 2u);
  EXPECT_EQ(m->params[0], "a b");
  m = match_route("/static/css/a%2Fb.css");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->route->id, RouteId::kStatic);
  EXPECT_EQ(m->params[0], "css/a%2Fb.css");  // decoded later, by StaticFiles
  EXPECT_EQ(match_route("/")->route->id, RouteId::kIndex);
  EXPECT_FALSE(match_route("/api/v1/stats/compare/a/b/c"));
  EXPECT_FALSE(match_route("/api/v1/stats/compare//b"));
  EXPECT_FALSE(match_route("/static"));
  EXPECT_FALSE(match_route(""));
}

}  // namespace
}  // namespace pererecos::http
