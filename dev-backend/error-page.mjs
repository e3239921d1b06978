// The authorization server's error pages (oidc-provider's renderError): for
// the two errors a developer meets first, a redirect_uri or a client_id the
// dev backend does not know, the page says what the app sent, what is
// registered, and the exact setting that registers it; the same text goes to
// the terminal (`log`). Other errors keep the error and its description.

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where a setting is changed: the CLI's flags, or startDevBackend's options. */
export const API_SETTINGS = {
  appOrigin: (origin) => `startDevBackend({ appOrigins: ['${origin}'] })`,
  redirectUri: (uri) => `startDevBackend({ redirectUris: ['${uri}'] })`,
  clientId: (id) => `startDevBackend({ clientId: '${id}' })`,
};

/** What the app sent, what is registered, and the fix; null for other errors. */
export function explain(ctx, out, { clients, settings }) {
  const params = ctx.oidc?.params ?? ctx.query ?? {};
  if (out.error === 'invalid_redirect_uri') {
    const sent = params.redirect_uri;
    const registered = ctx.oidc?.client?.redirectUris ?? clients.flatMap((c) => c.redirect_uris);
    let origin;
    try {
      origin = new URL(sent).origin;
    } catch {
      origin = undefined;
    }
    return [
      `The app sent redirect_uri ${sent === undefined ? '(none)' : JSON.stringify(sent)}, which is not registered.`,
      `Registered: ${registered.join(' ') || '(none)'}.`,
      origin && `${origin}/` === sent
        ? `Register it: restart the dev backend with ${settings.appOrigin(origin)} (which allows ${sent} and CORS for ${origin}).`
        : `Register it: restart the dev backend with ${settings.redirectUri(sent ?? 'URL')}${origin ? `, and ${settings.appOrigin(origin)} for CORS` : ''}.`,
    ];
  }
  if (out.error === 'invalid_client') {
    const sent = params.client_id;
    return [
      `The app sent client_id ${sent === undefined ? '(none)' : JSON.stringify(sent)}, which is not registered.`,
      `Registered: ${clients.map((c) => c.client_id).join(' ')}.`,
      `Use clientId: '${clients[0].client_id}' in the SDK config, or restart the dev backend with ${settings.clientId(sent ?? 'ID')}.`,
    ];
  }
  return null;
}

/**
 * oidc-provider's renderError for these clients and settings; `log` gets the explanation.
 * @param {object} o
 * @param {{ client_id: string, redirect_uris: string[] }[]} o.clients
 * @param {typeof API_SETTINGS} [o.settings]
 * @param {(text: string) => void} [o.log]
 */
export function renderError({ clients, settings = API_SETTINGS, log = () => {} }) {
  return async (ctx, out) => {
    const lines = explain(ctx, out, { clients, settings });
    if (lines) log(`${out.error}: ${lines.join(' ')}`);
    const body = lines ? lines.map((l) => `<p>${escape(l)}</p>`).join('\n') : `<p>${escape(out.error_description ?? '')}</p>`;
    ctx.type = 'html';
    ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(out.error)} · zaehlerfreunde dev backend</title></head>
<body><h1>${escape(out.error)}</h1>
${body}
</body></html>`;
  };
}
