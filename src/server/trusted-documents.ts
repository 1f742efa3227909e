import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './web-bundle/assets';

/**
 * Trusted (persisted) documents for partner systems (issue: hardening §6). A partner system that
 * integrates machine to machine is registered by its OAuth client id (`azp`) with the only operations
 * it may send, as files under `schema/trusted-documents/<clientId>/*.graphql`. Such a client sends
 * `documentId: "sha256:<hex>"` (or Apollo's `extensions.persistedQuery.sha256Hash`) and the hub
 * substitutes the registered text; any other document from it is refused before anything runs, so a
 * leaked client credential cannot be used to explore the API.
 */

export interface TrustedDocument {
  clientId: string;
  /** File name without `.graphql`: the operation as a reviewer knows it. */
  name: string;
  /** `sha256:<hex>` of the file's bytes. */
  id: string;
  text: string;
}

export class TrustedDocumentError extends Error {
  override name = 'TrustedDocumentError';
  constructor(
    /** DOCUMENT_NOT_TRUSTED: the client sent free text or an unknown hash; DOCUMENT_ID_MISMATCH: text and id disagree. */
    readonly code: 'DOCUMENT_NOT_TRUSTED' | 'DOCUMENT_ID_MISMATCH',
    message: string,
  ) {
    super(message);
  }
}

export const documentIdOf = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** The folder of registrations: beside the schema contract, since partner systems build against both. */
export const trustedDocumentsDir = (): string => join(projectRoot(), 'schema', 'trusted-documents');

export class TrustedDocuments {
  private readonly byClient = new Map<string, Map<string, TrustedDocument>>();

  constructor(readonly documents: TrustedDocument[]) {
    for (const d of documents) {
      let m = this.byClient.get(d.clientId);
      if (!m) this.byClient.set(d.clientId, (m = new Map()));
      m.set(d.id, d);
    }
  }

  /** Reads every `<clientId>/*.graphql` under `dir`; a missing folder registers nobody. */
  static load(dir = trustedDocumentsDir()): TrustedDocuments {
    const docs: TrustedDocument[] = [];
    if (existsSync(dir)) {
      for (const clientId of readdirSync(dir).sort()) {
        const folder = join(dir, clientId);
        if (!statSync(folder).isDirectory()) continue;
        for (const file of readdirSync(folder).filter((f) => f.endsWith('.graphql')).sort()) {
          const text = readFileSync(join(folder, file), 'utf8');
          docs.push({ clientId, name: file.replace(/\.graphql$/, ''), id: documentIdOf(text), text });
        }
      }
    }
    return new TrustedDocuments(docs);
  }

  isRegistered(clientId: string | undefined): boolean {
    return !!clientId && this.byClient.has(clientId);
  }

  /**
   * For a registered client, returns the request body with its registered document as `query`, or
   * throws; other callers' bodies pass through unchanged.
   */
  resolve(clientId: string | undefined, body: Record<string, unknown>): Record<string, unknown> {
    if (!clientId || !this.byClient.has(clientId)) return body;
    const allowed = this.byClient.get(clientId)!;
    const extensions = (body.extensions ?? {}) as { persistedQuery?: { sha256Hash?: unknown } };
    const given = typeof body.documentId === 'string' ? body.documentId : typeof extensions.persistedQuery?.sha256Hash === 'string' ? `sha256:${extensions.persistedQuery.sha256Hash}` : undefined;
    const text = typeof body.query === 'string' && body.query.length ? body.query : undefined;
    const id = given ?? (text !== undefined ? documentIdOf(text) : undefined);
    const doc = id ? allowed.get(id) : undefined;
    if (!doc) {
      throw new TrustedDocumentError(
        'DOCUMENT_NOT_TRUSTED',
        `Client "${clientId}" is registered for trusted documents only: send "documentId" with the hash of one of its ${allowed.size} registered operations (schema/trusted-documents/${clientId}/).`,
      );
    }
    if (text !== undefined && documentIdOf(text) !== doc.id) throw new TrustedDocumentError('DOCUMENT_ID_MISMATCH', 'The query text does not match the documentId sent with it.');
    const { documentId: _id, extensions: _ext, ...rest } = body;
    void _id;
    void _ext;
    return { ...rest, query: doc.text };
  }
}
