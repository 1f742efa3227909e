import type { FastifyInstance } from 'fastify';
import type { HubConfig } from '../../config';

/** Serves the in-browser GraphQL explorer at /explorer (replaced by the full explorer). */
export async function registerExplorer(app: FastifyInstance, _config: HubConfig): Promise<void> {
  app.get('/explorer', async (_req, reply) => reply.type('text/html').send('<!doctype html><title>Explorer</title><p>Explorer</p>'));
}
