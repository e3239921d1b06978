// Small helpers shared by the demo and the partner test page.

export const $ = (id) => document.getElementById(id);

/** The claims of a JWT (no verification: for display only). */
export function jwtClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

/** A secret shortened for display: never show a whole token. */
export function mask(secret) {
  if (typeof secret !== 'string' || secret === '') return '—';
  return `${secret.slice(0, 6)}… (${secret.length} chars)`;
}

/** What the partner API said in a non-2xx body: its message, its text, or the JSON. */
export function describeErrorBody(body) {
  if (body === null || body === undefined || body === '') return 'no body';
  if (typeof body === 'string') return body;
  return typeof body.message === 'string' ? body.message : JSON.stringify(body);
}

/**
 * The error banner, for the SDK's ZaehlerfreundeAuthError (`error`,
 * `error_description`) and the partner client's PartnerApiError (`status`,
 * `error`: the body as the API sent it).
 */
export function showError(e) {
  const [code, description] = e?.name === 'PartnerApiError'
    ? [`HTTP ${e.status}`, `${describeErrorBody(e.error)} (${e.message})`]
    : [e?.error ?? 'unexpected', e?.error_description ?? String(e)];
  $('error').hidden = false;
  $('error').dataset.error = e?.name === 'PartnerApiError' ? `http_${e.status}` : code;
  $('error-code').textContent = code;
  $('error-description').textContent = description;
}

export function hideError() {
  $('error').hidden = true;
}

export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}
