// The feedback form (bug / suggestion) in a dialog, with the API's rules checked inline.
import { h } from './dom.js';
import { postJson, RateLimited } from './api.js';

export function setupFeedback(app) {
  const dialog = document.getElementById('feedback');
  const opener = document.getElementById('feedback-open');
  const build = () => {
    const t = (k, v) => app.i18n.t(k, v);
    const err = h('p', { id: 'fb-error', class: 'error', 'aria-live': 'polite' });
    const status = h('p', { id: 'fb-status', role: 'status' });
    const text = h('textarea', { id: 'fb-message', name: 'message', rows: 5, maxlength: 2000, 'aria-describedby': 'fb-error', required: true });
    const check = () => {
      const n = [...text.value.trim()].length;
      const msg = n < 10 ? t('fbTooShort', { n }) : n > 2000 ? t('fbTooLong', { n }) : '';
      err.textContent = msg;
      text.setAttribute('aria-invalid', String(!!msg));
      return !msg;
    };
    text.addEventListener('input', () => { if (text.getAttribute('aria-invalid')) check(); });
    const form = h('form', { method: 'dialog', class: 'fb' },
      h('h2', { id: 'feedback-title' }, t('fbTitle')),
      h('fieldset', null, h('legend', null, t('fbType')),
        h('label', null, h('input', { type: 'radio', name: 'type', value: 'bug', checked: true }), ' ', t('bug')),
        h('label', null, h('input', { type: 'radio', name: 'type', value: 'sugestao' }), ' ', t('suggestion'))),
      h('label', { for: 'fb-message' }, t('fbMessage')), text, err, status,
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'btn primary', id: 'fb-send' }, t('fbSend')),
        h('button', { type: 'button', class: 'btn', onclick: () => dialog.close() }, t('fbCancel'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      status.textContent = '';
      if (!check()) { text.focus(); return; }
      try {
        const type = form.querySelector('input[name=type]:checked').value;
        const res = await postJson('feedback', { type, message: text.value.trim() });
        status.textContent = t('fbThanks', { id: res.id });
        text.value = '';
      } catch (e) {
        err.textContent = e instanceof RateLimited ? t('wait', { s: e.seconds }) : e.message;
      }
    });
    dialog.replaceChildren(form);
    return text;
  };
  opener.addEventListener('click', () => { const text = build(); dialog.showModal(); text.focus(); });
  return () => { opener.textContent = app.i18n.t('feedback'); };
}
