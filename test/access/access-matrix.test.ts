import { getNamedType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { copyRow } from '../support/fixtures';
import { PERSONAS, findPersona } from '../../src/server/personas';
import { buildHubSchema } from '../../src/server/graphql/schema';
import { canRead, DETAIL_TIERS, hasChildRowScope } from '../../src/access/policy';
import { tierOf } from '../../src/access/role-schema';
import { Classification } from '../../src/access/classification';
import { toGlobalId } from '../../src/server/graphql/global-id';
import type { Role } from '../../src/access/principal';

/**
 * Issue 4 §10: real GraphQL requests as every role against the demo data, checked against the policy
 * for every classification, including the leaks users of other GraphQL platforms report.
 */
const INTROSPECT = `{ __schema { types { name kind fields { name } inputFields { name } enumValues { name } } queryType { fields { name args { name type { name kind ofType { name kind ofType { name } } } } type { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } }`;

type IType = { name: string; kind: string; fields: { name: string }[] | null; inputFields: { name: string }[] | null; enumValues: { name: string }[] | null };

describe('access matrix: every role against every classification', () => {
  let t: TestHub;
  let full: GraphQLSchema;
  let agencies: Record<string, string>;
  beforeAll(async () => {
    t = await startTestHub();
    full = await buildHubSchema();
    const rows = await t.orm.em.fork().execute<{ code: string; id: string }[]>('select code, id from agency');
    agencies = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  });
  afterAll(() => t.close());

  const roleOf = (persona: string) => findPersona(persona)!.claims.roles as Role[];

  describe.each(PERSONAS.map((p) => p.name))('%s', (persona) => {
    it('introspection never shows a field of a tier the role is not cleared for, and shows the ones it is', async () => {
      const res = await t.gql<{ __schema: { types: IType[] } }>(persona, INTROSPECT);
      expect(res.errors).toBeUndefined();
      const roles = roleOf(persona);
      const seen = new Map(res.data!.__schema.types.map((ty) => [ty.name, ty]));
      const leaks: string[] = [];
      const cleared: string[] = [];
      for (const type of Object.values(full.getTypeMap())) {
        if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__') || ['Query', 'Mutation'].includes(type.name)) continue;
        const visible = seen.get(type.name);
        for (const field of Object.values(type.getFields())) {
          const tier = tierOf(field)!;
          const shown = !!visible?.fields?.some((f) => f.name === field.name);
          if (shown && !canRead(roles, tier)) leaks.push(`${type.name}.${field.name} (${tier})`);
          if (shown) cleared.push(tier);
        }
      }
      expect(leaks).toEqual([]);
      // Every tier the role is cleared for is reachable somewhere (policy is not silently dead).
      const reachable = new Set(cleared);
      for (const tier of [Classification.IDENTITY, Classification.SOCIAL_CARE, Classification.HEALTH_CLINICAL, Classification.POLICE_INTELLIGENCE, Classification.EDUCATION, Classification.LADO, Classification.AUDIT]) {
        if (canRead(roles, tier)) expect({ tier, reachable: reachable.has(tier) }).toEqual({ tier, reachable: true });
      }
    });

    it('no list can be filtered or ordered by a field the role cannot read', async () => {
      const roles = roleOf(persona);
      const res = await t.gql<any>(persona, INTROSPECT);
      const types: Map<string, IType> = new Map(res.data.__schema.types.map((ty: IType) => [ty.name, ty]));
      const violations: string[] = [];
      const full_ = (inputType: string, field: string): string | undefined => {
        const t = full.getType(inputType);
        return isInputObjectType(t) ? getNamedType(t.getFields()[field]!.type).name : undefined;
      };
      const camel = (s: string) => s.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
      for (const q of res.data.__schema.queryType.fields as { name: string; args: { name: string; type: any }[]; type: any }[]) {
        const rootField = full.getQueryType()!.getFields()[q.name]!;
        let node = getNamedType(rootField.type);
        if (isObjectType(node) && node.getFields().nodes) node = getNamedType(node.getFields().nodes!.type);
        if (!isObjectType(node)) continue;
        const nodeFields = node.getFields();
        // What the role's own schema offers: argument names, filter input fields, sort enum values.
        const names = new Set<string>();
        const named = (ty: any): string | undefined => ty?.name ?? named(ty?.ofType);
        for (const arg of q.args) {
          names.add(arg.name);
          const argType = types.get(named(arg.type)!);
          for (const f of argType?.inputFields ?? []) {
            names.add(f.name);
            const full = full_(argType!.name, f.name);
            if (full && /order|sort/i.test(f.name)) for (const v of types.get(full)?.enumValues ?? []) names.add(camel(v.name));
          }
          if (argType?.kind === 'ENUM' && /order|sort/i.test(`${arg.name} ${argType.name}`)) for (const v of argType.enumValues ?? []) names.add(camel(v.name));
        }
        for (const n of names) {
          const f = nodeFields[n];
          if (f && !canRead(roles, tierOf(f)!)) violations.push(`${q.name}: ${n} (${tierOf(f)})`);
        }
      }
      expect(violations).toEqual([]);
    });
  });

  const strangers = new Map<string, string>();
  /** A child (with a referral) owned by another agency that `agencyCode` has no involvement with. */
  async function childrenFor(agencyCode: string): Promise<{ involved: string | null; stranger: string }> {
    const em = t.orm.em.fork();
    const agency = agencies[agencyCode]!;
    const involved = await em.execute<{ id: string }[]>(
      `select i.child_id as id from involvement i where i.agency_id = ? and i.deleted_at is null and i.started_at <= current_date and (i.ended_at is null or i.ended_at > current_date) order by i.child_id limit 1`,
      [agency],
    );
    const owner = agencyCode === 'POLICE-NORTHSHIRE' ? 'LA-NORTHSHIRE' : 'POLICE-NORTHSHIRE';
    if (!strangers.has(owner)) {
      const childId = await copyRow(t.orm, 'child', { owning_agency_id: `'${agencies[owner]}'::uuid`, family_name: `'Stranger'` });
      await copyRow(t.orm, 'referral', { owning_agency_id: `'${agencies[owner]}'::uuid`, child_id: `'${childId}'::uuid`, contact_id: 'null' });
      strangers.set(owner, childId);
    }
    return { involved: involved[0]?.id ?? null, stranger: strangers.get(owner)! };
  }

  const DETAIL_ON_CHILD: Record<string, string> = { ethnicity: 'SOCIAL_CARE', attendance: 'EDUCATION', ladoReferrals: 'LADO' };

  describe.each(PERSONAS.filter((p) => hasChildRowScope(p.claims.roles as Role[])).map((p) => p.name))('%s, at run time', (persona) => {
    it('sees identity for any child, detail only for children its agency is involved with (null + FORBIDDEN with the path otherwise)', async () => {
      const roles = roleOf(persona);
      const { involved, stranger } = await childrenFor(findPersona(persona)!.claims.agency);
      const readable = Object.keys(DETAIL_ON_CHILD).filter((f) => canRead(roles, DETAIL_ON_CHILD[f] as Classification));
      const selection = ['familyName', ...readable.map((f) => (f === 'ethnicity' ? f : f === 'attendance' ? 'attendance { attendancePercent }' : 'ladoReferrals { recordId }'))].join(' ');
      const query = `query($id: ID!) { node(id: $id) { ... on Child { ${selection} } } }`;
      const other = await t.gql<any>(persona, query, { id: toGlobalId('Child', stranger) });
      expect(other.data.node.familyName).toEqual(expect.any(String));
      for (const f of readable) {
        expect(other.data.node[f]).toBeNull();
        expect(other.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['node', f], extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'NO_INVOLVEMENT' }) })]));
      }
      // the error never echoes the child's data
      expect(JSON.stringify(other.errors ?? [])).not.toContain(other.data.node.familyName);
      if (involved) {
        const mine = await t.gql<any>(persona, query, { id: toGlobalId('Child', involved) });
        expect(mine.errors ?? []).toEqual([]);
      }
    });

    it("node(id) on another agency's record it has no involvement with returns null", async () => {
      const { stranger } = await childrenFor(findPersona(persona)!.claims.agency);
      const [ref] = await t.orm.em.fork().execute<{ id: string }[]>('select id from referral where child_id = ? limit 1', [stranger]);
      const res = await t.gql<any>(persona, `query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId('Referral', ref!.id) });
      expect(res.data.node).toBeNull();
    });
  });

  it('analysts, BI, the DPO and administrators can reach no child-level data at all', async () => {
    for (const persona of ['board-analyst', 'bi-service', 'dpo', 'admin']) {
      const res = await t.gql<any>(persona, `{ children(first: 1) { totalCount } }`);
      expect(res.errors?.[0]?.message).toMatch(/Cannot query field "children"/);
      const node = await t.gql<any>(persona, `{ node(id: "x") { id } }`);
      expect(node.errors?.[0]?.message).toMatch(/Cannot query field "node"/);
    }
  });

  it('cursors are sealed: they do not reveal the values a list is ordered by', async () => {
    const res = await t.gql<any>('social-worker', `{ children(first: 2, orderBy: FAMILY_NAME) { edges { cursor node { familyName } } } }`);
    const edges = res.data?.children?.edges ?? (await t.gql<any>('social-worker', `{ children(first: 2) { edges { cursor node { familyName } } } }`)).data.children.edges;
    for (const e of edges) {
      const decoded = Buffer.from(e.cursor, 'base64url').toString('latin1') + Buffer.from(e.cursor, 'base64').toString('latin1');
      expect(decoded).not.toContain(e.node.familyName);
    }
    const tampered = await t.gql<any>('social-worker', `query($after: String) { children(first: 1, after: $after) { totalCount } }`, { after: Buffer.from(JSON.stringify(['Smith', 'x'])).toString('base64url') });
    expect(tampered.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("a confidential placement address is hidden from other agencies involved with the child", async () => {
    const [row] = await t.orm.em.fork().execute<{ child_id: string; agency: string }[]>(
      `select a.child_id, i.agency_id as agency from child_address a join involvement i on i.child_id = a.child_id
        where a.confidential and i.agency_id <> a.owning_agency_id and i.ended_at is null limit 1`,
    );
    expect(row).toBeDefined();
    const code = Object.entries(agencies).find(([, id]) => id === row!.agency)![0];
    const persona = PERSONAS.find((p) => p.claims.agency === code && hasChildRowScope(p.claims.roles as Role[]))!.name;
    const res = await t.gql<any>(persona, `query($id: ID!) { node(id: $id) { ... on Child { addresses { confidential postcode line1 } } } }`, { id: toGlobalId('Child', row!.child_id) });
    const confidential = res.data.node.addresses.filter((a: any) => a.confidential);
    expect(confidential.length).toBeGreaterThan(0);
    for (const a of confidential) expect(a).toMatchObject({ postcode: null, line1: null });
    expect(res.errors).toEqual(expect.arrayContaining([expect.objectContaining({ extensions: expect.objectContaining({ reason: 'CONFIDENTIAL_ADDRESS' }) })]));
  });

  it('detail tiers are nullable everywhere, so a denied field never blanks its parent', () => {
    const nonNull: string[] = [];
    for (const type of Object.values(full.getTypeMap())) {
      if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__')) continue;
      for (const f of Object.values(type.getFields())) if (DETAIL_TIERS.has(tierOf(f)!) && f.type.toString().endsWith('!')) nonNull.push(`${type.name}.${f.name}`);
    }
    expect(nonNull).toEqual([]);
  });
});
