// Emote images (lazy, the name when the image fails or EMOTE_IMAGES=false) and chat
// messages with emotes inline; every chat text is inserted as text.
import { h } from './dom.js';

export const emoteImagesOn = () =>
  document.querySelector('meta[name="pererecos-emote-images"]')?.content !== 'false';

function safeImageUrl(url) {
  if (!url) return null;
  try {
    const u = new URL(url.startsWith('//') ? 'https:' + url : url, document.baseURI);
    return u.protocol === 'https:' || u.origin === location.origin ? u.href : null;
  } catch { return null; }
}

// The API's image_url; for a Twitch emote without one, Twitch's CDN address by its id.
function imageUrl(e) {
  if (e.image_url) return e.image_url;
  if (e.provider === 'twitch' && /^[A-Za-z0-9_]+$/.test(e.emote_id || '')) {
    return `https://static-cdn.jtvnw.net/emoticons/v2/${e.emote_id}/default/dark/1.0`;
  }
  return null;
}

export function emote(e) {
  const name = e.emote_name;
  const src = emoteImagesOn() ? safeImageUrl(imageUrl(e)) : null;
  if (!src) return h('span', { class: 'emote-name' }, name);
  const img = h('img', { src, alt: name, title: name, loading: 'lazy', decoding: 'async', class: 'emote', width: 28, height: 28 });
  img.addEventListener('error', () => img.replaceWith(h('span', { class: 'emote-name' }, name)), { once: true });
  return img;
}

// The message's tokens (split on ASCII space, as the statistics do), emotes known by name
// shown as emotes.
export function messageWithEmotes(text, known) {
  const out = h('span', { class: 'msg' });
  text.split(' ').forEach((tok, i) => {
    if (i) out.append(' ');
    const e = known.get(tok);
    out.append(e ? emote(e) : tok);
  });
  return out;
}
