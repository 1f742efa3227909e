import { getNamedType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLArgument, type GraphQLInputField, type GraphQLSchema } from 'graphql';
import type { Condition } from './input-declarations';
import { Classification } from './classification';
import { canRead, DETAIL_TIERS, ROLE_POLICY } from './policy';
import { Role } from './principal';
import { inputAllowed, mutationAllowed, readsOf, tierOf } from './role-schema';
import { ACCESS_GIVING_STATUSES, ACCESS_ROUTES, INVOLVEMENT_BACKDATE_DAYS, INVOLVEMENT_STEPS, PARTIES, STRATEGY_INVITATION_MONTHS } from './involvement-policy';

const ROLES = Object.values(Role);
const abbrev = (r: Role) => r.split('_').map((w) => w[0]).join('');

/** docs/access.md, generated from the policy and the schema (test/access/docs.test.ts keeps it current). */
export function renderAccessDoc(schema: GraphQLSchema): string {
  const out: string[] = [
    '# Access policy',
    '',
    '<!-- Generated from src/access/policy.ts and the schema by `npm run docs:access`. Do not edit by hand. -->',
    '',
    'Every field carries a classification; every role is cleared to read and write classifications.',
    `Detail tiers (${[...DETAIL_TIERS].join(', ')}) are further limited to children the caller's agency is`,
    'involved with, records it owns, or an unexpired break-glass grant (row scope, enforced by the ORM filter',
    'and by PostgreSQL row-level security; how an agency becomes involved: the involvement lifecycle below).',
    'Analysts, BI, the DPO and administrators see no child-level rows.',
    '',
    '## Roles',
    '',
    '| role | abbrev. | agency kinds | reads | writes | row scope | break-glass | why |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of ROLES) {
    const p = ROLE_POLICY[r];
    out.push(`| ${r} | ${abbrev(r)} | ${p.agencyKinds.join(', ')} | ${p.read.join(', ')} | ${p.write.join(', ') || '—'} | ${p.rowScope} | ${p.breakGlass ? 'yes' : 'no'} | ${p.why} |`);
  }
  out.push('', ...renderInvolvementLifecycle());
  out.push(
    '',
    '## Purposes',
    '',
    'The purposes a token carrying the role may declare (the first when the token names none); any other is refused',
    '(HTTP 401, PURPOSE_NOT_ALLOWED). Small-number suppression applies to ANALYTICS.',
    '',
    '| role | purpose | why |',
    '|---|---|---|',
  );
  for (const r of ROLES) for (const g of ROLE_POLICY[r].purposes) out.push(`| ${r} | ${g.purpose} | ${g.why} |`);
  out.push('', '## Fields by type', '', 'R = the role can read the field (detail tiers: for children in its row scope).', '');
  const header = `| field | classification | ${ROLES.map(abbrev).join(' | ')} |`;
  const rule = `|---|---|${ROLES.map(() => '---').join('|')}|`;
  const types = Object.values(schema.getTypeMap())
    .filter((t) => (isObjectType(t) || isInterfaceType(t)) && !t.name.startsWith('__') && !['Query', 'Mutation'].includes(t.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const type of types) {
    if (!(isObjectType(type) || isInterfaceType(type))) continue;
    out.push(`### ${type.name}`, '', header, rule);
    for (const f of Object.values(type.getFields()).sort((a, b) => a.name.localeCompare(b.name))) {
      const tier = tierOf(f) ?? ('UNCLASSIFIED' as Classification);
      out.push(`| ${f.name} | ${tier} | ${ROLES.map((r) => (canRead([r], tier) ? 'R' : '')).join(' | ')} |`);
    }
    out.push('');
  }
  out.push(...renderListFilters(schema));
  out.push('## Mutations', '', `| mutation | ${ROLES.map(abbrev).join(' | ')} |`, `|---|${ROLES.map(() => '---').join('|')}|`);
  for (const [name, f] of Object.entries(schema.getMutationType()?.getFields() ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`| ${name} | ${ROLES.map((r) => (mutationAllowed(f, name, [r]) ? 'W' : '')).join(' | ')} |`);
  }
  return out.join('\n') + '\n';
}

/** What one declared condition does, in words (src/reads/filters.ts applies it). */
function conditionText(c: Condition): string {
  const p = `\`${c.property ?? c.field}\``;
  switch (c.op) {
    case 'eq':
      return `${p} = value`;
    case 'in':
      return `${p} is one of the values`;
    case 'gte':
      return `${p} ≥ value`;
    case 'gt':
      return `${p} > value`;
    case 'lte':
      return `${p} ≤ value`;
    case 'lt':
      return `${p} < value`;
    case 'contains':
      return `${p} includes value`;
    case 'prefix':
      return `${p} starts with value (any case)`;
    case 'nullOrGte':
      return `${p} is empty or ≥ value`;
    case 'id':
      return `${p} is the ${c.type} with this id`;
    case 'nullWhen':
      return `${p} is empty when value is ${String(c.when)}, set otherwise`;
    case 'existsWhen':
      return `${p} exist when value is ${String(c.when)}, none otherwise`;
    case 'is':
      return c.value === null ? `${p} is empty` : `${p} = ${String(c.value)}`;
  }
}

/**
 * Each list's filters, from their declarations: the conditions a filter adds (all of them, for every
 * filter given), what it reads, and which roles are offered it. A data protection officer reads here what
 * a filter can reveal; an integrator, what it does.
 */
function renderListFilters(schema: GraphQLSchema): string[] {
  const out = ['## List filters', '', '<!-- From the filters(...) declarations beside each filter field (src/access/input-declarations.ts). -->', '', 'F = the role is offered the filter: it can read the list and every field the filter reads.', ''];
  const lists = Object.values(schema.getQueryType()?.getFields() ?? {})
    .filter((f) => getNamedType(f.type).name.endsWith('Connection'))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const list of lists) {
    const rows: string[] = [];
    // A list is offered with its nodes' tier (the connection's `nodes` field).
    const connection = getNamedType(list.type);
    const listTier = isObjectType(connection) ? tierOf(connection.getFields().nodes ?? {}) : undefined;
    const add = (value: GraphQLArgument | GraphQLInputField, name: string) => {
      const r = readsOf(value);
      if (!r || r.kind === 'perValue' || !r.conditions) return;
      const read = r.kind === 'field' ? [r.field, ...(r.more ?? []).map((m) => m.field)].map((f) => `${r.type}.${f}`).join(', ') : `nothing (${r.why})`;
      const offered = (role: Role) => inputAllowed(value, [role]) && (!listTier || canRead([role], listTier));
      rows.push(`| ${name} | ${r.conditions.map(conditionText).join(' and ')} | ${read} | ${ROLES.map((role) => (offered(role) ? 'F' : '')).join(' | ')} |`);
    };
    for (const a of list.args) {
      const named = getNamedType(a.type);
      if (isInputObjectType(named)) for (const f of Object.values(named.getFields())) add(f, `${a.name}.${f.name}`);
      else add(a, a.name);
    }
    if (!rows.length) continue;
    out.push(`### ${list.name}`, '', `| filter | condition | reads | ${ROLES.map(abbrev).join(' | ')} |`, `|---|---|---|${ROLES.map(() => '---').join('|')}|`, ...rows, '');
  }
  return out;
}

