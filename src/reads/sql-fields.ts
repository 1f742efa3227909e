import { getMetadataStorage } from 'type-graphql';

/**
 * A computed field's twin in SQL, for the compiled read path: `expr(record)` is an SQL expression over the
 * record's alias giving the same value as the field resolver (which stays the definition the resolver path
 * runs). The twins cannot drift unnoticed: test/reads/compiled-equivalence.test.ts compares both paths
 * on every record type, as every persona.
 */
const twins: Array<{ resolverClass: Function; method: string; expr: (record: string) => string }> = []; // eslint-disable-line @typescript-eslint/no-unsafe-function-type

export function InSql(expr: (record: string) => string): MethodDecorator {
  return (prototype, key) => {
    twins.push({ resolverClass: prototype.constructor, method: String(key), expr });
  };
}

/** The SQL twin of `typeName.fieldName`, if one is declared (read after the schema is built). */
export function sqlTwinOf(typeName: string, fieldName: string): ((record: string) => string) | undefined {
  const storage = getMetadataStorage();
  for (const t of twins) {
    const meta = storage.fieldResolvers.find((f) => f.target === t.resolverClass && f.methodName === t.method);
    if (meta?.schemaName === fieldName && (meta as { getObjectType?: () => Function }).getObjectType?.()?.name === typeName) return t.expr; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  }
  return undefined;
}
