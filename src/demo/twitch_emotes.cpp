#include "demo/twitch_emotes.h"

#include <array>

namespace pererecos::demo {
namespace {

constexpr std::array<TwitchEmote, 15> kEmotes = {{
    {"LUL", "425618"},
    {"Kappa", "25"},
    {"PogChamp", "305954156"},
    {"<3", "9"},
    {"BibleThump", "86"},
    {"Kreygasm", "41"},
    {"SeemsGood", "64138"},
    {"HeyGuys", "30259"},
    {"NotLikeThis", "58765"},
    {"4Head", "354"},
    {"ResidentSleeper", "245"},
    {"DansGame", "33"},
    {"FailFish", "360"},
    {"SwiftRage", "34"},
    {"CoolCat", "58127"},
}};

}  // namespace

std::span<const TwitchEmote> twitch_global_emotes() { return kEmotes; }

}  // namespace pererecos::demo
