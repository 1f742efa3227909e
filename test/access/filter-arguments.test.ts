import {
  buildSchema,
  getNamedType,
  graphql,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLSchema,
} from 'graphql';
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import { startTestHub, personaPrincipal, type TestHub } from '../support/hub';
import { buildHubSchema } from '../../src/server/graphql/schema';
import { canRead, canWrite, DETAIL_TIERS, ROLE_POLICY } from '../../src/access/policy';
import { inputWriteTierOf, readsOf, schemaForRoles, tierOf, undeclaredInputs } from '../../src/access/role-schema';
import { READS_EXTENSION, reads, resolveDeclarations, ROLE_GATED } from '../../src/access/input-declarations';
import { ROOT_FIELD_ROLES } from '../../src/access/write-tiers';
import type { Role } from '../../src/access/principal';

/**
 * Filters, orderings and mutation inputs are declared, never matched by name (issue: "filters and
 * orderings are oracles", "write tiers stop at the mutation"). Every role's schema is walked
 * mechanically; then the known oracles are tried over HTTP as the roles that must not have them.
 */

type InputValue = GraphQLArgument | GraphQLInputField;
const ROLES = Object.keys(ROLE_POLICY) as Role[];

/** Everything wrong with one role's schema: undeclared inputs, or declared ones the role may not use. */
function violationsOf(full: GraphQLSchema, schema: GraphQLSchema, role: Role): string[] {
  const out: string[] = [];
  // The tier of the declared field, taken again from the full schema's classification (not from the declaration).
  const tierOfDeclared = (typeName: string, field: string) => {
    const type = full.getType(typeName);
    return type && (isObjectType(type) || isInterfaceType(type)) ? tierOf(type.getFields()[field] ?? {}) : undefined;
  };
  const seen = new Set<string>();
  const visit = (value: InputValue, path: string, position: 'read' | 'write' | 'roleGated', isArgument: boolean) => {
    const named = getNamedType(value.type);
    const container = isInputObjectType(named);
    const read = readsOf(value);
    if (position === 'read') {
      if (!read && !container) out.push(`${path}: no declaration of what it reads`);
      if (read?.kind === 'field') {
        for (const field of [read.field, ...(read.more ?? []).map((m) => m.field)]) {
          const tier = tierOfDeclared(read.type, field);
          if (!tier || !canRead([role], tier)) out.push(`${path}: reads ${read.type}.${field} (${tier}), not readable`);
        }
      }
      if (read?.kind === 'perValue') {
        if (!isEnumType(named)) out.push(`${path}: per-value ordering on a non-enum`);
        else
          for (const v of named.getValues()) {
            const r = readsOf(v);
            const tier = r?.kind === 'field' ? tierOfDeclared(r.type, r.field) : undefined;
            if (!tier || !canRead([role], tier)) out.push(`${named.name}.${v.name}: sorts by ${r?.kind === 'field' ? `${r.type}.${r.field}` : 'nothing declared'} (${tier}), not readable`);
          }
      }
    } else {
      const write = inputWriteTierOf(value);
      if (!write && !(isArgument && container)) out.push(`${path}: no write tier`);
      if (write === ROLE_GATED && position !== 'roleGated') out.push(`${path}: ROLE_GATED outside a role-gated mutation`);
      if (write && write !== ROLE_GATED && !canWrite([role], write)) out.push(`${path}: writes ${write}, above the role's write clearance`);
    }
    if (!container || seen.has(`${position}:${named.name}`)) return;
    seen.add(`${position}:${named.name}`);
    for (const f of Object.values(named.getFields())) visit(f, `${named.name}.${f.name}`, position, false);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const position = type.name !== 'Mutation' ? 'read' : ROOT_FIELD_ROLES[field.name] ? 'roleGated' : 'write';
      for (const arg of field.args) visit(arg, `${type.name}.${field.name}(${arg.name})`, position, true);
    }
  }
  return out;
}

