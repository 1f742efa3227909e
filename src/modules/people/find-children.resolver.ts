import { Arg, Ctx, Float, ObjectType, Query, Resolver } from 'type-graphql';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import type { HubContext } from '../../server/context';
import { HubError } from '../../server/graphql/errors';
import { Child } from './child.entity';
import { ChildAddress } from './child-address.entity';
import { ChildIdentifier } from './child-identifier.entity';
import { IdentifierType, MatchKind } from './codes';
import { normalisePostcode, validateNhsNumber, validateUpn } from './identifiers';
import { FindChildrenInput } from './inputs';
import { MIN_SCORE, normName, scoreCandidate, type CandidateFacts } from './matching';
import { identifierActive } from './validation';

@ObjectType({ description: 'Why a candidate matched: one searched field compared with the record.' })
export class MatchEvidence {
  @Expose(Classification.IDENTITY, { description: 'The searched field (nhsNumber, upn, givenName, familyName, dateOfBirth, postcode).' })
  field!: string;
  @Expose(Classification.IDENTITY, () => MatchKind, { description: 'How the record compares.' })
  kind!: MatchKind;
  @Expose(Classification.IDENTITY, { description: 'Plain-language explanation.' })
  note!: string;
}

@ObjectType({ description: 'A candidate record for the child searched for, with a score and the evidence behind it. Nothing is merged: review and link.' })
export class ChildMatch {
  @Expose(Classification.IDENTITY, () => Child, { description: 'The candidate record.' })
  child!: Child;
  @Expose(Classification.IDENTITY, () => Float, { description: 'Match score 0..1: 1.0 for an exact NHS number or UPN; demographic matches at most 0.95 (scheme in src/modules/people/matching.ts).' })
  score!: number;
  @Expose(Classification.IDENTITY, () => [MatchEvidence], { description: 'Field-by-field comparison.' })
  evidence!: MatchEvidence[];
}

const MAX_CANDIDATES = 200;
const MAX_RESULTS = 25;

/** Day/month transposed variant of a date, when it is a real date. */
function transposed(iso: string): string | null {
  const [y, m, d] = iso.split('-');
  const t = `${y}-${d}-${m}`;
  const parsed = new Date(`${t}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === t && t !== iso ? t : null;
}

@Resolver()
export class FindChildrenResolver {
  @Query(() => [ChildMatch], {
    description:
      'Finds records that may be the child you describe: exact NHS number / UPN matches first (score 1.0), then name + date of birth (+ postcode) candidates with a deterministic score and evidence. Never merges records.',
  })
  async findChildren(@Arg('input', () => FindChildrenInput, { description: 'What you know about the child.' }) input: FindChildrenInput, @Ctx() ctx: HubContext): Promise<ChildMatch[]> {
    const terms = { ...input };
    if (terms.nhsNumber) {
      const v = validateNhsNumber(terms.nhsNumber);
      if (!v.ok) throw new HubError('BAD_USER_INPUT', v.reason, { field: ['input', 'nhsNumber'] });
      terms.nhsNumber = v.value;
    }
    if (terms.upn) {
      const v = validateUpn(terms.upn);
      if (!v.ok) throw new HubError('BAD_USER_INPUT', v.reason, { field: ['input', 'upn'] });
      terms.upn = v.value;
    }
    const postcode = terms.postcode ? normalisePostcode(terms.postcode) : null;
    if (terms.postcode && !postcode) throw new HubError('BAD_USER_INPUT', 'Not a UK postcode.', { field: ['input', 'postcode'] });
    if (!terms.nhsNumber && !terms.upn && !terms.familyName?.trim() && !terms.dateOfBirth) {
      throw new HubError('BAD_USER_INPUT', 'Give an NHS number, a UPN, or at least a family name or date of birth.', { field: ['input'] });
    }
    await ctx.tx.begin();
    const em = ctx.em;

    // 1. Exact identifiers.
    const byIdentifier = new Map<string, 'nhsNumber' | 'upn'>();
    const idTerms = [
      ...(terms.nhsNumber ? [{ type: IdentifierType.NHS_NUMBER, value: terms.nhsNumber, field: 'nhsNumber' as const }] : []),
      ...(terms.upn ? [IdentifierType.UPN, IdentifierType.FORMER_UPN].map((type) => ({ type, value: terms.upn!, field: 'upn' as const })) : []),
    ];
    if (idTerms.length) {
      // Through a security-definer function: another agency's record of this child must be found even
      // though its identifier rows are hidden from the caller (migration ..._people_search).
      for (const term of [...new Set(idTerms.map((t) => t.field))]) {
        const types = idTerms.filter((t) => t.field === term).map((t) => t.type);
        const v = idTerms.find((t) => t.field === term)!.value;
        const rows: { child_id: string }[] = await em.execute(`select child_id from hub_children_by_identifier(?::text[], ?)`, [`{${types.join(',')}}`, v]);
        for (const r of rows) if (!byIdentifier.has(r.child_id)) byIdentifier.set(r.child_id, term);
      }
    }

    // 2. Demographic candidates through the indexes on lower(family_name), date_of_birth and postcode.
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
      ors.push(`c.id in (select hub_children_by_postcode(?))`);
      params.push(postcode);
    }
    const candidateIds = new Set(byIdentifier.keys());
    if (ors.length) {
      const rows: { id: string }[] = await em.execute(`select c.id from child c where c.deleted_at is null and (${ors.join(' or ')}) order by c.id limit ${MAX_CANDIDATES}`, params);
      for (const r of rows) candidateIds.add(r.id);
    }
    if (!candidateIds.size) return [];

    // Visible candidates (the entity manager's filters apply) and the facts to compare.
    const ids = [...candidateIds];
    const [children, identifiers, addresses] = await Promise.all([
      em.find(Child, { id: { $in: ids } }),
      em.find(ChildIdentifier, { child: { $in: ids }, type: { $in: [IdentifierType.NHS_NUMBER, IdentifierType.UPN, IdentifierType.FORMER_UPN] } }),
      em.find(ChildAddress, { child: { $in: ids }, postcode: { $ne: null } }),
    ]);
    const matches: ChildMatch[] = [];
    for (const child of children) {
      const mine = identifiers.filter((i) => i.child.id === child.id && identifierActive(i));
      const facts: CandidateFacts = {
        givenName: child.givenName,
        familyName: child.familyName,
        dateOfBirth: child.dateOfBirth,
        expectedDateOfBirth: child.expectedDateOfBirth,
        postcodes: addresses.filter((a) => a.child.id === child.id).map((a) => a.postcode!),
        nhsNumbers: mine.filter((i) => i.type === IdentifierType.NHS_NUMBER).map((i) => i.value),
        upns: mine.filter((i) => i.type !== IdentifierType.NHS_NUMBER).map((i) => i.value),
      };
      const { score, evidence } = scoreCandidate(terms, facts, byIdentifier.get(child.id) ?? null);
      if (score >= MIN_SCORE) matches.push(Object.assign(new ChildMatch(), { child, score, evidence: evidence.map((e) => Object.assign(new MatchEvidence(), e)) }));
    }
    matches.sort(
      (a, b) =>
        b.score - a.score ||
        a.child.familyName.localeCompare(b.child.familyName) ||
        (a.child.givenName ?? '').localeCompare(b.child.givenName ?? '') ||
        a.child.id.localeCompare(b.child.id),
    );
    return matches.slice(0, MAX_RESULTS);
  }
}
