#include "twitch/rate_window.h"

namespace pererecos::twitch {

RateWindow::TimePoint RateWindow::next_allowed(TimePoint now) {
  while (!events_.empty() && events_.front() + window_ <= now) events_.pop_front();
  if (limit_ == 0) return TimePoint::max();
  if (events_.size() < limit_) return now;
  // The (size - limit + 1)-th oldest event must leave the window first.
  return events_[events_.size() - limit_] + window_;
}

}  // namespace pererecos::twitch
