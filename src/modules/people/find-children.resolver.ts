import { Arg, Ctx, Float, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { addressLocationHidden } from '../../access/field-guard';
import { hasChildRowScope } from '../../access/policy';
import { childVisibleQuery } from '../../access/row-scope';
import { ChildStatusCard, statusAlertsOf } from '../../access/status-card';
import { AuditAction } from '../../audit/audit-event.entity';
import type { HubContext } from '../../server/context';
import { forbidden, HubError } from '../../server/graphql/errors';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { Child } from './child.entity';
import { ChildAddress } from './child-address.entity';
import { ClassifiedField } from './child-fields.resolver';
import { ChildIdentifier } from './child-identifier.entity';
import { IdentifierType, MatchKind } from './codes';
import { normalisePostcode, validateNhsNumber, validateUpn } from './identifiers';
import { FindChildrenInput } from './inputs';
import { compareName, MIN_SCORE, normName, scoreCandidate, type CandidateFacts, type IdentifierField, type SearchTerms } from './matching';
import { checkIdentifier, identifierActive } from './validation';

@ObjectType({ description: 'Why a candidate matched: one searched field compared with the record.' })
export class MatchEvidence {
  @Expose(Classification.IDENTITY, { description: 'The searched field (nhsNumber, upn, laChildId, policePersonId, givenName, familyName, dateOfBirth, postcode).' })
  field!: string;
  @Expose(Classification.IDENTITY, () => MatchKind, { description: 'How the record compares.' })
  kind!: MatchKind;
  @Expose(Classification.IDENTITY, { description: 'Plain-language explanation.' })
  note!: string;
}

@ObjectType({
  description:
    'A candidate record for the child searched for, with a score and the evidence behind it. Nothing is merged: review and link. A child outside your row scope comes with identity and the status card only.',
})
export class ChildMatch {
  @Expose(Classification.IDENTITY, () => Child, { description: 'The candidate record (outside your row scope: identity fields only; the rest is FORBIDDEN).' })
  child!: Child;
  @Expose(Classification.IDENTITY, () => Float, { description: 'Match score 0..1: 1.0 for an exact identifier; demographic matches at most 0.95 (scheme in src/modules/people/matching.ts).' })
  score!: number;
  @Expose(Classification.IDENTITY, () => [MatchEvidence], {
    description: 'Field-by-field comparison; for a child outside your row scope only the identifier, names and date of birth (never addresses or other agencies’ identifiers).',
  })
  evidence!: MatchEvidence[];
  @Expose(Classification.IDENTITY, () => Boolean, {
    description: "Whether the child is in your row scope (your agency's involvement, a record it owns, or your break-glass grant). When false you see identity and the status card only; use requestEmergencyAccess if you need more now.",
  })
  inRowScope!: boolean;
  /** Status cards of every match of the search, read together on first use (one query, audited once). */
  statusCards!: () => Promise<Map<string, ChildStatusCard>>;
}

/** Fuzzy candidates considered (in row scope) before scoring, and matches returned. */
const MAX_CANDIDATES = 200;
const MAX_RESULTS = 25;
const MIN_REASON_LENGTH = 10;

/** Day/month transposed variant of a date, when it is a real date. */
function transposed(iso: string): string | null {
  const [y, m, d] = iso.split('-');
  const t = `${y}-${d}-${m}`;
  const parsed = new Date(`${t}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === t && t !== iso ? t : null;
}

const badInput = (message: string, field: string[], extra: Record<string, unknown> = {}) => new HubError('BAD_USER_INPUT', message, { field, ...extra });

interface IdentifierTerm {
  field: IdentifierField;
  types: IdentifierType[];
  value: string;
  namespace: string | null;
}

/** Validates and normalises the search; throws BAD_USER_INPUT with the input path of the first problem. */
function checkSearch(input: FindChildrenInput): { terms: SearchTerms; ids: IdentifierTerm[]; postcode: string | null; reason: string | null } {
  const ids: IdentifierTerm[] = [];
  const terms: SearchTerms = { givenName: input.givenName, familyName: input.familyName, dateOfBirth: input.dateOfBirth, postcode: input.postcode };
  if (input.nhsNumber) {
    const v = validateNhsNumber(input.nhsNumber);
    if (!v.ok) throw badInput(v.reason, ['input', 'nhsNumber'], { userErrorCode: UserErrorCode.INVALID_NHS_NUMBER });
    terms.nhsNumber = v.value;
    ids.push({ field: 'nhsNumber', types: [IdentifierType.NHS_NUMBER], value: v.value, namespace: null });
  }
  if (input.upn) {
    const v = validateUpn(input.upn);
    if (!v.ok) throw badInput(v.reason, ['input', 'upn'], { userErrorCode: UserErrorCode.INVALID_UPN });
    terms.upn = v.value;
    ids.push({ field: 'upn', types: [IdentifierType.UPN, IdentifierType.FORMER_UPN], value: v.value, namespace: null });
  }
  for (const [field, type] of [
    ['laChildId', IdentifierType.LA_CHILD_ID],
    ['policePersonId', IdentifierType.POLICE_PERSON_ID],
  ] as const) {
    const given = input[field];
    if (!given) continue;
    // The same validation (value format, namespace) as recording the identifier.
    const errors = new ErrorCollector();
    const ok = checkIdentifier(errors, { type, value: given.value, namespace: given.namespace }, ['input', field]);
    if (!ok) throw badInput(errors.errors[0]!.message, errors.errors[0]!.field, { userErrorCode: errors.errors[0]!.code });
    ids.push({ field, types: [type], value: ok.value, namespace: ok.namespace });
  }
  const postcode = input.postcode ? normalisePostcode(input.postcode) : null;
  if (input.postcode && !postcode) throw badInput('Not a UK postcode.', ['input', 'postcode'], { userErrorCode: UserErrorCode.INVALID_FORMAT });
  if (!ids.length && !input.familyName?.trim() && !input.dateOfBirth) {
    throw badInput('Give an identifier (NHS number, UPN, LA child id, police person id), or at least a family name or date of birth.', ['input'], { userErrorCode: UserErrorCode.REQUIRED });
  }
  // Decided from the criteria alone, before anything is looked up, so the error itself never tells
  // whether a child outside the caller's scope exists.
  const reason = input.reason?.trim() || null;
  if (reachesOutsideScope(input, ids) && (!reason || reason.length < MIN_REASON_LENGTH)) {
    throw badInput(
      `This search can find a child outside your row scope (an identifier, or given name + family name + date of birth): state why you are searching in reason (at least ${MIN_REASON_LENGTH} characters; it is audited).`,
      ['input', 'reason'],
      { userErrorCode: UserErrorCode.REQUIRED },
    );
  }
  return { terms, ids, postcode, reason };
}

/** Criteria that may return a child outside the caller's row scope: an exact identifier, or exact identifying details. */
function reachesOutsideScope(input: FindChildrenInput, ids: IdentifierTerm[]): boolean {
  return ids.length > 0 || identifyingDetails(input);
}

const identifyingDetails = (input: FindChildrenInput): boolean => !!(input.givenName && normName(input.givenName) && input.familyName && normName(input.familyName) && input.dateOfBirth);

@Resolver(() => ChildMatch)
export class FindChildrenResolver {
  @Query(() => [ChildMatch], {
    description:
      'Finds records that may be the child you describe. Among children in your row scope: exact identifiers first (score 1.0), then name / date of birth / postcode candidates with a deterministic score and evidence. A child outside your row scope is returned only on an exact identifier (NHS number, UPN, LA child id, police person id) or exact given name + family name + date of birth, with identity and the status card only; such searches need a reason. Every search is audited with its criteria. Never merges records.',
  })
  async findChildren(@Arg('input', () => FindChildrenInput, { description: 'What you know about the child, and why you are searching.' }) input: FindChildrenInput, @Ctx() ctx: HubContext): Promise<ChildMatch[]> {
    if (!hasChildRowScope(ctx.principal.roles)) throw forbidden('Finding children is for practitioners.');
    const { terms, ids: idTerms, postcode, reason } = checkSearch(input);
    await ctx.tx.begin();
    const em = ctx.em;

    // 1. Exact identifiers, any child: through a security-definer function, since another agency's
    // record of this child must be found although its identifier rows are hidden from the caller.
    const byIdentifier = new Map<string, IdentifierField>();
    for (const term of idTerms) {
      const rows = await em.execute<{ child_id: string }[]>(`select child_id from hub_children_by_identifier(?::text[], ?, ?)`, [`{${term.types.join(',')}}`, term.value, term.namespace]);
      for (const r of rows) if (!byIdentifier.has(r.child_id)) byIdentifier.set(r.child_id, term.field);
    }

    // 2. Exact identifying details, any child: the same name comparison as the score, EXACT only.
    const exactDetails = new Set<string>();
    if (identifyingDetails(input)) {
      const rows = await em.execute<{ id: string; given_name: string | null; family_name: string }[]>(
        `select id, given_name, family_name from child where deleted_at is null and date_of_birth = ?`,
        [terms.dateOfBirth],
      );
      for (const r of rows) {
        if (r.given_name && compareName(terms.givenName!, r.given_name).kind === MatchKind.EXACT && compareName(terms.familyName!, r.family_name).kind === MatchKind.EXACT) exactDetails.add(r.id);
      }
    }

    // 3. Fuzzy candidates, only among children in row scope (the row-scope predicate, in SQL).
    const ors: string[] = [];
    const params: unknown[] = [];
    const fam = terms.familyName ? normName(terms.familyName) : '';
    if (fam) {
      ors.push(`lower(c.family_name) like ?`);
      params.push(`${terms.familyName!.trim().toLowerCase().slice(0, 3).replace(/[\\%_]/g, (x) => `\\${x}`)}%`);
    }
    if (terms.dateOfBirth) {
      const dates = [terms.dateOfBirth, transposed(terms.dateOfBirth)].filter(Boolean);
      ors.push(`c.date_of_birth in (${dates.map(() => '?').join(', ')})`);
      params.push(...dates);
      ors.push(`c.expected_date_of_birth between (?::date - 31) and (?::date + 31)`);
      params.push(terms.dateOfBirth, terms.dateOfBirth);
    }
    if (postcode && (fam || terms.dateOfBirth || terms.givenName)) {
      // Addresses row-level security lets the caller read, minus confidential ones of other agencies.
      const withPostcode = (await em.find(ChildAddress, { postcode }, { limit: MAX_CANDIDATES * 5 })).filter((a) => !addressLocationHidden(a, ctx.agencyId));
      ors.push(`c.id = any(?::uuid[])`);
      params.push(`{${[...new Set(withPostcode.map((a) => a.child.id))].join(',')}}`);
    }
    const inScope = new Set<string>();
    if (ors.length) {
      const visible = childVisibleQuery('c.id', { agencyId: ctx.agencyId, subject: ctx.principal.subject });
      const rows = await em.execute<{ id: string }[]>(
        `select c.id from child c where c.deleted_at is null and (${ors.join(' or ')}) and ${visible.sql} order by c.id limit ${MAX_CANDIDATES}`,
        [...params, ...visible.params],
      );
      for (const r of rows) inScope.add(r.id);
    }
    const exact = [...new Set([...byIdentifier.keys(), ...exactDetails])];
    const exactVisible = await Promise.all(exact.map((id) => ctx.access.childDetailVisible(id)));
    exact.forEach((id, i) => exactVisible[i] && inScope.add(id));
    const candidateIds = [...new Set([...inScope, ...exact])];

    // Facts to compare: for a child outside row scope, its identity row only (no addresses, no
    // identifiers), so evidence cannot reveal anything beyond identity.
    const scoped = [...inScope];
    const [children, identifiers, addresses] = candidateIds.length
      ? await Promise.all([
          em.find(Child, { id: { $in: candidateIds } }),
          scoped.length ? em.find(ChildIdentifier, { child: { $in: scoped }, type: { $in: [IdentifierType.NHS_NUMBER, IdentifierType.UPN, IdentifierType.FORMER_UPN] } }) : [],
          scoped.length ? em.find(ChildAddress, { child: { $in: scoped }, postcode: { $ne: null } }) : [],
        ])
      : [[], [], []];
    const usableAddresses = addresses.filter((a) => !addressLocationHidden(a, ctx.agencyId));
    const matches: ChildMatch[] = [];
    for (const child of children) {
      const visible = inScope.has(child.id);
      const mine = visible ? identifiers.filter((i) => i.child.id === child.id && identifierActive(i)) : [];
      const facts: CandidateFacts = {
        givenName: child.givenName,
        familyName: child.familyName,
        dateOfBirth: child.dateOfBirth,
        expectedDateOfBirth: child.expectedDateOfBirth,
        postcodes: visible ? usableAddresses.filter((a) => a.child.id === child.id).map((a) => a.postcode!) : [],
        nhsNumbers: mine.filter((i) => i.type === IdentifierType.NHS_NUMBER).map((i) => i.value),
        upns: mine.filter((i) => i.type !== IdentifierType.NHS_NUMBER).map((i) => i.value),
      };
      const { score, evidence } = scoreCandidate(terms, facts, byIdentifier.get(child.id) ?? null);
      if (score >= MIN_SCORE) matches.push(Object.assign(new ChildMatch(), { child, score, inRowScope: visible, evidence: evidence.map((e) => Object.assign(new MatchEvidence(), e)) }));
    }
    matches.sort(
      (a, b) =>
        b.score - a.score ||
        a.child.familyName.localeCompare(b.child.familyName) ||
        (a.child.givenName ?? '').localeCompare(b.child.givenName ?? '') ||
        a.child.id.localeCompare(b.child.id),
    );
    const returned = matches.slice(0, MAX_RESULTS);
    const returnedIds = returned.map((m) => m.child.id);
    let cards: Promise<Map<string, ChildStatusCard>> | undefined;
    const statusCards = () => (cards ??= readStatusCards(ctx, returnedIds));
    for (const m of returned) m.statusCards = statusCards;

    // Every search, whatever is selected and even when nothing matched (the criteria are what was accessed).
    ctx.audit.record(AuditAction.SEARCH, 'Child', null, returnedIds, searchedFields(input), {
      criteria: criteriaOf(terms, idTerms),
      reason,
      outsideRowScope: returned.filter((m) => !m.inRowScope).map((m) => m.child.id),
    });
    return returned;
  }

  @ClassifiedField(Classification.STATUS, () => ChildStatusCard, { description: 'The status card of the child (plan or care period, dates, whom to call), as childStatus returns it.' })
  async statusCard(@Root() match: ChildMatch): Promise<ChildStatusCard> {
    return (await match.statusCards()).get(match.child.id)!;
  }
}

/** Status cards of the matches, one query for all; audited like childStatus. */
async function readStatusCards(ctx: HubContext, childIds: string[]): Promise<Map<string, ChildStatusCard>> {
  const alerts = await statusAlertsOf(ctx.em, childIds);
  ctx.audit.record(AuditAction.STATUS_CARD, 'Child', null, childIds, ['status']);
  return new Map(childIds.map((id) => [id, Object.assign(new ChildStatusCard(), { identifierKnown: true, alerts: alerts.filter((a) => a.childId === id).map((a) => a.alert) })]));
}

/** Names of the input fields the search used (the audit row's `fields`). */
function searchedFields(input: FindChildrenInput): string[] {
  return Object.entries(input)
    .filter(([k, v]) => k !== 'reason' && v !== null && v !== undefined && v !== '')
    .map(([k]) => k);
}

/**
 * The criteria as searched (normalised). Identifiers are kept in clear: they are what the access was
 * keyed on (as CP-IS logs the NHS number), the DPO must be able to answer "who looked up this NHS
 * number" even when nothing matched, and the audit log is readable by the DPO only.
 */
function criteriaOf(terms: SearchTerms, ids: IdentifierTerm[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of ids) out[t.field] = t.namespace ? `${t.namespace}/${t.value}` : t.value;
  for (const k of ['givenName', 'familyName', 'dateOfBirth'] as const) if (terms[k]?.trim()) out[k] = terms[k]!.trim();
  if (terms.postcode) out.postcode = normalisePostcode(terms.postcode) ?? terms.postcode;
  return out;
}
