// Texts in English and Brazilian Portuguese (the original page's playful labels), and
// number/date formatting for the chosen language, hours in the channel's time zone.
const en = {
  skip: 'Skip to content', search: 'Search chatters', searchPh: 'Search a chatter…', channel: 'Channel',
  language: 'Language', themeDark: 'Dark theme', themeLight: 'Light theme', live: 'Live', polling: 'Updating every 5 s',
  offline: 'Offline — retrying', connecting: 'Connecting…', feedback: 'Send feedback', general: 'Chat overview',
  active: 'Chatting now', activeHint: 'active in the last 5 minutes', filter: 'Filter chatters',
  totals: 'Totals', totalUsers: 'Chatters', totalMessages: 'Messages', today: 'Messages in 24 h',
  uniqueToday: 'Chatters in 24 h', emoteUses: 'Emote uses (30 days)',
  unique: 'Unique chatters per hour (24 h)', chatActivity: 'Chat activity (24 h)',
  overall: 'Average activity by hour (all time)', topEmotes: 'Top emotes (30 days)',
  leaderboards: 'Leaderboards', topChatters: 'Top chatters', rising: 'Rising stars', risingHint: 'last 7 days vs the 7 before',
  hourLeaders: 'Hour leaders', writers: 'Top writers', writersHint: 'longest average message',
  period: 'Period', day: 'Day', week: 'Week', month: 'Month', all: 'All time',
  rank: '#', user: 'Chatter', messages: 'Messages', growth: 'Growth', avgLen: 'Avg. length', hour: 'Hour', count: 'Count',
  emote: 'Emote', peak: 'Peak', none: 'Nothing yet', loading: 'Loading…',
  hoursIn: 'Hours in {tz}', online: 'Online', offlineUser: 'Not chatting now', percentile: 'Percentile',
  topPercent: 'more than {p}% of chatters', firstMsg: 'First message', lastMsg: 'Last message',
  peakHours: 'Peak hours', favHour: 'Favourite hour', rankings: 'Rankings', topRank: 'Top chatters rank',
  rankChange: 'change in 7 days', risingRank: 'Rising stars rank', writersRank: 'Writers rank',
  hoursDominated: 'Hours dominated', rival: 'Rival', similarity: 'similarity', replies: 'Talks most to',
  recent: 'Recent messages', hourly: 'Messages by hour', compare: 'Compare', compareWith: 'Compare with…',
  compareTitle: '{a} vs {b}', notFound: 'Not found', wait: 'Too many requests — retrying in {s} s',
  error: 'Could not load: {e}', fbTitle: 'Feedback', fbType: 'Type', bug: 'Bug', suggestion: 'Suggestion',
  fbMessage: 'Message', fbSend: 'Send', fbCancel: 'Close', fbThanks: 'Thank you! Feedback #{id} received.',
  fbTooShort: 'At least 10 characters ({n} now).', fbTooLong: 'At most 2000 characters ({n} now).',
  noResults: 'No chatter found', imgFail: '{n}', yes: 'yes', noRival: 'no rival yet',
  dataTable: 'Data of the chart', back: 'Back to overview', messagesCount: '{n} messages',
};
const pt = {
  ...en,
  skip: 'Pular para o conteúdo', search: 'Buscar pererecos', searchPh: 'Buscar um perereco…', channel: 'Canal',
  language: 'Idioma', themeDark: 'Tema escuro', themeLight: 'Tema claro', live: 'Ao vivo', polling: 'Atualizando a cada 5 s',
  offline: 'Sem conexão — tentando de novo', connecting: 'Conectando…', feedback: 'Enviar feedback', general: 'Visão geral do chat',
  active: 'Pererecos no chat', activeHint: 'ativos nos últimos 5 minutos', filter: 'Filtrar pererecos',
  totals: 'Totais', totalUsers: 'Pererecos', totalMessages: 'Mensagens', today: 'Mensagens em 24 h',
  uniqueToday: 'Pererecos em 24 h', emoteUses: 'Usos de emotes (30 dias)',
  unique: 'Pererecos únicos por hora (24 h)', chatActivity: 'Atividade do chat (24 h)',
  overall: 'Atividade média por hora (sempre)', topEmotes: 'Top emotes (30 dias)',
  leaderboards: 'Rankings', topChatters: 'Top Girinos', rising: 'Girinos em ascensão', risingHint: 'últimos 7 dias vs os 7 anteriores',
  hourLeaders: 'Donos da hora', writers: 'Poetas do brejo', writersHint: 'maior média de caracteres',
  period: 'Período', day: 'Dia', week: 'Semana', month: 'Mês', all: 'Sempre',
  user: 'Perereco', messages: 'Mensagens', growth: 'Crescimento', avgLen: 'Média', hour: 'Hora', count: 'Total',
  peak: 'Pico', none: 'Nada por aqui ainda', loading: 'Carregando…',
  hoursIn: 'Horas em {tz}', online: 'No brejo agora', offlineUser: 'Fora do chat', percentile: 'Percentil',
  topPercent: 'mais que {p}% dos pererecos', firstMsg: 'Primeira mensagem', lastMsg: 'Última mensagem',
  peakHours: 'Horário de pico', favHour: 'Hora favorita', rankings: 'Posições', topRank: 'Posição no Top Girinos',
  rankChange: 'mudança em 7 dias', risingRank: 'Posição em ascensão', writersRank: 'Posição de poeta',
  hoursDominated: 'Horas dominadas', rival: 'Rival', similarity: 'semelhança', replies: 'Mais conversa com',
  recent: 'Mensagens recentes', hourly: 'Mensagens por hora', compare: 'Comparar', compareWith: 'Comparar com…',
  notFound: 'Não encontrado', wait: 'Muitas requisições — tentando de novo em {s} s',
  error: 'Não deu para carregar: {e}', fbTitle: 'Feedback', fbType: 'Tipo', bug: 'Bug', suggestion: 'Sugestão',
  fbMessage: 'Mensagem', fbSend: 'Enviar', fbCancel: 'Fechar', fbThanks: 'Valeu! Feedback #{id} recebido.',
  fbTooShort: 'Pelo menos 10 caracteres ({n} agora).', fbTooLong: 'No máximo 2000 caracteres ({n} agora).',
  noResults: 'Nenhum perereco encontrado', noRival: 'sem rival ainda', dataTable: 'Dados do gráfico',
  back: 'Voltar à visão geral', messagesCount: '{n} mensagens',
};
const dicts = { en, 'pt-BR': pt };
export const LANGS = Object.keys(dicts);

