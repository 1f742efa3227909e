import 'reflect-metadata';
import { GraphQLEnumType, GraphQLObjectType, graphql, type GraphQLSchema } from 'graphql';
import { Arg, buildSchema, Query, Resolver } from 'type-graphql';
import { CLASSIFICATION_EXTENSION, Classification } from '../../src/access/classification';
import { evaluate } from '../../src/timescales/evaluate';
import { TimescaleRuleCode } from '../../src/timescales/rules';
import { Timescale } from '../../src/timescales/timescale.type';

@Resolver()
class TimescaleProbeResolver {
  @Query(() => Timescale, { description: 'Test probe.' })
  probe(@Arg('completedAt', () => String, { nullable: true }) completedAt?: string): Timescale {
    return Timescale.from(evaluate(TimescaleRuleCode.ICPC, { from: '2025-04-10', completedAt, asOf: '2025-05-08' }));
  }
}

describe('GraphQL type Timescale', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildSchema({ resolvers: [TimescaleProbeResolver], validate: false, emitSchemaFile: false });
  });

  it('every field is described and classified SUMMARY', () => {
    const type = schema.getType('Timescale') as GraphQLObjectType;
    expect(type.description).toBeTruthy();
    const fields = Object.values(type.getFields());
    expect(fields.map((f) => f.name).sort()).toEqual(['daysLate', 'dueBy', 'isOverdue', 'latenessUnit', 'rule', 'status']);
    for (const f of fields) {
      expect([f.name, !!f.description]).toEqual([f.name, true]);
      expect([f.name, f.extensions[CLASSIFICATION_EXTENSION]]).toEqual([f.name, Classification.SUMMARY]);
    }
  });

  it('registers the rule-code, status and lateness-unit enums with descriptions on every value', () => {
    for (const name of ['TimescaleRuleCode', 'TimescaleStatus', 'TimescaleLatenessUnit']) {
      const e = schema.getType(name) as GraphQLEnumType;
      expect(e).toBeInstanceOf(GraphQLEnumType);
      expect(e.description).toBeTruthy();
      for (const v of e.getValues()) expect([v.name, !!v.description]).toEqual([v.name, true]);
    }
    expect((schema.getType('TimescaleRuleCode') as GraphQLEnumType).getValues().map((v) => v.name).sort()).toEqual(Object.values(TimescaleRuleCode).sort());
  });

  it('resolves from evaluate()', async () => {
    // ICPC from Thu 10 Apr 2025 is due Tue 6 May; outstanding on Thu 8 May = 2 WD overdue.
    const res = await graphql({ schema, source: '{ probe { rule dueBy isOverdue daysLate latenessUnit status } }' });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      probe: { rule: 'ICPC', dueBy: '2025-05-06', isOverdue: true, daysLate: 2, latenessUnit: 'WORKING_DAYS', status: 'OVERDUE' },
    });
  });
});
