import type { FastifyInstance, FastifyReply } from 'fastify';
import { AssetsUnavailable, ensureBundle, type BundleManifest, type BundleRecipe, type LoadedBundle } from './assets';

/**
 * Serving a page and its bundle (./assets.ts) from the hub: the page at `pagePath` (public HTML, no-cache,
 * self-only Content-Security-Policy) and its content-hashed files at `<pagePath>/assets/<file>`
 * (immutable, gzip when accepted). Shared by the explorer and the scorecard page.
 */

/** Locks a page to the hub: any script, style, font, worker or request to another host is refused by the browser. */
export const SELF_ONLY_CSP = [
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

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON that is safe inside a <script> element. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function unavailablePage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;margin:2em">
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
<p>The API itself is at <code>/graphql</code>.</p>
</body></html>
`;
}

export function sendAsset(reply: FastifyReply, assets: LoadedBundle, name: string, acceptEncoding: string | undefined): FastifyReply {
  const file = assets.files.get(name);
  if (!file) return reply.code(404).header('cache-control', 'no-cache').type('text/plain; charset=utf-8').send('Not found');
  reply.header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').header('vary', 'accept-encoding').type(file.contentType);
  if (file.gzip && /\bgzip\b/.test(acceptEncoding ?? '')) return reply.header('content-encoding', 'gzip').send(file.gzip);
  return reply.send(file.body);
}

export interface BundledPage<M extends BundleManifest> {
  /** e.g. /explorer */
  pagePath: string;
  recipe: BundleRecipe<M>;
  /** Title of the 503 page when the bundle cannot be prepared. */
  unavailableTitle: string;
  render(loaded: LoadedBundle<M>): string;
}

/** Registers `GET pagePath`, `GET pagePath/` (redirect) and `GET pagePath/assets/:file`. The bundle is built or loaded on first use. */
export function registerBundledPage<M extends BundleManifest>(app: FastifyInstance, page: BundledPage<M>): void {
  // Bundled on first use, so hubs that never serve the page pay nothing.
  let loading: Promise<LoadedBundle<M>> | undefined;
  const assets = (): Promise<LoadedBundle<M>> => {
    loading ??= ensureBundle(page.recipe, app.log).catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    return loading;
  };

  app.get(page.pagePath, async (req, reply) => {
    let loaded: LoadedBundle<M>;
    try {
      loaded = await assets();
    } catch (err) {
      req.log.error({ err }, `${page.recipe.label} assets unavailable`);
      const message = err instanceof AssetsUnavailable ? err.message : 'Its assets could not be prepared; see the hub log.';
      return reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(unavailablePage(page.unavailableTitle, message));
    }
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', SELF_ONLY_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(page.render(loaded));
  });
  app.get(`${page.pagePath}/`, async (_req, reply) => reply.redirect(page.pagePath));

  app.get<{ Params: { file: string } }>(`${page.pagePath}/assets/:file`, async (req, reply) => {
    let loaded: LoadedBundle<M>;
    try {
      loaded = await assets();
    } catch {
      return reply.code(503).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(`${page.recipe.label} assets unavailable`);
    }
    return sendAsset(reply, loaded, req.params.file, req.headers['accept-encoding']);
  });
}