export function pickLang(requested) {
  for (const cand of [requested, ...(navigator.languages || [navigator.language])]) {
    if (!cand) continue;
    const c = cand.toLowerCase();
    if (c.startsWith('pt')) return 'pt-BR';
    if (c.startsWith('en')) return 'en';
  }
  return 'en';
}

export class I18n {
  constructor(lang, timeZone) {
    this.lang = lang;
    this.tz = timeZone || 'UTC';
    this.formats = {};
  }
  // Intl formatters are made on first use (each costs milliseconds to build).
  format(kind) {
    if (!this.formats[kind]) {
      this.formats[kind] = kind === 'n' ? new Intl.NumberFormat(this.lang)
        : kind === 'n1' ? new Intl.NumberFormat(this.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
          : new Intl.DateTimeFormat(this.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: this.tz });
    }
    return this.formats[kind];
  }
  t(key, vars = {}) {
    const text = (dicts[this.lang] || en)[key] ?? en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : ''));
  }
  n(v) { return this.format('n').format(v); }
  n1(v) { return this.format('n1').format(v); }
  date(iso) { return iso ? this.format('date').format(new Date(iso)) : '—'; }
  hour(hr) { return String(hr).padStart(2, '0') + 'h'; }
  hoursLabel() { return this.t('hoursIn', { tz: this.tz }); }
}
