import pg from 'pg';
import { getNamedType, isLeafType, isObjectType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { buildHubSchema } from '../../src/server/graphql/schema';
import { tierOf } from '../../src/access/role-schema';
import { canRead, DETAIL_TIERS, ROLE_POLICY } from '../../src/access/policy';
import { Classification } from '../../src/access/classification';
import { childIdsSql, childPathOfClass, childScopeOf, type ChildPath } from '../../src/access/child-of';
import { PERSONAS, type Persona } from '../../src/server/personas';
import { toGlobalId } from '../../src/server/graphql/global-id';

/**
 * "Which child is this record about" has one definition (src/access/child-of.ts). For EVERY GraphQL type
 * implementing Node whose entity has a path to a child (however indirect), a practitioner of a role
 * cleared for the type's tiers reads a demo record through `node(id:)` over HTTP:
 *  - from an agency with no involvement at all (the same role, in a partner agency the test adds):
 *    the record is invisible, or its detail fields are null with FORBIDDEN / NO_INVOLVEMENT, and no
 *    audit row records a detail field as read;
 *  - from the involved demo agency: the fields come back and exactly one READ audit row names the
 *    child(ren), the record and the fields.
 */
describe('every record about a child is row-scoped and read-audited through its child', () => {
  let t: TestHub;
  let agencies: Record<string, string>;
  const sql = <T = Record<string, unknown>>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);

  beforeAll(async () => {
    t = await startTestHub();
    // An agency of each kind involved with no child and owning nothing: the uninvolved reader's agency.
    await sql(`insert into agency (id, code, name, kind) select gen_random_uuid(), 'UNINVOLVED-' || k, 'Uninvolved ' || k, k::agency_kind
                 from unnest(array['LOCAL_AUTHORITY', 'HEALTH', 'POLICE', 'EDUCATION']) k`);
    agencies = Object.fromEntries((await sql<{ code: string; id: string }>('select code, id from agency')).map((r) => [r.code, r.id]));
    // The demo has no decision not to share: record one through the API (a health visitor withholds from the police).
    const child = await childSeenBy(['NHS-NORTHSHIRE-CHT', 'POLICE-NORTHSHIRE']);
    const res = await t.http<any>('health-visitor', `mutation($input: RecordDecisionNotToShareInput!) { recordDecisionNotToShare(input: $input) { userErrors { code } } }`, {
      input: { childId: toGlobalId('Child', child), informationWithheld: 'Mother’s mental health history', withheldFrom: 'POLICE-NORTHSHIRE', reason: 'Sharing would be more detrimental to the child at this stage.' },
    });
    expect(res.body.data?.recordDecisionNotToShare.userErrors).toEqual([]);
  });
  afterAll(() => t.close());

  /** A child every one of these agencies is involved with (hub_child_visible). */
  async function childSeenBy(codes: string[]): Promise<string> {
    const conds = codes.map(() => `hub_child_visible(c.id, ?::uuid, 'x')`).join(' and ');
    const rows = await t.orm.em.fork().execute<{ id: string }[]>(`select c.id from child c where ${conds} order by c.id limit 1`, codes.map((c) => agenciesOrThrow(c)));
    expect(rows).toHaveLength(1);
    return rows[0]!.id;
  }
  const agenciesOrThrow = (code: string): string => {
    const id = agencies[code];
    if (!id) throw new Error(`no agency ${code}`);
    return id;
  };

  /** Runs SQL as the application role with a persona's settings, like a request (RLS applies). */
  async function asAgency<T>(agencyId: string, subject: string, text: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query('set local role hub_app');
      await client.query(`select set_config('hub.agency_id', $1, true), set_config('hub.subject', $2, true), set_config('hub.row_scope', 'involvement', true)`, [agencyId, subject]);
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.query('rollback').catch(() => undefined);
      await client.end();
    }
  }

  /** Leaf fields (scalars and enums without arguments) with their tiers. */
  function leafFields(type: GraphQLObjectType): { name: string; tier: Classification }[] {
    return Object.values(type.getFields())
      .filter((f: GraphQLField<unknown, unknown>) => isLeafType(getNamedType(f.type)) && f.args.length === 0)
      .map((f) => ({ name: f.name, tier: tierOf(f)! }))
      .filter((f) => f.tier && f.tier !== Classification.PUBLIC);
  }

  const practitioners = PERSONAS.filter((p) => p.claims.roles.some((r) => ROLE_POLICY[r].rowScope === 'INVOLVEMENT'));

  /** Personas ordered by how much of the type they may read: detail fields first, then all fields. */
  function readersFor(fields: { name: string; tier: Classification }[]): Persona[] {
    const score = (p: Persona) => {
      const readable = fields.filter((f) => canRead(p.claims.roles, f.tier));
      return readable.filter((f) => DETAIL_TIERS.has(f.tier)).length * 1000 + readable.length;
    };
    return [...practitioners].sort((a, b) => score(b) - score(a));
  }

  /** Children of records by the one derivation's SQL (superuser: no row scope). */
  async function childrenOf(path: ChildPath, ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(ids.map((id) => [id, []]));
    for (const r of await sql<{ record_id: string; child_id: string }>(childIdsSql(path), [`{${ids.join(',')}}`])) if (r.child_id) out.get(r.record_id)!.push(r.child_id);
    return out;
  }

  /**
   * A record the persona's agency can see (under RLS) that names at least one child: preferably one it
   * does not own but whose children it is involved with, else one it owns.
   */
  async function recordFor(persona: Persona, path: ChildPath): Promise<{ id: string; children: string[] } | null> {
    const agencyId = agenciesOrThrow(persona.claims.agency);
    const visible = await asAgency<{ id: string; owner: string }>(agencyId, persona.claims.sub, `select id, owning_agency_id as owner from "${path.meta.tableName}" where deleted_at is null order by id limit 500`);
    if (!visible.length) return null;
    const children = await childrenOf(path, visible.map((v) => v.id));
    const involved = async (ids: string[]) => {
      const rows = await sql<{ ok: boolean }>(`select bool_and(hub_child_visible(c, ?::uuid, ?)) as ok from unnest(?::uuid[]) c`, [agencyId, persona.claims.sub, `{${ids.join(',')}}`]);
      return rows[0]!.ok === true;
    };
    for (const v of visible) {
      const kids = children.get(v.id)!;
      if (kids.length && v.owner !== agencyId && (await involved(kids))) return { id: v.id, children: kids };
    }
    const owned = visible.find((v) => v.owner === agencyId && children.get(v.id)!.length);
    return owned ? { id: owned.id, children: children.get(owned.id)! } : null;
  }

  async function auditRows(operation: string): Promise<{ action: string; record_id: string; child_ids: string[]; fields: string[] }[]> {
    return sql(`select action, record_id, child_ids, fields from audit_event where operation_name = ? order by seq`, [operation]);
  }

  it('covers every Node type about a child, each read denied when uninvolved and audited when involved', async () => {
    const schema = await buildHubSchema();
    const nodeTypes = Object.values(schema.getTypeMap()).filter((ty): ty is GraphQLObjectType => isObjectType(ty) && ty.getInterfaces().some((i) => i.name === 'Node'));
    const childTypes = nodeTypes.filter((ty) => childPathOfClass(ty.name));
    // Every Node type maps to an entity (so the derivation has had its say about each).
    expect(nodeTypes.filter((ty) => childPathOfClass(ty.name) === undefined).map((ty) => ty.name)).toEqual([]);
    expect(childTypes.map((ty) => ty.name)).toEqual(expect.arrayContaining(['AgencyContribution', 'ReturnHomeInterview', 'StrategyDiscussionParticipant', 'CoreGroupMeeting', 'LadoReferral', 'DecisionNotToShare']));
    const failures: string[] = [];
    let n = 0;
    for (const type of childTypes) {
      const path = childPathOfClass(type.name)!;
      const fields = leafFields(type);
      let reader: Persona | undefined;
      let record: { id: string; children: string[] } | null = null;
      for (const candidate of readersFor(fields)) {
        if (!fields.some((f) => canRead(candidate.claims.roles, f.tier))) continue;
        record = await recordFor(candidate, path);
        if (record) {
          reader = candidate;
          break;
        }
      }
      if (!reader || !record) {
        failures.push(`${type.name}: no demo record naming a child that a cleared practitioner's agency can see`);
        continue;
      }
      const readable = fields.filter((f) => canRead(reader.claims.roles, f.tier));
      const detail = readable.filter((f) => DETAIL_TIERS.has(f.tier)).map((f) => f.name);
      const selection = readable.map((f) => f.name).join(' ');
      const id = toGlobalId(type.name, record.id);

      // 1. The same role in an agency involved with no child.
      const outsider = `Outsider${type.name}${n++}`;
      const denied = await t.http<any>(reader.name, `query ${outsider}($id: ID!) { node(id: $id) { __typename ... on ${type.name} { ${selection} } } }`, { id }, { agency: `UNINVOLVED-${reader.claims.agency_kind}` });
      if (denied.status !== 200) failures.push(`${type.name}: uninvolved read answered HTTP ${denied.status}`);
      const node = denied.body.data?.node as Record<string, unknown> | null | undefined;
      if (node) {
        const leaked = detail.filter((f) => node[f] !== null);
        if (leaked.length) failures.push(`${type.name}: uninvolved ${reader.name} read ${leaked.join(', ')}`);
        for (const f of detail) {
          const err = denied.body.errors?.find((e) => e.path?.[1] === f);
          if (err?.extensions?.code !== 'FORBIDDEN' || err.extensions.reason !== 'NO_INVOLVEMENT') failures.push(`${type.name}.${f}: uninvolved read not refused with FORBIDDEN/NO_INVOLVEMENT`);
        }
      }
      for (const row of await auditRows(outsider)) {
        if (row.record_id === record.id && row.fields.some((f) => detail.includes(f))) failures.push(`${type.name}: audit records detail read by an uninvolved agency: ${row.fields.join(', ')}`);
      }

      // 2. The involved demo agency.
      const insider = `Insider${type.name}${n++}`;
      const granted = await t.http<any>(reader.name, `query ${insider}($id: ID!) { node(id: $id) { __typename ... on ${type.name} { ${selection} } } }`, { id });
      const got = granted.body.data?.node as Record<string, unknown> | null | undefined;
      if (!got) {
        failures.push(`${type.name}: involved ${reader.name} cannot read record ${record.id} through node(id:)`);
        continue;
      }
      const refused = new Set((granted.body.errors ?? []).map((e) => String(e.path?.[1])));
      if ((granted.body.errors ?? []).some((e) => e.extensions?.reason === 'NO_INVOLVEMENT')) failures.push(`${type.name}: involved ${reader.name} refused for NO_INVOLVEMENT`);
      const returned = readable.map((f) => f.name).filter((f) => !refused.has(f)).sort();
      const rows = (await auditRows(insider)).filter((r) => r.record_id === record.id);
      if (rows.length !== 1) failures.push(`${type.name}: ${rows.length} audit rows for the involved read (expected 1)`);
      else {
        const [row] = rows;
        if (row!.action !== 'READ') failures.push(`${type.name}: audit action ${row!.action}`);
        if ([...row!.child_ids].sort().join() !== [...record.children].sort().join()) failures.push(`${type.name}: audit names children ${row!.child_ids.join()} not ${record.children.join()}`);
        if ([...row!.fields].sort().join() !== returned.join()) failures.push(`${type.name}: audit fields ${row!.fields.join()} not ${returned.join()}`);
      }
    }
    expect(failures).toEqual([]);
  });

  /**
   * The reported cases, with the child found by hand-written SQL (not the derivation): the record is
   * invisible to the same role in an uninvolved agency, and the involved reader's audit row names the child.
   */
  async function readsOnlyWhenInvolved(persona: string, type: string, recordId: string, childIds: string[], fields: string[]): Promise<void> {
    const p = PERSONAS.find((x) => x.name === persona)!;
    const q = (op: string) => `query ${op}($id: ID!) { node(id: $id) { __typename ... on ${type} { ${fields.join(' ')} } } }`;
    const id = toGlobalId(type, recordId);
    const op = `Reported${type}${Math.random().toString(36).slice(2, 8)}`;
    const outsider = await t.http<any>(persona, q(`${op}Out`), { id }, { agency: `UNINVOLVED-${p.claims.agency_kind}` });
    expect(outsider.status).toBe(200);
    expect(outsider.body.data!.node).toBeNull();
    expect(await auditRows(`${op}Out`)).toEqual([]);
    const insider = await t.http<any>(persona, q(`${op}In`), { id });
    expect(insider.body.errors).toBeUndefined();
    expect(insider.body.data!.node.__typename).toBe(type);
    for (const f of fields) expect(insider.body.data!.node).toHaveProperty(f);
    const rows = await auditRows(`${op}In`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'READ', record_id: recordId, fields: [...fields].sort() });
    expect([...rows[0]!.child_ids].sort()).toEqual([...childIds].sort());
  }

  it('an agency contribution is read only by agencies involved with the discussion’s child, and audited against that child', async () => {
    const [c] = await sql<{ id: string; child_id: string }>(
      `select c.id, s.child_id from agency_contribution c join strategy_discussion s on s.id = c.discussion_id join agency a on a.id = c.owning_agency_id
        where a.code = 'POLICE-NORTHSHIRE' and c.police_intelligence is not null order by c.id limit 1`,
    );
    await readsOnlyWhenInvolved('police-ppu', 'AgencyContribution', c!.id, [c!.child_id], ['summary', 'policeIntelligence']);
  });

  it('return home interview findings are read only by agencies involved with the missing child, and audited against that child', async () => {
    const [r] = await sql<{ id: string; child_id: string }>(
      `select r.id, e.child_id from return_home_interview r join missing_episode e on e.id = r.episode_id where r.findings is not null order by r.id limit 1`,
    );
    await readsOnlyWhenInvolved('social-worker', 'ReturnHomeInterview', r!.id, [r!.child_id], ['findings', 'pushFactors']);
  });

  it('strategy discussion participants are read only through the discussion’s child, and audited against it', async () => {
    const [r] = await sql<{ id: string; child_id: string }>(
      `select p.id, s.child_id from strategy_discussion_participant p join strategy_discussion s on s.id = p.discussion_id order by p.id limit 1`,
    );
    await readsOnlyWhenInvolved('social-worker', 'StrategyDiscussionParticipant', r!.id, [r!.child_id], ['role', 'status']);
  });

  it('a core group meeting is read only through the plan’s child, and audited against it', async () => {
    const [r] = await sql<{ id: string; child_id: string }>(`select m.id, p.child_id from core_group_meeting m join child_protection_plan p on p.id = m.plan_id order by m.id limit 1`);
    await readsOnlyWhenInvolved('social-worker', 'CoreGroupMeeting', r!.id, [r!.child_id], ['meetingDate']);
  });

  it('a LADO referral is the LADO’s alone, and its reads are audited against every child it names', async () => {
    const [r] = await sql<{ id: string; child_ids: string[] }>(
      `select l.id, array_agg(c.child_id) as child_ids from lado_referral l join lado_referral_child c on c.lado_referral_id = l.id
        group by l.id having count(*) >= 1 order by count(*) desc, l.id limit 1`,
    );
    await readsOnlyWhenInvolved('lado', 'LadoReferral', r!.id, r!.child_ids, ['allegationSummary', 'employer']);
    // Nobody else in the authority sees it, involved with the children or not: LADO is the LADO role's tier.
    const sw = await t.http<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on LadoReferral { allegationSummary } } }`, { id: toGlobalId('LadoReferral', r!.id) });
    expect(sw.body.data?.node?.allegationSummary ?? null).toBeNull();
  });

  it('a LADO referral naming no child is still audited (with no child) when the LADO reads it', async () => {
    const [r] = await sql<{ id: string }>(`select l.id from lado_referral l where not exists (select 1 from lado_referral_child c where c.lado_referral_id = l.id) order by l.id limit 1`);
    if (!r) return expect(childPathOfClass('LadoReferral')).toMatchObject({ kind: 'MANY' }); // the demo names a child in every referral
    const res = await t.http<any>('lado', `query LadoNoChild($id: ID!) { node(id: $id) { ... on LadoReferral { employer } } }`, { id: toGlobalId('LadoReferral', r.id) });
    expect(res.body.data!.node).toEqual({ employer: expect.any(String) });
    expect(await auditRows('LadoNoChild')).toEqual([{ action: 'READ', record_id: r.id, child_ids: [], fields: ['employer'] }]);
  });

  it('a decision not to share is read by the deciding agency only: never by the agency it was withheld from, nor an uninvolved one', async () => {
    const [d] = await sql<{ id: string; child_id: string; police_involved: boolean }>(
      `select d.id, d.child_id, hub_child_visible(d.child_id, (select id from agency where code = 'POLICE-NORTHSHIRE'), 'x') as police_involved
         from decision_not_to_share d where d.withheld_from = 'POLICE-NORTHSHIRE' order by d.decided_at desc limit 1`,
    );
    // The police are involved with the child: only the rule on the decision itself keeps them out.
    expect(d!.police_involved).toBe(true);
    await readsOnlyWhenInvolved('health-visitor', 'DecisionNotToShare', d!.id, [d!.child_id], ['informationWithheld', 'withheldFrom', 'reason']);
    const id = toGlobalId('DecisionNotToShare', d!.id);
    for (const persona of ['police-ppu', 'police-intel', 'social-worker', 'designated-nurse']) {
      const direct = await t.http<any>(persona, `query($id: ID!) { node(id: $id) { ... on DecisionNotToShare { reason withheldFrom } } }`, { id });
      expect([persona, direct.body.data?.node]).toEqual([persona, null]);
      const listed = await t.http<any>(persona, `query($id: ID!) { node(id: $id) { ... on Child { decisionsNotToShare { reason } } } }`, { id: toGlobalId('Child', d!.child_id) });
      expect([persona, listed.body.data?.node?.decisionsNotToShare ?? []]).toEqual([persona, []]);
    }
    // and underneath, in the database, whatever a resolver does
    const raw = await asAgency<{ n: number }>(agenciesOrThrow('POLICE-NORTHSHIRE'), 'pol.ppu.ian.ross', 'select count(*)::int as n from decision_not_to_share where id = $1', [d!.id]);
    expect(raw[0]!.n).toBe(0);
  });

  it('declares explicitly the record types that name several children (or none) and their row scope', () => {
    // A LADO referral names its children through lado_referral_child and stays with the LADO's authority.
    expect(childPathOfClass('LadoReferral')).toMatchObject({ kind: 'MANY' });
    expect(childScopeOf(childPathOfClass('LadoReferral')!.meta)).toMatchObject({ ownerOnly: true });
    expect(childScopeOf(childPathOfClass('DecisionNotToShare')!.meta)).toMatchObject({ ownerOnly: true });
    expect(childPathOfClass('AgencyContribution')).toMatchObject({ kind: 'ONE', hops: [{ prop: 'discussion' }, { prop: 'child' }] });
    expect(childPathOfClass('ReturnHomeInterview')).toMatchObject({ kind: 'ONE', hops: [{ prop: 'episode' }, { prop: 'child' }] });
    expect(childPathOfClass('Agency')).toBeNull();
  });

});
