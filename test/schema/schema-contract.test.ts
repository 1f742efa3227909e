import { readFileSync } from 'node:fs';
import { isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { buildHubSchema, printHubSchema } from '../../src/server/graphql/schema';
import { CLASSIFICATION_EXTENSION, Classification } from '../../src/access/classification';

describe('the schema contract', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildHubSchema();
  });

  it('schema/schema.graphql is what the code emits (run `npm run schema:emit` and review the diff)', () => {
    const checkedIn = readFileSync('schema/schema.graphql', 'utf8');
    expect(printHubSchema(schema)).toBe(checkedIn);
  });

  it('every field of every output type carries a classification', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['Query', 'Mutation', 'Subscription'].includes(type.name)) continue;
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const tier = field.extensions?.[CLASSIFICATION_EXTENSION] as Classification | undefined;
        if (!tier || !Object.values(Classification).includes(tier)) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every type, field, argument and enum value has a description', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description && !['Query', 'Mutation'].includes(type.name)) missing.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if ('getValues' in type) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
  });
});