describe('every argument declares what it reads, every mutation input field its write tier', () => {
  let full: GraphQLSchema;
  beforeAll(async () => {
    full = await buildHubSchema();
  });

  it('the full schema has no undeclared argument, input field or ordering value', () => {
    expect(undeclaredInputs(full)).toEqual([]);
  });

  it.each(ROLES)("%s: every argument, input field and ordering value in the role's schema is declared and usable by the role", (role) => {
    expect(violationsOf(full, schemaForRoles(full, [role]), role)).toEqual([]);
  });

  it('the walk reaches the oracles of the issue (it is not vacuous)', () => {
    const sw = schemaForRoles(full, ['SOCIAL_WORKER' as Role]);
    const referralFilter = sw.getType('ReferralFilter');
    expect(isInputObjectType(referralFilter) && readsOf(referralFilter.getFields().primaryNeeds!)).toEqual(expect.objectContaining({ type: 'Referral', field: 'primaryNeed', tier: 'SOCIAL_CARE' }));
    const police = schemaForRoles(full, ['POLICE_PUBLIC_PROTECTION' as Role]);
    const policeFilter = police.getType('ReferralFilter');
    expect(isInputObjectType(policeFilter) && Object.keys(policeFilter.getFields())).toEqual(expect.not.arrayContaining(['primaryNeeds', 'sources']));
    expect(police.getQueryType()!.getFields().schoolEnrolments!.args.map((a) => a.name)).toEqual(expect.arrayContaining(['childId', 'first']));
    expect(police.getQueryType()!.getFields().schoolEnrolments!.args.map((a) => a.name)).toEqual(expect.not.arrayContaining(['schoolCode', 'current', 'direction']));
    const health = schemaForRoles(full, ['HEALTH_PRACTITIONER' as Role]);
    const createChild = health.getType('CreateChildInput');
    expect(isInputObjectType(createChild) && Object.keys(createChild.getFields())).toEqual(expect.arrayContaining(['familyName', 'identifiers', 'addresses']));
    expect(isInputObjectType(createChild) && Object.keys(createChild.getFields())).not.toContain('ethnicity');
  });

  it('deny by default: a schema with an undeclared argument does not build a role schema', () => {
    const undeclared = buildSchema('type Query { things(colour: String): Int }');
    expect(() => schemaForRoles(undeclared, ['SOCIAL_WORKER' as Role])).toThrow(/Query\.things\(colour\)/);
    const unwritten = buildSchema('input Paint { colour: String } type Query { x: Int } type Mutation { paint(input: Paint!): Int }');
    expect(undeclaredInputs(unwritten)).toEqual(['Paint.colour: mutation input without a write tier (@InputField)']);
  });

  it('a declaration naming a field the schema does not have fails the build', () => {
    class Thing {}
    const sdl = buildSchema('type Thing { name: String } type Query { things(colour: String): Int }');
    const declared = mapSchema(sdl, {
      [MapperKind.OBJECT_FIELD]: (config) => ({ ...config, args: { colour: { ...config.args!.colour!, extensions: { [READS_EXTENSION]: reads(() => Thing, 'colour') } } } }),
    });
    expect(() => resolveDeclarations(declared)).toThrow(/reads Thing\.colour, which is not a classified field/);
  });

  it('the detail-tier filters include the oracles of the issue', () => {
    expect(detailReadTypes(full)).toEqual(expect.arrayContaining(['AttendanceSummary', 'Contact', 'Referral', 'SchoolEnrolment']));
  });
});

/** Record types that some filter or ordering reads a detail-tier field of. */
function detailReadTypes(full: GraphQLSchema): string[] {
  const types = new Set<string>();
  const seen = new Set<string>();
  const collect = (value: { extensions?: Record<string, unknown> | null; type?: GraphQLInputField['type'] }) => {
    const r = readsOf(value);
    if (r?.kind === 'field' && DETAIL_TIERS.has(r.tier)) types.add(r.type);
    if (!value.type) return;
    const named = getNamedType(value.type);
    if (isEnumType(named)) for (const v of named.getValues()) collect(v);
    if (isInputObjectType(named) && !seen.has(named.name)) {
      seen.add(named.name);
      for (const f of Object.values(named.getFields())) collect(f);
    }
  };
  for (const type of Object.values(full.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name === 'Mutation') continue;
    for (const field of Object.values(type.getFields())) for (const arg of field.args) collect(arg);
  }
  return [...types].sort();
}

