#include "demo/community_population.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "demo/stream_schedule.h"

namespace pererecos::demo {
namespace {

using SV = std::string_view;

constexpr SV kNames[] = {
    "joao",   "maria",  "lucas",  "pedro",  "ana",    "gabi",  "rafa",  "bruno",  "felipe",
    "ju",     "thiago", "carlos", "bia",    "leo",    "nando", "vini",  "dudu",   "guto",
    "lari",   "mari",   "gui",    "caio",   "duda",   "nath",  "igor",  "vitor",  "renan",
    "paulo",  "luiza",  "camila", "diego",  "mateus", "enzo",  "yuri",  "helena", "sofia",
    "arthur", "davi",   "miguel", "heitor", "alice",  "laura", "tiago", "nick",   "alex",
    "sam",    "max",    "kevin",  "emma",   "liam",   "bea",   "fer",   "rod",    "lipe"};
constexpr SV kNouns[] = {
    "sapo",   "perereca", "frog",   "ninja",      "lord", "mestre", "king",   "shadow",
    "pixel",  "gamer",    "nerd",   "capivara",   "tatu", "jacare", "mico",   "sabia",
    "tucano", "lobo",     "gato",   "dragao",     "fox",  "wolf",   "tiger",  "panda",
    "pato",   "coxinha",  "pastel", "brigadeiro", "acai", "pao",    "queijo", "bug",
    "lag",    "noob",     "clutch", "sniper",     "mage", "bard",   "girino", "lagoa"};
constexpr SV kAdjectives[] = {"dark", "lil",   "big",   "mr",  "dr",    "turbo", "cyber",
                              "mega", "ultra", "super", "old", "crazy", "happy", "lazy",
                              "mad",  "real",  "xx",    "the", "o",     "tio",   "tia"};
constexpr SV kSuffixes[] = {"_gamer", "gamer", "zin", "zinho", "inho",     "tv",  "_tv",
                            "_ttv",   "_br",   "br",  "plays", "_oficial", "lol", "xd",
                            "_pt",    "gg",    "007", "_",     "dasilva",  "_sp", "_rj"};
constexpr SV kColors[] = {"#FF0000", "#0000FF", "#008000", "#B22222", "#FF7F50",
                          "#9ACD32", "#FF4500", "#2E8B57", "#DAA520", "#D2691E",
                          "#5F9EA0", "#1E90FF", "#FF69B4", "#8A2BE2", "#00FF7F"};

template <std::size_t N>
SV pick(Prng& rng, const SV (&list)[N]) {
  return list[rng.below(N)];
}

std::string digits(Prng& rng) {
  if (rng.chance(0.4)) return std::to_string(rng.between(1985, 2012));
  return std::to_string(rng.between(1, rng.chance(0.5) ? 99 : 9999));
}

bool is_word_start(const std::string& login, std::size_t i) {
  if (i == 0) return true;
  const char prev = login[i - 1];
  return prev == '_' || (prev >= '0' && prev <= '9');
}

// A Twitch display name for `login`: the login itself or a case variant of it.
std::string display_for(const std::string& login, Prng& rng) {
  std::string out = login;
  const std::uint64_t style = rng.below(20);
  if (style < 9) return out;  // as the login
  for (std::size_t i = 0; i < out.size(); ++i) {
    char& c = out[i];
    if (c < 'a' || c > 'z') continue;
    const bool upper = style < 16   ? is_word_start(login, i)  // CamelCase-ish
                       : style < 18 ? true                     // SHOUTING
                                    : i == 0;                  // Capitalized
    if (upper) c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// (x)^1.25 with IEEE basic operations only (sqrt is correctly rounded).
double pow_1_25(double x) { return x * std::sqrt(std::sqrt(x)); }

std::string login_candidate(Prng& rng) {
  std::string s;
  switch (rng.below(6)) {
    case 0:
      s = std::string(pick(rng, kNames)) + std::string(pick(rng, kSuffixes));
      break;
    case 1:
      s = std::string(pick(rng, kAdjectives)) + (rng.chance(0.4) ? "_" : "") +
          std::string(pick(rng, kNouns));
      break;
    case 2:
      s = std::string(pick(rng, kNames)) + digits(rng);
      break;
    case 3:
      s = std::string(pick(rng, kNouns)) + "_" + std::string(pick(rng, kNouns));
      break;
    case 4:
      s = std::string(pick(rng, kNames)) + (rng.chance(0.5) ? "_" : "") +
          std::string(pick(rng, kNouns));
      break;
    default:
      s = std::string(pick(rng, kNouns)) + std::string(pick(rng, kSuffixes)) +
          (rng.chance(0.3) ? digits(rng) : "");
  }
  if (s.size() > 25) s.resize(25);
  while (s.size() < 4) s += static_cast<char>('0' + rng.below(10));
  if (s.back() == '_' && rng.chance(0.5)) s += digits(rng);
  if (s.size() > 25) s.resize(25);
  return s;
}

void set_subscription(Chatter& c, int months) {
  c.subscriber = months > 0;
  if (months <= 0) return;
  static constexpr int kTiers[] = {36, 24, 12, 9, 6, 3, 0};
  int tier = 0;
  for (int t : kTiers) {
    if (months >= t) {
      tier = t;
      break;
    }
  }
  c.badge_info = "subscriber/" + std::to_string(months);
  c.badges += (c.badges.empty() ? "" : ",") + std::string("subscriber/") + std::to_string(tier);
}

}  // namespace

std::string Population::unique_login(Prng& rng) {
  for (;;) {
    std::string s = login_candidate(rng);
    if (taken_logins_.insert(s).second) return s;
    std::string with_digits = s.substr(0, 20) + std::to_string(rng.between(1, 9999));
    if (taken_logins_.insert(with_digits).second) return with_digits;
  }
}

std::string Population::unique_user_id(Prng& rng) {
  for (;;) {
    const auto id = static_cast<std::uint64_t>(rng.between(20'000'000, 999'999'999));
    if (taken_ids_.insert(id).second) return std::to_string(id);
  }
}

Population::Population(const PopulationOptions& o, Prng& rng) {
  // Fixed accounts first, so no chatter takes their logins or ids.
  broadcaster_.logins[0] = o.channel;
  broadcaster_.display_names[0] = o.channel;
  if (!broadcaster_.display_names[0].empty() && broadcaster_.display_names[0][0] >= 'a' &&
      broadcaster_.display_names[0][0] <= 'z') {
    broadcaster_.display_names[0][0] = static_cast<char>(broadcaster_.display_names[0][0] - 32);
  }
  broadcaster_.user_id = o.room_id;
  broadcaster_.badges = "broadcaster/1,subscriber/0";
  broadcaster_.badge_info = "subscriber/42";
  broadcaster_.color = "#2E8B57";
  broadcaster_.last_day = o.days - 1;
  bots_[0].logins[0] = "nightbot";
  bots_[0].display_names[0] = "Nightbot";
  bots_[0].user_id = "19264788";
  bots_[1].logins[0] = "streamelements";
  bots_[1].display_names[0] = "StreamElements";
  bots_[1].user_id = "100135110";
  for (Chatter& b : bots_) {
    b.badges = "moderator/1,partner/1";
    b.mod = true;
    b.color = b.user_id == "19264788" ? "#7C7CE1" : "#5B99FF";
    b.last_day = o.days - 1;
  }
  for (const Chatter* c : {&broadcaster_, &bots_[0], &bots_[1]}) {
    taken_logins_.insert(c->logins[0]);
    taken_ids_.insert(std::strtoull(c->user_id.c_str(), nullptr, 10));
  }

  const std::uint32_t n = o.users;
  const std::uint32_t core = std::max<std::uint32_t>(3, n * 3 / 100);
  const std::uint32_t regular = std::max<std::uint32_t>(core, n * 40 / 100);
  chatters_.resize(n);
  taken_logins_.reserve(2 * static_cast<std::size_t>(n) + 64);
  taken_ids_.reserve(2 * static_cast<std::size_t>(n) + 64);
  cumulative_weight_.resize(n);
  std::uint64_t total_weight = 0;
  const int last = o.days - 1;
  for (std::uint32_t i = 0; i < n; ++i) {
    Chatter& c = chatters_[i];
    c.logins[0] = unique_login(rng);
    c.display_names[0] = display_for(c.logins[0], rng);
    c.user_id = unique_user_id(rng);
    c.last_day = last;
    bool visitor = false;
    if (i >= core && i < regular) {
      const double u = rng.unit();
      if (u > 0.9 && o.days > 3) {
        c.last_day = static_cast<int>(rng.between(o.days / 4, o.days - 2));
      } else if (u > 0.75 && o.days > 1) {
        c.first_day = static_cast<int>(rng.between(1, last));
        c.newcomer = true;
      }
    } else if (i >= regular && rng.chance(0.65)) {
      visitor = true;
      c.first_day = static_cast<int>(rng.below(static_cast<std::uint64_t>(o.days)));
      c.last_day = std::min(last, c.first_day + static_cast<int>(rng.between(0, 5)));
      c.newcomer = rng.chance(0.8);
    }
    double weight = 1099511627776.0 / pow_1_25(static_cast<double>(i) + 8.0);
    if (visitor) weight *= 3.0;
    total_weight += static_cast<std::uint64_t>(weight) + 1;
    cumulative_weight_[i] = total_weight;

    // Habits.
    const std::uint64_t h = rng.below(100);
    c.preferred_hour =
        static_cast<std::uint8_t>(h < 70   ? (19 + rng.below(7)) % 24
                                  : h < 85 ? 13 + rng.below(6)
                                           : (h < 93 ? 1 + rng.below(3) : 8 + rng.below(5)));
    c.hour_width = static_cast<std::uint8_t>(rng.between(2, 5));
    const std::uint64_t lang = rng.below(100);
    c.english = lang < 75 ? 0 : lang < 87 ? 1 : 2;
    const std::uint64_t len = rng.below(100);
    c.clauses = static_cast<std::uint8_t>(len < 80 ? 1 : len < 92 ? 2 : rng.between(3, 4));
    c.mention_style = static_cast<std::uint8_t>(rng.below(256));
    c.emote_rate = static_cast<float>(0.15 + 0.45 * rng.unit());
    c.emote_only_rate = static_cast<float>(0.02 + 0.23 * rng.unit());
    c.emoji_rate = static_cast<float>(0.25 * rng.unit());
    c.reply_rate = static_cast<float>(0.01 + 0.11 * rng.unit());
    c.mention_rate = static_cast<float>(0.01 + 0.09 * rng.unit());
    c.action_rate = static_cast<float>(rng.chance(0.05) ? 0.03 + 0.07 * rng.unit() : 0.002);
    c.command_rate = static_cast<float>(0.002 + 0.008 * rng.unit());
    c.caps_rate = static_cast<float>(0.08 * rng.unit());
    c.troublemaker = i >= core && rng.chance(0.03);
    for (auto& fav : c.favourite_emotes) {
      // Biased toward the popular end of the palette.
      fav =
          static_cast<std::uint8_t>(std::min(rng.below(o.palette_size), rng.below(o.palette_size)));
    }
    if (rng.chance(0.85)) c.color = std::string(pick(rng, kColors));
    if (i < 30 && (i % 6 == 1)) {
      c.mod = true;
      c.badges = "moderator/1";
    }
    const double sub_chance = i < core ? 0.8 : i < regular ? 0.5 : 0.2;
    if (rng.chance(sub_chance)) {
      set_subscription(c, static_cast<int>(rng.between(1, i < core ? 48 : 20)));
    }
    if (!c.mod && rng.chance(0.1)) c.badges += c.badges.empty() ? "premium/1" : ",premium/1";
  }
  guide_.resize(n);
  std::uint32_t first = 0;
  for (std::uint32_t j = 0; j < n; ++j) {
    const auto threshold =
        static_cast<std::uint64_t>(static_cast<unsigned __int128>(j) * total_weight / n);
    while (cumulative_weight_[first] <= threshold) ++first;
    guide_[j] = first;
  }

  // Renames: a few steady regulars change their login once, mid-period.
  const std::size_t wanted = std::max<std::size_t>(3, n / 1500);
  const std::uint32_t pool_end = std::max<std::uint32_t>(core + 1, n * 30 / 100);
  const TimestampMs span = o.end_ms - o.start_ms;
  for (std::uint32_t i = std::min<std::uint32_t>(2, n); i < pool_end && i < n && renamed_ < wanted;
       ++i) {
    Chatter& c = chatters_[i];
    if (c.first_day != 0 || c.last_day != last || !rng.chance(0.5)) continue;
    c.logins[1] = unique_login(rng);
    c.display_names[1] = display_for(c.logins[1], rng);
    c.rename_ms = o.start_ms + span / 5 +
                  static_cast<TimestampMs>(rng.below(static_cast<std::uint64_t>(span * 3 / 5) + 1));
    ++renamed_;
  }

  // Spam accounts: each posts once and is banned.
  const int spam_accounts = 2 + o.days / 30;
  for (int i = 0; i < spam_accounts; ++i) {
    Chatter s;
    std::string login;
    do {
      login = (i % 2 == 0 ? "hoss" : "bigfollows_") + std::to_string(rng.between(100, 99999)) +
              (i % 2 == 0 ? "_" + std::string(pick(rng, kNouns)) : "");
    } while (!taken_logins_.insert(login).second);
    s.logins[0] = login;
    s.display_names[0] = login;
    s.user_id = unique_user_id(rng);
    s.newcomer = true;
    s.last_day = last;
    spammers_.push_back(std::move(s));
  }
}

std::uint32_t Population::draw(Prng& rng) const {
  // x = rng.below(total), and the bucket from the same draw without a 128-bit division:
  // the smallest draw in bucket j gives x >= floor(j * total / size), the guide's threshold.
  const std::uint64_t total = cumulative_weight_.back();
  const std::uint64_t u = rng.next();
  const auto x = static_cast<std::uint64_t>((static_cast<unsigned __int128>(u) * total) >> 64);
  const auto bucket =
      static_cast<std::size_t>((static_cast<unsigned __int128>(u) * guide_.size()) >> 64);
  std::uint32_t i = guide_[bucket];
  while (cumulative_weight_[i] <= x) ++i;
  return i;
}

}  // namespace pererecos::demo