/** The involvement lifecycle section, for a data protection officer (from src/access/involvement-policy.ts). */
function renderInvolvementLifecycle(): string[] {
  const out = [
    '## How an agency comes to see a child (involvement lifecycle)',
    '',
    '<!-- From src/access/involvement-policy.ts. -->',
    '',
    'An involvement is what gives an agency a legitimate relationship with a child, so it is never',
    "self-declared: no agency can give itself access by saying it works with a child. The routes to a child's",
    'records are:',
    '',
    '| route | rule | in force |',
    '|---|---|---|',
    ...ACCESS_ROUTES.map((r) => `| ${r.route} | ${r.rule} | ${r.built ? 'yes' : 'planned'} |`),
    '',
    '### Who is who',
    '',
    ...Object.entries(PARTIES).map(([party, meaning]) => `- **${party.toLowerCase().replace(/_/g, ' ')}**: ${meaning}.`),
    '',
    '### Steps',
    '',
    '| step | mutation | who may take it | from | to | reason required | gives access | rule |',
    '|---|---|---|---|---|---|---|---|',
    ...Object.entries(INVOLVEMENT_STEPS).map(
      ([name, s]) =>
        `| ${name} | ${s.mutation} | ${s.by.map((p) => p.toLowerCase().replace(/_/g, ' ')).join(' or ')} | ${s.from.join(', ') || '(new)'} | ${s.to ?? '(ended)'} | ${s.reasonRequired ? 'yes' : 'no'} | ${s.givesAccess ? 'yes' : 'no'} | ${s.rule} |`,
    ),
    '',
    `- Only involvements in state ${ACCESS_GIVING_STATUSES.join(' or ')} whose dates cover today count towards access; a pending or declined request gives nothing.`,
    `- No backdating beyond ${INVOLVEMENT_BACKDATE_DAYS} days: an involvement may start at most ${INVOLVEMENT_BACKDATE_DAYS} days before the day it is recorded, never in the future.`,
    `- A strategy discussion invitation gives access for ${STRATEGY_INVITATION_MONTHS} months after the discussion.`,
    '- Every step is written to the audit log (who, when, old and new state, reason), in the same transaction as the change.',
    '- The database enforces the same steps: a trigger on the involvement table refuses any insert or change of state',
    '  that is not a step above taken by its party, and any start date beyond the backdating window, whatever the application sends.',
    '',
  ];
  return out;
}
