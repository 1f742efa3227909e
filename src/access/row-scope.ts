import { raw, type EntityMetadata, type MetadataStorage } from '@mikro-orm/core';
import { childIdSql, childPathOf, childScopeOf, primaryKeyColumn, registerChildPaths, type ChildPath } from './child-of';
import { leadAgencyProbeSql } from './involvement-policy';

/**
 * Row scope, the same rule twice (DESIGN §2.2 c and d):
 *  - as PostgreSQL row-level security policies on every child-level table, reading the principal from
 *    transaction-local settings (`hub.agency_id`, `hub.subject`, `hub.row_scope`) that the request
 *    transaction sets (src/db/request-transaction.ts) while running as the `hub_app` role;
 *  - as a MikroORM filter (`rowScope`) with the principal passed as parameters, so the ORM never even
 *    asks for rows the database would refuse.
 * Both test the access routes of src/access/involvement-policy.ts in a form PostgreSQL can plan
 * (`childVisibleSql`): the agency owns the child record, or the child is in `hub_visible_children(agency,
 * subject)`, the children it sees through an allocated or accepted involvement, a recent strategy
 * discussion invitation or the subject's unexpired break-glass grant, computed once per statement.
 * `hub_child_visible(child, agency, subject)`, generated from the same routes, answers for one child
 * (the field guard, src/access/access-service.ts). Migration Migration20261203600000_rls_plannable.
 *
 * Which rule applies to a table is derived from its metadata here, once, from the one definition of
 * which child a record is about (`childPathOf`, src/access/child-of.ts):
 *  - CHILD: the `child` table; any practitioner may see a child's identity row (to find the right child
 *    and read its status card); its other fields are guarded per child at run time (tierNeedsRowScope)
 *    and lists of children add `childInRowScope`.
 *  - CHILD_RECORD: tables whose rows are about one child, directly (`child_id`) or through their parents
 *    (a contribution through its discussion): rows the agency owns or about a visible child, and, for
 *    rows attached to a parent record, rows attached to a record the agency owns.
 *  - OWNED: tables with an owning agency whose rows name several children or none (declared, e.g. LADO
 *    referrals), or declared `ownerOnly` (decisions not to share): rows the agency owns, nothing else.
 * Tables without an owning agency (agencies, teams, practitioners) are reference data: no row scope.
 */

export const APP_ROLE = 'hub_app';

export interface RowScopeParams {
  agencyId: string;
  subject: string;
}

/**
 * The SQL deciding whether a principal sees a child's records, `agency`/`subject` being SQL expressions:
 * the agency leads the child (owns the child record), or the child is in the set of children it sees
 * through the other routes, `hub_visible_children(agency, subject)` (generated with `hub_child_visible`
 * from src/access/involvement-policy.ts). The set is a scalar sub-select, so PostgreSQL computes it once
 * per statement (an InitPlan, and only when a row gets that far) and each row costs a membership test,
 * not a function call; the lead test is one primary-key probe and comes first, so a local authority
 * looking at its own children never computes the set.
 */
export const childVisibleSql = (childCol: string, agency: string, subject: string) =>
  // Coalesced: strictly true or false (a select list counts the false), as hub_child_visible answers.
  `coalesce(${leadAgencyProbeSql(agency, 'lead_child', childCol)} or ${inVisibleChildrenSql(childCol, agency, subject)}, false)`;

/** The child is in the set the agency sees other than by leading it (an InitPlan: computed once per statement). */
const inVisibleChildrenSql = (childCol: string, agency: string, subject: string) => `${childCol} = any((select hub_visible_children(${agency}, ${subject}))::uuid[])`;

/**
 * `childVisibleSql` with the principal as `?` parameters: the SQL, and its parameters in placeholder order
 * (the agency appears more than once).
 */
export function childVisibleQuery(childCol: string, args: RowScopeParams): { sql: string; params: string[] } {
  return { sql: childVisibleSql(childCol, '?::uuid', '?::text'), params: inPlaceholderOrder(childVisibleSql(childCol, AGENCY_MARK, SUBJECT_MARK), args) };
}

