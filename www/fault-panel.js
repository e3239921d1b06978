// The demo's fault panel: arms the local dev backend's fault switches through
// its admin endpoint on this origin (see README, "Local dev backend"). It is
// about the backend, not about using the SDK; app.js only starts it.
import { $, el } from '/util.js';

/** Fills in and shows the fault panel; rejects when the admin endpoint does not answer. */
export async function setUpFaultPanel() {
  /**
   * @param {string} path
   * @param {object} [body] what to POST; without it, a GET
   */
  const admin = async (path, body) => {
    const res = await fetch(`/__admin/${path}`, body
      ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }
      : {});
    return res.json();
  };
  const refresh = async () => {
    const state = await admin('faults');
    $('provider-toggle').textContent = state.providerUp ? 'Stop authorization server' : 'Start authorization server';
    $('provider-toggle').dataset.up = String(state.providerUp);
    $('fault-state').textContent = JSON.stringify({ armed: state.armed, providerUp: state.providerUp, settings: state.settings }, null, 2);
    return state;
  };
  const { kinds } = await refresh();
  /** @type {HTMLFormElement} */ ($('fault-form')).fault.replaceChildren(...Object.entries(kinds).flatMap(([target, ks]) =>
    Object.entries(/** @type {Record<string, string>} */ (ks)).map(([kind, what]) => el('option', `${target === 'token' ? 'token endpoint' : 'partner API'}: ${what}`, { value: `${target}/${kind}` }))));
  $('fault-form').onsubmit = async (ev) => {
    ev.preventDefault();
    const form = /** @type {HTMLFormElement} */ (ev.target);
    const [target, kind] = form.fault.value.split('/');
    await admin('faults', { target, kind, count: Number(form.count.value) });
    await refresh();
  };
  $('provider-toggle').onclick = async () => {
    await admin('provider', { up: $('provider-toggle').dataset.up !== 'true' });
    await refresh();
  };
  $('faults-reset').onclick = async () => {
    await admin('reset', {});
    await refresh();
  };
  $('faults').hidden = false;
}
