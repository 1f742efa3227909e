import type { FastifyInstance, FastifyReply } from 'fastify';
import type { JWK } from 'jose';
import type { HubConfig } from '../../config';
import { loadDevSigningKey, signDevToken } from '../auth';
import { findPersona, PERSONAS } from '../personas';
import { ensureExplorerAssets, ExplorerAssetsUnavailable, type LoadedAssets } from './assets';

/**
 * The in-browser GraphQL explorer (GraphiQL), served by the hub itself with no third-party host:
 *
 *   GET /explorer                   the page (public: its requests to /graphql carry the token the user picks)
 *   GET /explorer/assets/<file>     bundled scripts, styles, fonts and Monaco workers (content-hashed, cached for good)
 *   GET /explorer/dev-token?persona development hubs only: a signed development token for a demo persona
 *
 * Outside production (`config.developmentAuth`) the page has a persona picker; everywhere it accepts a
 * pasted bearer token. In production /explorer/dev-token does not exist (404).
 */

export const EXPLORER_PATH = '/explorer';
export const ASSETS_PATH = `${EXPLORER_PATH}/assets`;
export const DEV_TOKEN_PATH = `${EXPLORER_PATH}/dev-token`;

const defaultQuery = (developmentAuth: boolean): string => `# Safeguarding Partnership Hub: GraphQL explorer
#
# ${developmentAuth ? 'Pick a persona or paste a bearer token above.' : 'Paste a bearer token above.'}
# Requests go to /graphql with "Authorization: Bearer …".
# Run: Ctrl+Enter. Schema: the Docs icon on the left.

{
  viewer {
    subject
    agencyCode
    roles
    purpose
  }
}
`;

/** Locks the page to the hub: any script, style, font, worker or request to another host is refused by the browser. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function renderExplorerPage(assets: LoadedAssets, config: HubConfig): string {
  const { manifest } = assets;
  const asset = (name: string): string => `${ASSETS_PATH}/${encodeURIComponent(name)}`;
  const clientConfig = {
    graphqlUrl: '/graphql',
    devTokenUrl: config.developmentAuth ? DEV_TOKEN_PATH : null,
    personas: config.developmentAuth ? PERSONAS.map((p) => ({ name: p.name, title: p.title })) : [],
    workers: { editor: asset(manifest.workers.editor), json: asset(manifest.workers.json), graphql: asset(manifest.workers.graphql) },
    defaultQuery: defaultQuery(config.developmentAuth),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>GraphQL explorer · Safeguarding Partnership Hub</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(asset(manifest.entry.css))}">
<script type="module" src="${escapeHtml(asset(manifest.entry.js))}"></script>
</head>
<body>
<noscript>The GraphQL explorer needs JavaScript. The API itself is at /graphql.</noscript>
<div id="explorer"></div>
<script type="application/json" id="explorer-config">${scriptJson(clientConfig)}</script>
</body>
</html>
`;
}

function unavailablePage(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphQL explorer unavailable</title></head>
<body style="font-family:system-ui,sans-serif;margin:2em">
<h1>The GraphQL explorer is not available</h1>
<p>${escapeHtml(message)}</p>
<p>The API itself is at <code>/graphql</code>.</p>
</body></html>
`;
}

function sendAsset(reply: FastifyReply, assets: LoadedAssets, name: string, acceptEncoding: string | undefined): FastifyReply {
  const file = assets.files.get(name);
  if (!file) return reply.code(404).header('cache-control', 'no-cache').type('text/plain; charset=utf-8').send('Not found');
  reply.header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').header('vary', 'accept-encoding').type(file.contentType);
  if (file.gzip && /\bgzip\b/.test(acceptEncoding ?? '')) return reply.header('content-encoding', 'gzip').send(file.gzip);
  return reply.send(file.body);
}

/** Serves the in-browser GraphQL explorer at /explorer. */
export async function registerExplorer(app: FastifyInstance, config: HubConfig): Promise<void> {
  // Bundled on first use (see ./assets.ts), so hubs that never serve the explorer pay nothing.
  let loading: Promise<LoadedAssets> | undefined;
  const assets = (): Promise<LoadedAssets> => {
    loading ??= ensureExplorerAssets(app.log).catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    return loading;
  };

  app.get(EXPLORER_PATH, async (req, reply) => {
    let loaded: LoadedAssets;
    try {
      loaded = await assets();
    } catch (err) {
      req.log.error({ err }, 'explorer assets unavailable');
      const message = err instanceof ExplorerAssetsUnavailable ? err.message : 'Its assets could not be prepared; see the hub log.';
      return reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(unavailablePage(message));
    }
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(renderExplorerPage(loaded, config));
  });
  app.get(`${EXPLORER_PATH}/`, async (_req, reply) => reply.redirect(EXPLORER_PATH));

  app.get<{ Params: { file: string } }>(`${ASSETS_PATH}/:file`, async (req, reply) => {
    let loaded: LoadedAssets;
    try {
      loaded = await assets();
    } catch {
      return reply.code(503).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Explorer assets unavailable');
    }
    return sendAsset(reply, loaded, req.params.file, req.headers['accept-encoding']);
  });

  if (!config.developmentAuth) return; // production: no development tokens, the route does not exist

  let key: Promise<JWK> | undefined;
  const signingKey = (): Promise<JWK> => (key ??= loadDevSigningKey(config.DATA_DIR).then((k) => k.privateJwk));

  app.get<{ Querystring: { persona?: string } }>(DEV_TOKEN_PATH, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const name = typeof req.query.persona === 'string' ? req.query.persona : '';
    const persona = name ? findPersona(name) : undefined;
    if (!persona) {
      return reply.code(400).send({ error: name ? `Unknown persona "${name.slice(0, 60)}".` : 'Name a persona: ?persona=<name>.', personas: PERSONAS.map((p) => p.name) });
    }
    const ttlSeconds = 8 * 3600;
    const token = await signDevToken(await signingKey(), config.AUTH_AUDIENCE, persona.claims, ttlSeconds);
    return { persona: persona.name, title: persona.title, subject: persona.claims.sub, agency: persona.claims.agency, token, expiresIn: ttlSeconds };
  });
}
