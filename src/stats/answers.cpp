#include "stats/answers.h"

namespace pererecos::stats {

std::optional<Period> parse_period(std::string_view text) {
  if (text == "day") return Period::kDay;
  if (text == "week") return Period::kWeek;
  if (text == "month") return Period::kMonth;
  if (text == "all") return Period::kAll;
  return std::nullopt;
}

std::string_view period_name(Period period) {
  switch (period) {
    case Period::kDay:
      return "day";
    case Period::kWeek:
      return "week";
    case Period::kMonth:
      return "month";
    case Period::kAll:
      return "all";
  }
  return "all";
}

}  // namespace pererecos::stats