/**
 * MikroORM condition limiting `child` rows to the principal's row scope. The child table's own policy
 * lets every practitioner read identity rows (to find the right child by identifier, DESIGN §6), so
 * any list of children adds this: the same rule as every child-level record (for the child itself,
 * leading it is owning its row).
 */
export function childInRowScope(args: RowScopeParams): Record<string, unknown> {
  // The plain owner test comes first so the planner can estimate it: for the agency that owns most
  // children it then keeps walking the ordering's index and stops at the page size.
  return { [raw((alias: string) => `(${alias}.owning_agency_id = ?::uuid or ${alias}.id = any((select hub_visible_children(?::uuid, ?))::uuid[]))`, [args.agencyId, args.agencyId, args.subject])]: [] };
}

/*
 * The principal's settings, each in a scalar sub-select: PostgreSQL evaluates it once per statement (an
 * InitPlan) and compares rows with its value, instead of calling current_setting() for every row.
 */
/** The caller's row scope is 'all' (analytics and exports, for their aggregate SQL only). */
const ALL_ROWS = `(select current_setting('hub.row_scope', true)) = 'all'`;
/** The caller is a practitioner (row scope 'involvement' or 'all'). */
const PRACTITIONER = `(select current_setting('hub.row_scope', true) in ('involvement', 'all'))`;
/** The caller's agency (for the write policies: writing needs no row scope). */
const SETTING_AGENCY = `(select nullif(current_setting('hub.agency_id', true), '')::uuid)`;
/**
 * The caller's agency when the caller is a practitioner, else null (so no row matches it). The row-scope
 * test is folded into the agency rather than ANDed to each row: PostgreSQL cannot estimate a comparison
 * of a setting (it assumes 0.5%), and a row filter it thinks rejects 99% of rows makes it sort whole
 * tables instead of walking an ordering's index.
 */
const PRACTITIONER_AGENCY = `(select case when current_setting('hub.row_scope', true) in ('involvement', 'all') then nullif(current_setting('hub.agency_id', true), '')::uuid end)`;
const SETTING_SUBJECT = `(select current_setting('hub.subject', true))`;

type Kind = 'CHILD' | 'CHILD_RECORD' | 'OWNED';

function kindOf(meta: EntityMetadata, storage: MetadataStorage): Kind | null {
  if (meta.tableName === 'child') return 'CHILD';
  if (!meta.properties.owningAgency) return null;
  const path = childPathOf(meta, storage);
  if (path?.kind === 'MANY' && !childScopeOf(meta).ownerOnly) {
    // Which of several children opens the record to an agency is a decision, not a default.
    throw new Error(`${meta.className} names several children: declare childScope.ownerOnly (or a rule for it)`);
  }
  return path?.kind === 'ONE' && !childScopeOf(meta).ownerOnly ? 'CHILD_RECORD' : 'OWNED';
}

/** The visibility predicate for one table, with `agency`/`subject` as SQL expressions and `alias.` prefix. */
function visibility(meta: EntityMetadata, storage: MetadataStorage, a: string, agency: string, subject: string): string | null {
  const kind = kindOf(meta, storage);
  if (!kind) return null;
  if (kind === 'CHILD') return 'true';
  // Who may write a row may read it back: the owner, and a co-writer (the agency whose record raised a
  // task owned by another; an INSERT ... RETURNING is checked against this policy too).
  const coWriter = coWriterColumn(meta);
  const owned = coWriter ? `(${a}owning_agency_id = ${agency} or ${a}${coWriter} = ${agency})` : `${a}owning_agency_id = ${agency}`;
  if (kind === 'OWNED') return `(${owned})`;
  const path = childPathOf(meta, storage) as Extract<ChildPath, { kind: 'ONE' }>;
  // Qualified even in a policy: inside a subquery (the parents', the lead test's) a bare column could bind to another table's.
  const self = a || `"${meta.tableName}".`;
  if (path.hops.length === 1) return `(${owned} or ${childVisibleSql(childIdSql(path, self), agency, subject)})`;
  // What is attached to a record stays in sight of that record's owner (the police see the interview
  // held after their missing episode; its detail still needs the child), whatever its child's scope.
  return `(${owned} or ${throughParentsSql(path, self, agency, subject)})`;
}

