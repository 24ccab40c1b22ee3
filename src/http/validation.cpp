#include "http/validation.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "core/unicode.h"
#include "http/query_string.h"

namespace pererecos::http {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

Result<stats::Period> validate_period(std::optional<std::string_view> value) {
  if (!value) return stats::Period::kAll;
  if (*value == "day") return stats::Period::kDay;
  if (*value == "week") return stats::Period::kWeek;
  if (*value == "month") return stats::Period::kMonth;
  if (*value == "all") return stats::Period::kAll;
  return Status::error("period must be one of: day, week, month, all");
}

std::string_view period_json_name(stats::Period period) {
  switch (period) {
    case stats::Period::kDay:
      return "day";
    case stats::Period::kWeek:
      return "week";
    case stats::Period::kMonth:
      return "month";
    case stats::Period::kAll:
      return "all";
  }
  return "all";
}

Result<std::size_t> validate_limit(std::optional<std::string_view> value, std::size_t default_limit,
                                   std::size_t min_limit, std::size_t max_limit) {
  const std::string range_detail = "limit must be an integer between " + std::to_string(min_limit) +
                                   " and " + std::to_string(max_limit);
  if (!value) return default_limit;
  if (value->empty()) return Status::error(range_detail);
  for (char c : *value) {
    if (c < '0' || c > '9') return Status::error(range_detail);
  }
  std::string_view digits = *value;
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  if (digits.size() > 9) return Status::error(range_detail);  // far beyond any limit
  std::size_t n = 0;
  for (char c : digits) n = n * 10 + static_cast<std::size_t>(c - '0');
  if (n < min_limit || n > max_limit) return Status::error(range_detail);
  return n;
}

Result<std::string> validate_username(std::string_view value, std::string_view what) {
  bool ok = !value.empty() && value.size() <= 25 && is_alnum(value.front());
  for (std::size_t i = 1; ok && i < value.size(); ++i) {
    ok = is_alnum(value[i]) || value[i] == '_';
  }
  if (!ok) {
    return Status::error("Invalid " + std::string(what) +
                         ": 1-25 letters, digits or underscores, not starting with an underscore");
  }
  return std::string(value);
}

Result<std::string> validate_search_query(std::optional<std::string_view> value) {
  if (!value) return Status::error("q is required");
  if (!is_valid_utf8(*value)) return Status::error("q must be valid UTF-8");
  const std::size_t n = count_code_points(*value);
  if (n < 2 || n > 25) return Status::error("q must be between 2 and 25 characters");
  return std::string(*value);
}

Result<FeedbackInput> validate_feedback_body(std::string_view body) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
  if (doc.HasParseError()) {
    return Status::error(std::string("Request body is not valid JSON: ") +
                         rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) return Status::error("Request body must be a JSON object");
  FeedbackInput input;
  const auto type = doc.FindMember("type");
  if (type == doc.MemberEnd() || !type->value.IsString()) {
    return Status::error("type is required and must be 'bug' or 'sugestao'");
  }
  const std::string_view type_text(type->value.GetString(), type->value.GetStringLength());
  if (type_text == "bug") {
    input.type = "bug";
  } else if (type_text == "sugestao" || type_text == "suggestion") {
    input.type = "sugestao";
  } else {
    return Status::error("type must be 'bug' or 'sugestao'");
  }
  const auto message = doc.FindMember("message");
  if (message == doc.MemberEnd() || !message->value.IsString()) {
    return Status::error("message is required and must be a string");
  }
  input.message.assign(message->value.GetString(), message->value.GetStringLength());
  const std::size_t n = count_code_points(input.message);
  if (n < 10 || n > 2000) return Status::error("message must be between 10 and 2000 characters");
  return input;
}

}  // namespace pererecos::http
