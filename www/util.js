// Small helpers shared by the demo and the partner test page.

/**
 * The page's element with this id. The pages' HTML has every id their
 * scripts ask for; `T` is what the caller knows it to be (a form, an svg).
 * @template {Element} [T=HTMLElement]
 * @param {string} id
 * @returns {T}
 */
export const $ = (id) => /** @type {T} */ (/** @type {unknown} */ (document.getElementById(id)));

/**
 * The claims of a JWT (no verification: for display only).
 * @param {string} token
 * @returns {Record<string, any> | null} what the token says, null when it is not a JWT
 */
export function jwtClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

/**
 * A secret shortened for display: never show a whole token.
 * @param {unknown} secret
 */
export function mask(secret) {
  if (typeof secret !== 'string' || secret === '') return '—';
  return `${secret.slice(0, 6)}… (${secret.length} chars)`;
}

/**
 * What the partner API said in a non-2xx body: its message, its text, or the JSON.
 * @param {unknown} body
 */
export function describeErrorBody(body) {
  if (body === null || body === undefined || body === '') return 'no body';
  if (typeof body === 'string') return body;
  const { message } = /** @type {{ message?: unknown }} */ (body);
  return typeof message === 'string' ? message : JSON.stringify(body);
}

/**
 * The error banner, for the SDK's ZaehlerfreundeAuthError (`error`,
 * `error_description`) and the partner client's PartnerApiError (`status`,
 * `error`: the body as the API sent it).
 * @param {any} e anything thrown, read for the two classes' fields
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

/**
 * A new element with its text and attributes.
 * @param {string} tag
 * @param {string} [text]
 * @param {Record<string, string>} [attrs]
 */
export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}