/**
 * A record attached to a parent: its parent is owned by the agency, or the child at the end of the parents
 * is visible (led by the agency or in its visible set), in ONE sub-select walking the parents once. Each
 * parent read here carries its own policy (which walks its own parents), so naming the parents several
 * times (a parent-owner probe, then the child id for the lead test, then again for the set) multiplied
 * the sub-plans at every hop: hundreds of sub-plans to plan and start per statement two hops down.
 * Left joins: a parent further up hidden from the agency leaves the first parent's owner test standing.
 */
function throughParentsSql(path: Extract<ChildPath, { kind: 'ONE' }>, self: string, agency: string, subject: string): string {
  const [first, ...rest] = path.hops;
  let from = `"${first!.target.tableName}" p1`;
  rest.forEach((h, i) => {
    from += ` left join "${h.target.tableName}" p${i + 2} on p${i + 2}.${primaryKeyColumn(h.target)} = p${i + 1}.${h.column}`;
  });
  const c = `p${rest.length + 1}`;
  // A scalar sub-select on the first parent's key (one row at most), not EXISTS: an EXISTS under OR is
  // planned twice (per row and hashed) for the planner to choose, and each plan carries the parents' policies.
  return `coalesce((select p1.owning_agency_id = ${agency} or ${c}.owning_agency_id = ${agency} or ${inVisibleChildrenSql(`${c}.${primaryKeyColumn(rest[rest.length - 1]!.target)}`, agency, subject)} from ${from} where p1.${primaryKeyColumn(first!.target)} = ${self}${first!.column}), false)`;
}

/**
 * The row-scope condition of one table for SQL the hub builds itself (the compiled read path,
 * src/reads/compile.ts): the same predicate as the ORM filter, `alias` being the table's alias without
 * the dot and `agency`/`subject` SQL expressions; null for tables without one (the child table, whose
 * identity rows every practitioner reads, and reference data).
 */
export function rowScopeSql(meta: EntityMetadata, storage: MetadataStorage, alias: string, agency: string, subject: string): string | null {
  const kind = kindOf(meta, storage);
  return kind && kind !== 'CHILD' ? visibility(meta, storage, `${alias}.`, agency, subject) : null;
}

/**
 * MikroORM `afterDiscovered` hook: attaches the RLS policies (emitted into migrations by the schema
 * generator) and the `rowScope` filter to every scoped entity.
 */
export function applyRowScope(storage: MetadataStorage): void {
  registerChildPaths(storage);
  for (const meta of storage.getAll().values()) {
    if (meta.abstract || meta.embeddable) continue;
    const kind = kindOf(meta, storage);
    if (!kind) continue;
    // Analytics and exports switch `hub.row_scope` to 'all' for their aggregate SQL only; practitioners
    // run with 'involvement'; anyone else ('none') sees no child-level row at all.
    const using = kind === 'CHILD' ? PRACTITIONER : `${ALL_ROWS} or ${visibility(meta, storage, '', PRACTITIONER_AGENCY, SETTING_SUBJECT)}`;
    meta.policies = [
      { name: `${meta.tableName}_read`, command: 'select', roles: [APP_ROLE], using },
      { name: `${meta.tableName}_insert`, command: 'insert', roles: [APP_ROLE], check: writers(meta) },
      { name: `${meta.tableName}_update`, command: 'update', roles: [APP_ROLE], using: writers(meta), check: writers(meta) },
    ];
    meta.rowLevelSecurity = true;
    if (kind === 'CHILD') continue;
    meta.filters.rowScope = {
      name: 'rowScope',
      // On for every em; without principal parameters (seeds, migrations, admin scripts) it adds nothing.
      default: true,
      args: false,
      cond: (args: Partial<RowScopeParams>) =>
        args?.agencyId && args.subject
          ? { [raw((alias: string) => visibility(meta, storage, `${alias}.`, '?::uuid', '?')!, orderedParams(meta, storage, args as RowScopeParams))]: [] }
          : {},
    };
  }
}

