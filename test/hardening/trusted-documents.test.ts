import { parse, validate } from 'graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { buildHubSchema } from '../../src/server/graphql/schema';
import { schemaForRoles } from '../../src/access/role-schema';
import { PERSONAS } from '../../src/server/personas';
import { documentIdOf, TrustedDocuments } from '../../src/server/trusted-documents';
import type { Role } from '../../src/access/principal';

/**
 * Partner systems registered for trusted documents send only their registered operations, by hash
 * (issue: hardening §6). A leaked client credential cannot be used to explore or bulk-read the API.
 */

const registry = TrustedDocuments.load();
const doc = (client: string, name: string) => registry.documents.find((d) => d.clientId === client && d.name === name)!;

describe('trusted documents', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(async () => t?.close());

  const post = async (persona: string, body: Record<string, unknown>) => {
    const res = await t.hub.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token(persona)}` }, payload: body });
    return { status: res.statusCode, body: res.json() as { data?: any; errors?: any[] } };
  };
  const childCount = async () => Number((await t.orm.em.fork().execute<{ n: number }[]>('select count(*)::int n from child'))[0]!.n);

  it('registers at least one partner system, and every registered document is valid for the roles its client carries', async () => {
    expect(registry.documents.length).toBeGreaterThan(0);
    const full = await buildHubSchema();
    for (const d of registry.documents) {
      const personas = PERSONAS.filter((p) => p.claims.azp === d.clientId);
      expect(personas.length).toBeGreaterThan(0);
      for (const p of personas) expect(validate(schemaForRoles(full, p.claims.roles as Role[]), parse(d.text)).map((e) => `${d.clientId}/${d.name}: ${e.message}`)).toEqual([]);
      expect(d.id).toBe(documentIdOf(d.text));
    }
  });

  it('runs a registered operation sent by documentId (and by Apollo persistedQuery hash)', async () => {
    const status = doc('mosaic-connector', 'ChildStatus');
    const byId = await post('case-system', { documentId: status.id, variables: { input: { nhsNumber: '9434765919' } } });
    expect(byId.status).toBe(200);
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body.data.childStatus).toHaveProperty('identifierKnown');
    const apq = await post('case-system', { extensions: { persistedQuery: { version: 1, sha256Hash: status.id.slice('sha256:'.length) } }, variables: { input: { nhsNumber: '9434765919' } } });
    expect(apq.status).toBe(200);
    expect(apq.body.data.childStatus).toEqual(byId.body.data.childStatus);

    const create = doc('mosaic-connector', 'CreateChild');
    const made = await post('case-system', { documentId: create.id, variables: { input: { givenName: 'Trusted', familyName: 'Document', dateOfBirth: '2016-02-03', sourceSystem: 'Mosaic', sourceRecordId: 'trusted-doc-1' } } });
    expect(made.status).toBe(200);
    expect(made.body.data.createChild).toMatchObject({ created: true, userErrors: [] });
  });

  it('refuses any other document from a registered client with 403 DOCUMENT_NOT_TRUSTED, before anything runs', async () => {
    const before = await childCount();
    const browse = await post('case-system', { query: '{ children(first: 100) { nodes { givenName familyName dateOfBirth } } }' });
    expect(browse.status).toBe(403);
    expect(browse.body.errors?.[0]?.extensions?.code).toBe('DOCUMENT_NOT_TRUSTED');
    expect(browse.body.data).toBeUndefined();
    const unknownHash = await post('case-system', { documentId: documentIdOf('query X { __typename }') });
    expect(unknownHash.status).toBe(403);
    const freeMutation = await post('case-system', {
      query: 'mutation($i: CreateChildInput!) { createChild(input: $i) { record { id } } }',
      variables: { i: { givenName: 'Free', familyName: 'Text', dateOfBirth: '2016-02-03' } },
    });
    expect(freeMutation.status).toBe(403);
    const mismatch = await post('case-system', { documentId: doc('mosaic-connector', 'ChildStatus').id, query: '{ __typename }' });
    expect(mismatch.status).toBe(403);
    expect(mismatch.body.errors?.[0]?.extensions?.code).toBe('DOCUMENT_ID_MISMATCH');
    const batch = await t.hub.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token('case-system')}` }, payload: [{ documentId: doc('mosaic-connector', 'ChildStatus').id }] });
    expect(batch.statusCode).toBe(403);
    const get = await t.hub.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent('{ __schema { types { name } } }')}`, headers: { authorization: `Bearer ${await t.token('case-system')}`, 'apollo-require-preflight': 'true' } });
    expect(get.statusCode).toBe(403);
    expect(await childCount()).toBe(before);
  });

  it('leaves practitioners using the explorer (no registered client) free to send documents', async () => {
    const res = await t.http<any>('social-worker', '{ __typename }');
    expect(res.status).toBe(200);
  });
});
