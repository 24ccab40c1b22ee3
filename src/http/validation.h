// Input validation of SPEC §2. Each function returns the parsed value, or a failed Result
// whose message is the 422 `detail`. Validation never consults the statistics.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "stats/answers.h"

namespace pererecos::http {

// `period`: absent -> all; "day" | "week" | "month" | "all" (case-sensitive); anything
// else, including the empty string, fails.
Result<stats::Period> validate_period(std::optional<std::string_view> value);

// The JSON name of a period ("day", ...).
std::string_view period_json_name(stats::Period period);

// `limit`: absent -> `default_limit`; else must match ^[0-9]+$ (so "05" is 5, "+5" and ""
// fail) and lie in [min_limit, max_limit].
Result<std::size_t> validate_limit(std::optional<std::string_view> value, std::size_t default_limit,
                                   std::size_t min_limit, std::size_t max_limit);

// A Twitch login as accepted in paths: ^[A-Za-z0-9][A-Za-z0-9_]{0,24}$. `what` names the
// parameter in the detail ("username", "user1", ...).
Result<std::string> validate_username(std::string_view value, std::string_view what);

// `q` of /stats/search: present, valid UTF-8, 2-25 code points.
Result<std::string> validate_search_query(std::optional<std::string_view> value);

// A feedback submission, normalised: type is "bug" or "sugestao".
struct FeedbackInput {
  std::string type;
  std::string message;
};

// The body of POST /feedback: a JSON object with string `type` in {bug, sugestao,
// suggestion (alias of sugestao)} and string `message` of 10-2000 code points. Other
// members are ignored.
Result<FeedbackInput> validate_feedback_body(std::string_view body);

}  // namespace pererecos::http
