import type { FastifyInstance } from 'fastify';
import type { JWK } from 'jose';
import type { HubConfig } from '../../config';
import { loadDevSigningKey, signDevToken } from '../auth';
import { findPersona, PERSONAS } from '../personas';
import { escapeHtml, registerBundledPage, scriptJson } from '../web-bundle/http';
import { EXPLORER_RECIPE, type LoadedAssets } from './assets';

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

/** Serves the in-browser GraphQL explorer at /explorer. */
export async function registerExplorer(app: FastifyInstance, config: HubConfig): Promise<void> {
  registerBundledPage(app, {
    pagePath: EXPLORER_PATH,
    recipe: EXPLORER_RECIPE,
    unavailableTitle: 'The GraphQL explorer is not available',
    render: (loaded) => renderExplorerPage(loaded, config),
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
