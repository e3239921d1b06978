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

export function showError(e) {
  $('error').hidden = false;
  $('error').dataset.error = e?.error ?? 'unexpected';
  $('error-code').textContent = e?.error ?? 'unexpected';
  $('error-description').textContent = e?.error_description ?? String(e);
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