describe('filters and write tiers over HTTP', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  it('the record types that detail filters read are row-scoped in the ORM (rowScope filter, mirrored by RLS)', async () => {
    const detailTypes = detailReadTypes(await buildHubSchema());
    const metas = [...t.orm.getMetadata().getAll().values()];
    const unscoped = detailTypes.filter((name) => !metas.find((m) => m.className === name)?.filters?.rowScope);
    expect(unscoped).toEqual([]);
  });

  const ORACLES: [string, string][] = [
    ['referrals by primary need', '{ referrals(filter: { primaryNeeds: [N1] }) { totalCount } }'],
    ['referrals by source', '{ referrals(filter: { sources: [SOURCE_1A] }) { totalCount } }'],
    ['contacts by source', '{ contacts(filter: { sources: [SOURCE_1A] }) { totalCount } }'],
    ['enrolments by school', '{ schoolEnrolments(schoolCode: "SCH-CASTLEGATE-HIGH") { totalCount } }'],
    ['attendance by school', '{ attendanceSummaries(schoolCode: "SCH-CASTLEGATE-HIGH") { totalCount } }'],
    ['enrolments ordered by their (education) start date', '{ schoolEnrolments(direction: ASC) { totalCount } }'],
  ];
  const SOCIAL_CARE_ORACLES = ORACLES.slice(0, 3);
  const EDUCATION_ORACLES = ORACLES.slice(3);

  it.each([...ORACLES.map(([n, q]) => ['police-ppu', n, q]), ...ORACLES.map(([n, q]) => ['health-visitor', n, q]), ...EDUCATION_ORACLES.map(([n, q]) => ['designated-nurse', n, q])])(
    '%s: %s is refused at validation (400, GRAPHQL_VALIDATION_FAILED)',
    async (persona, _name, query) => {
      const res = await t.http(persona!, query!);
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) })]);
    },
  );

  it.each(ORACLES)('social-worker: %s is allowed', async (_name, query) => {
    const res = await t.http('social-worker', query);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(Object.values(res.body.data as Record<string, { totalCount: number }>)[0]!.totalCount).toEqual(expect.any(Number));
  });

  it('social-worker: the primary need filter narrows the list to exactly the referrals with that need', async () => {
    const all = await t.http<any>('social-worker', '{ referrals(first: 100) { totalCount nodes { primaryNeed } } }');
    expect(all.body.data.referrals.totalCount).toBeLessThanOrEqual(100);
    const n1 = await t.http<any>('social-worker', '{ referrals(filter: { primaryNeeds: [N1] }) { totalCount } }');
    const expected = all.body.data.referrals.nodes.filter((n: { primaryNeed: string }) => n.primaryNeed === 'N1').length;
    expect(expected).toBeGreaterThan(0);
    expect(n1.body.data.referrals.totalCount).toBe(expected);
  });

  it.each(SOCIAL_CARE_ORACLES)('designated-nurse (cleared for social care detail): %s applies only inside its row scope', async (_name, query) => {
    const res = await t.http<any>('designated-nurse', query);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const list = query.includes('contacts') ? 'contacts' : 'referrals';
    const unfiltered = await t.http<any>('designated-nurse', `{ ${list}(first: 100) { totalCount } }`);
    const everyone = await t.http<any>('social-worker', query);
    expect(res.body.data[list].totalCount).toBeLessThanOrEqual(unfiltered.body.data[list].totalCount);
    expect(res.body.data[list].totalCount).toBeLessThanOrEqual(everyone.body.data[list].totalCount);
  });

  const CREATE = `mutation($input: CreateChildInput!) { createChild(input: $input) { created record { id familyName } userErrors { code field } } }`;
  const childCount = async (familyName: string) => Number((await t.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from child where family_name = ?', [familyName]))[0]!.n);

  it("health-visitor: createChild with ethnicity (a social care field) is refused and writes nothing; the social worker's succeeds", async () => {
    const input = { familyName: 'Tierwell', givenName: 'Ada', dateOfBirth: '2019-03-04', ethnicity: 'BAFR' };
    const refused = await t.http('health-visitor', CREATE, { input });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    expect(refused.body.errors![0]!.message).toMatch(/ethnicity/);
    expect(await childCount('Tierwell')).toBe(0);
    // Without ethnicity the health visitor may record the child (identity is within its write clearance).
    const { ethnicity: _e, ...identity } = input;
    const allowed = await t.http<any>('health-visitor', CREATE, { input: { ...identity, familyName: 'Tierwell-Health' } });
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data.createChild.created).toBe(true);

    const sw = await t.http<any>('social-worker', CREATE, { input });
    expect(sw.status).toBe(200);
    expect(sw.body.data.createChild).toEqual(expect.objectContaining({ created: true, userErrors: [] }));
    const stored = await t.orm.em.fork().execute<{ ethnicity: string }[]>('select ethnicity from child where family_name = ?', ['Tierwell']);
    expect(stored).toEqual([{ ethnicity: 'BAFR' }]);
  });

  describe('defence in depth: the run-time guard refuses what the role schema would have hidden', () => {
    // Executes against the FULL schema (as if the role schema had a bug): only the field guard stands in the way.
    const runFull = async (persona: string, source: string, variableValues?: Record<string, unknown>) =>
      graphql({ schema: await buildHubSchema(), source, variableValues, contextValue: await t.hub.contextFor(personaPrincipal(persona)) });

    it('health-visitor: createChild with ethnicity is FORBIDDEN (INPUT_NOT_CLEARED) and writes nothing', async () => {
      const res = await runFull('health-visitor', CREATE, { input: { familyName: 'Guardwell', dateOfBirth: '2019-03-04', ethnicity: 'BAFR' } });
      expect(res.data).toBeNull();
      expect(res.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'FORBIDDEN', reason: 'INPUT_NOT_CLEARED', arguments: ['input.ethnicity'] })]);
      expect(await childCount('Guardwell')).toBe(0);
    });

    it('police-ppu: a filter on primary need is FORBIDDEN (INPUT_NOT_CLEARED) before any row is read', async () => {
      const res = await runFull('police-ppu', '{ referrals(filter: { primaryNeeds: [N1] }) { totalCount } }');
      expect(res.data).toBeNull();
      expect(res.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'FORBIDDEN', reason: 'INPUT_NOT_CLEARED', arguments: ['filter.primaryNeeds'] })]);
    });
  });
});
