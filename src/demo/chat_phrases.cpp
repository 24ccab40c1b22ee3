#include "demo/chat_phrases.h"

#include <array>

namespace pererecos::demo {
namespace {

using SV = std::string_view;

constexpr SV kGreetingPt[] = {"boa noite",         "boa noite chat",    "salve salve",
                              "eae galera",        "oi chat",           "cheguei",
                              "cheguei 🐸",         "opa, boa noite",    "boa noite pessoal",
                              "salve perereca",    "chegueeei",         "boa noite a todos",
                              "olá olá",           "bora que hoje tem", "finalmente live",
                              "boa noite família", "eae, perdi muito?", "salve, começou agora?"};
constexpr SV kGreetingEn[] = {"hi chat",           "hello",        "good evening",
                              "hey everyone",      "yo",           "hi from Portugal",
                              "hello from Lisbon", "evening chat", "just got here"};

constexpr SV kFarewellPt[] = {
    "tchau chat",       "boa noite, até amanhã", "valeu pela live",   "obrigado pela live",
    "fui dormir",       "até a próxima",         "tchau tchau",       "boa live, até amanhã",
    "valeu, boa noite", "amanhã tem?",           "que live boa hoje", "até mais pessoal"};
constexpr SV kFarewellEn[] = {
    "gn chat",           "bye", "thanks for the stream", "good night", "see you tomorrow",
    "great stream today"};

constexpr SV kChatPt[] = {"que jogada",
                          "não acredito",
                          "mano do céu",
                          "ele é muito bom",
                          "joga muito",
                          "tá lagando?",
                          "nossa",
                          "caraca",
                          "vai dar bom",
                          "deu ruim",
                          "GG",
                          "gg wp",
                          "socorro",
                          "meu deus",
                          "é hoje",
                          "vamo que vamo",
                          "que isso",
                          "ficou bom demais",
                          "música boa",
                          "ele não sabe",
                          "confia",
                          "ai não",
                          "pior que é verdade",
                          "faz sentido",
                          "verdade",
                          "atenção",
                          "clipa isso",
                          "CLIPA",
                          "amo essa live",
                          "cadê o sapo?",
                          "essa foi por pouco",
                          "tá jogando demais hoje",
                          "esse mapa é difícil",
                          "que azar",
                          "próxima vai",
                          "calma chat",
                          "o chat tá on hoje",
                          "ninguém viu isso",
                          "foi de base",
                          "tá de brincadeira",
                          "muito bom",
                          "fala sério",
                          "essa música é top",
                          "perereca nunca erra",
                          "jogo lindo",
                          "que situação",
                          "acontece",
                          "segura",
                          "tá difícil hoje",
                          "mó paz essa live",
                          "o áudio tá baixo",
                          "agora vai",
                          "ele tá no modo tryhard",
                          "será?",
                          "não é possível",
                          "inacreditável",
                          "bora!!!",
                          "aí sim",
                          "é nóis",
                          "tô rindo até agora"};
constexpr SV kChatEn[] = {"no way",
                          "let's go",
                          "W",
                          "true",
                          "he's cracked",
                          "nice play",
                          "this song slaps",
                          "that's crazy",
                          "bro what",
                          "he didn't see it",
                          "clip it",
                          "chat is this real?",
                          "i'm dead",
                          "based",
                          "so close",
                          "unlucky",
                          "that was clean",
                          "what a round",
                          "calm down chat",
                          "huge",
                          "how did he hit that",
                          "gg",
                          "insane",
                          "easy",
                          "nah that's wild",
                          "he's so good at this game"};

constexpr SV kReactionPt[] = {
    "KKKKKKKK", "kkkkkk", "kkkkkkkkkkk",    "rachei",   "NÃO", "SIM", "caraca", "F",
    "GG",       "rsrs",   "KKKKKKKKKKKKKK", "que isso", "MDS", "ué",  "aaaaaa"};
constexpr SV kReactionEn[] = {"LMAO", "lol", "F", "W", "L", "LOL", "omg", "wtf", "xD", "ez"};

constexpr SV kQuestionPt[] = {"qual o jogo hoje?",     "que horas acaba a live?",
                              "alguém sabe a música?", "qual a sens?",
                              "tem discord?",          "vai ter sorteio hoje?",
                              "qual o rank dele?",     "quanto tempo de live já?",
                              "qual o mouse?",         "vai jogar com os inscritos?",
                              "amanhã tem live?",      "ele já zerou esse jogo?"};
constexpr SV kQuestionEn[] = {"what game is this?",    "what's the song?",
                              "what rank is he?",      "how long has he been live?",
                              "what's the sens?",      "is there a discord?",
                              "does he speak english?"};

constexpr SV kOfflinePt[] = {"alguém aí?",       "que horas começa a live?",
                             "hoje tem live?",   "saudades da live",
                             "chat morto",       "bom dia chat",
                             "boa tarde",        "tem live hoje?",
                             "cadê o streamer?", "oi?",
                             "bom dia 🐸",        "viram o vídeo novo?"};
constexpr SV kOfflineEn[] = {"anyone here?", "is there a stream today?", "good morning chat",
                             "when does the stream start?"};

constexpr SV kReplyPt[] = {
    "verdade",      "concordo",         "kkkkk sim",  "não né",  "exatamente",   "pior que é",
    "tu é doido",   "faz sentido",      "nada a ver", "kkkkkkk", "também acho",  "sério?",
    "boa pergunta", "é o que eu falei", "nem fala",   "sim sim", "ué, por quê?", "tô contigo"};
constexpr SV kReplyEn[] = {"true",    "fr",    "same",   "nah",    "haha yes",
                           "exactly", "what?", "no way", "agreed", "you're right"};

constexpr SV kMentionPt[] = {"oi",
                             "sumiu hein",
                             "boa noite",
                             "tu viu isso?",
                             "kkkkk",
                             "chegou o brabo",
                             "olha isso",
                             "salve",
                             "bem-vindo",
                             "tu tá certo",
                             "vem pro discord depois"};
constexpr SV kMentionEn[] = {"hi",      "long time no see", "did you see that?",
                             "welcome", "you were right",   "hey"};

constexpr SV kFirstPt[] = {
    "primeira vez aqui", "oi chat, primeira vez aqui",           "acabei de conhecer o canal",
    "vim pelo clipe",    "primeira live que eu vejo, muito boa", "oi, cheguei agora no canal"};
constexpr SV kFirstEn[] = {"first time here", "hi, found you through a clip",
                           "first time watching, love it"};

constexpr SV kActionPt[] = {"dança 🐸",        "pega pipoca 🍿", "está assistindo do trabalho",
                            "foi pegar água", "aplaude",          "se esconde",
                            "está de volta",  "comemora",         "chora em silêncio"};
constexpr SV kActionEn[] = {"dances", "grabs popcorn 🍿", "is back", "hides", "claps"};

constexpr SV kTrollPt[] = {"PRIMEIRO",
                           "KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK",
                           "streamer ruim demais",
                           "vai trabalhar",
                           "lixo de jogo",
                           "me segue lá no meu canal",
                           "ESSA LIVE É MUITO CHATA",
                           "ninguém liga"};
constexpr SV kTrollEn[] = {"FIRST", "worst streamer ever", "follow me back", "boring"};

constexpr SV kLongTailPt[] = {"e tipo, eu nem esperava isso",
                              "mas sinceramente acho que dava pra ter ido pro outro lado",
                              "porque o time inimigo tava todo junto",
                              "e eu ainda tô no trabalho assistindo escondido",
                              "mas ok, faz parte do jogo",
                              "tipo, ninguém no chat tinha visto isso vindo",
                              "e a música de fundo deixou tudo mais épico",
                              "mas semana passada foi ainda melhor",
                              "então bora ver no que dá",
                              "e olha que eu acompanho a live faz tempo"};
constexpr SV kLongTailEn[] = {
    "and honestly nobody saw that coming", "but I think the other route was better",
    "because the whole enemy team was stacked there", "and I'm watching this from work",
    "but that's just how the game goes"};

struct Bank {
  std::span<const SV> pt;
  std::span<const SV> en;
};

constexpr std::array<Bank, static_cast<std::size_t>(Situation::kCount)> kBanks = {{
    {kGreetingPt, kGreetingEn},
    {kFarewellPt, kFarewellEn},
    {kChatPt, kChatEn},
    {kReactionPt, kReactionEn},
    {kQuestionPt, kQuestionEn},
    {kOfflinePt, kOfflineEn},
    {kReplyPt, kReplyEn},
    {kMentionPt, kMentionEn},
    {kFirstPt, kFirstEn},
    {kActionPt, kActionEn},
    {kTrollPt, kTrollEn},
    {kLongTailPt, kLongTailEn},
}};

constexpr SV kEmoji[] = {"😂", "🐸",    "❤️", "🔥", "👀",  "😭",    "🙏", "💀",
                         "👍", "🤣", "🥲",   "✨", "🇧🇷", "🍿", "😎"};

constexpr SV kCommands[] = {"!uptime", "!discord", "!followage", "!sens", "!insta", "!pc"};
constexpr SV kCommandAnswers[] = {"@{user}, pererecos está ao vivo há {uptime}",
                                  "@{user} Entre no Discord dos Pererecos: discord.gg/pererecos 🐸",
                                  "@{user}, você segue pererecos há {months} meses",
                                  "@{user} Sens: 0.35 | 800 DPI | 1.0 scope",
                                  "@{user} Instagram: instagram.com/pererecos 📸",
                                  "@{user} PC: Ryzen 7 5800X3D, RTX 4070, 32 GB RAM"};
constexpr int kCommandBots[] = {1, 0, 1, 0, 0, 0};

constexpr SV kTimers[] = {"Siga no Instagram: instagram.com/pererecos 📸",
                          "Entre no Discord dos Pererecos: discord.gg/pererecos 🐸",
                          "Curtiu a live? Deixa o follow e ativa o sininho 🔔",
                          "Comandos: !discord !insta !sens !pc !uptime"};

constexpr SV kSpam[] = {
    "Want to become famous? Buy followers, primes and viewers on dogehype . com",
    "Cheap viewers on streamboo .com (remove the space) @pererecos",
    "Hello, sorry for bothering you. I want to offer promotion of your channel, viewers, "
    "followers, views, chat bots, etc...The price is lower than any competitor"};

constexpr SV kBroadcaster[] = {"boa noite chat!",
                               "valeu pelo sub!",
                               "bora pessoal",
                               "calma chat kkkkk",
                               "vou pegar água, já volto",
                               "última partida hoje",
                               "obrigado pelos bits ❤️",
                               "chat, o que acharam?",
                               "amanhã tem mais",
                               "valeu demais pela live de hoje"};

}  // namespace

std::span<const std::string_view> phrases(Situation situation, Language language) {
  const Bank& bank = kBanks[static_cast<std::size_t>(situation)];
  return language == Language::kEnglish ? bank.en : bank.pt;
}

std::span<const std::string_view> emoji() { return kEmoji; }
std::span<const std::string_view> commands() { return kCommands; }
std::string_view command_answer(std::size_t index) { return kCommandAnswers[index]; }
int command_bot(std::size_t index) { return kCommandBots[index]; }
std::span<const std::string_view> timer_messages() { return kTimers; }
std::span<const std::string_view> spam_messages() { return kSpam; }
std::span<const std::string_view> broadcaster_phrases() { return kBroadcaster; }

}  // namespace pererecos::demo
