import type { EntityManager } from '@mikro-orm/postgresql';

interface TransactionConnection {
  executeQuery(q: unknown): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/**
 * Runs a named prepared statement ($1, $2 … placeholders) on `em`'s open transaction, through Kysely to
 * the pg driver: each pooled connection parses and plans the statement once, and parameters travel as
 * parameters. `em.execute` instead inlines them as escaped literals (for the request's audit JSON, tens
 * of kilobytes escaped character by character) and sends new text every time.
 */
export async function runPrepared<T = Record<string, unknown>>(em: EntityManager, name: string, text: string, params: readonly unknown[]): Promise<T[]> {
  const trx = em.getTransactionContext() as TransactionConnection | undefined;
  if (!trx) throw new Error(`${name} runs inside a transaction.`);
  // pg takes a query config ({ name, text }) where Kysely passes the SQL text: a named prepared statement.
  const started = Date.now();
  const result = await trx.executeQuery({ sql: { name, text }, parameters: params, query: { kind: 'RawNode', sqlFragments: [text], parameters: [] }, queryId: { queryId: name } });
  // To MikroORM's query log like every statement the ORM sends (debug output, the orderings test's EXPLAIN);
  // the text with its parameters inlined is built only if the logger reads it.
  const platform = em.getPlatform();
  em.config.getLogger().logQuery({
    level: 'info',
    query: text,
    params: [...params],
    took: Date.now() - started,
    results: result.rows.length,
    get formatted() {
      return text.replace(/\$(\d+)/g, (_, n: string) => platform.formatQuery('?', [params[Number(n) - 1]]));
    },
  } as never);
  return result.rows as T[];
}