/**
 * Who may insert or update a table's rows: the owning agency, plus, for an entity that names a second
 * writing agency in a static `coWriterAgency` (the property of that agency's relation), that agency too.
 * Example: a health assessment is owned by the health agency performing it but created by the local
 * authority that requests it (src/modules/health). Which columns each party may change is the module's
 * rule, enforced in its resolvers.
 */
function writers(meta: EntityMetadata): string {
  const col = coWriterColumn(meta);
  return col ? `(owning_agency_id = ${SETTING_AGENCY} or ${col} = ${SETTING_AGENCY})` : `owning_agency_id = ${SETTING_AGENCY}`;
}

/** The column of the entity's `coWriterAgency` relation, if it declares one. */
function coWriterColumn(meta: EntityMetadata): string | undefined {
  const prop = (meta.class as unknown as { coWriterAgency?: string } | undefined)?.coWriterAgency;
  return prop ? meta.properties[prop as never]?.fieldNames?.[0] : undefined;
}

/** Parameters for the filter's raw SQL in the order its placeholders appear. */
function orderedParams(meta: EntityMetadata, storage: MetadataStorage, args: RowScopeParams): string[] {
  return inPlaceholderOrder(visibility(meta, storage, 'x.', AGENCY_MARK, SUBJECT_MARK)!, args);
}

const AGENCY_MARK = '\u0001';
const SUBJECT_MARK = '\u0002';
/** The principal's values in the order SQL generated with the marks in place of `agency`/`subject` needs them. */
function inPlaceholderOrder(marked: string, args: RowScopeParams): string[] {
  const out: string[] = [];
  for (const ch of marked) {
    if (ch === AGENCY_MARK) out.push(args.agencyId);
    else if (ch === SUBJECT_MARK) out.push(args.subject);
  }
  return out;
}

/** Every row-scope policy derived above, per table, as plain `create policy` statements (and their names). */
export function rowScopePolicies(storage: MetadataStorage): Array<{ table: string; name: string; create: string }> {
  const out: Array<{ table: string; name: string; create: string }> = [];
  const metas = [...storage.getAll().values()].filter((m) => !m.abstract && !m.embeddable && m.rowLevelSecurity && m.policies?.length);
  for (const meta of metas.sort((a, b) => a.tableName.localeCompare(b.tableName))) {
    for (const p of meta.policies!) {
      const clauses = [p.using ? ` using (${p.using as string})` : '', p.check ? ` with check (${p.check as string})` : ''].join('');
      out.push({ table: meta.tableName, name: p.name!, create: `create policy "${p.name}" on "${meta.tableName}" for ${p.command} to ${p.roles!.map((r) => `"${r}"`).join(', ')}${clauses}` });
    }
  }
  return out;
}

/**
 * The statements that (re)create every row-scope policy, for a migration to apply (drop and create, in
 * table order), so what the database enforces is generated, never copied. Each table's statements run
 * only when the table exists: an earlier migration applies today's derivation, which also names tables a
 * later migration creates (that migration then applies them).
 */
export function rowScopePolicyStatements(storage: MetadataStorage): string[] {
  const byTable = new Map<string, string[]>();
  for (const p of rowScopePolicies(storage)) {
    const list = byTable.get(p.table) ?? byTable.set(p.table, []).get(p.table)!;
    list.push(`drop policy if exists "${p.name}" on "${p.table}"`, p.create);
  }
  return [...byTable].map(([table, statements]) =>
    `do $policies$ begin if to_regclass('public."${table}"') is not null then\n${statements.map((x) => `  execute $sql$${x}$sql$;`).join('\n')}\nend if; end $policies$;`);
}
