import { fieldResolverOf } from './relations';

/**
 * A computed field's twin in SQL, for the compiled read path: `expr(record)` is an SQL expression over the
 * record's alias giving the same value as the field resolver (which stays the definition the resolver path
 * runs). The twins cannot drift unnoticed: test/reads/compiled-equivalence.test.ts compares both paths
 * on every record type, as every persona.
 */
const twins: Array<{ resolverClass: Function; method: string; expr: SqlTwin }> = []; // eslint-disable-line @typescript-eslint/no-unsafe-function-type

/**
 * What a twin may use besides the record's alias: `scoped(Entity)` gives a fresh alias for another table
 * with the conditions every read of it carries (soft delete, the row scope's second layer), as the
 * loader's filters apply them on the resolver path (RLS applies inside the statement anyway).
 */
export interface TwinSql {
  scoped(entity: Function): { alias: string; from: string; where: string }; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
}
export type SqlTwin = (record: string, sql: TwinSql) => string;

export function InSql(expr: SqlTwin): MethodDecorator {
  return (prototype, key) => {
    twins.push({ resolverClass: prototype.constructor, method: String(key), expr });
  };
}

/** The SQL twin of `typeName.fieldName`, if one is declared (read after the schema is built). */
export function sqlTwinOf(typeName: string, fieldName: string): SqlTwin | undefined {
  const meta = fieldResolverOf(typeName, fieldName);
  return meta && twins.find((t) => t.resolverClass === meta.target && t.method === meta.methodName)?.expr;
}
