import pg from 'pg';
import { startTestHub, type TestHub } from '../support/hub';
import { CIN_CENSUS_CHECKS, cinCensusWindow, runCinCensus } from '../../src/exports/cin-census';
import { addWorkingDays } from '../../src/timescales/working-days';
import { Purpose } from '../../src/access/principal';

/**
 * The CIN census (issue 12, must-show 1) on the demo partnership: the return's structure and codes as the
 * 2025/26 specification states them (read back with PostgreSQL's XPath, not with the code that wrote it),
 * the cohort it must hold, the pre-export checks that refuse an invalid return and name the record to fix,
 * who may download it, and the audit. DfE's own validator (data-to-insight's csc-validator-be-cin) is run
 * on the same output by scripts/validate-cin.py; its figures are in the README.
 */

const REFERRAL_SOURCES = ['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10'];
const PRIMARY_NEED = ['N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9'];
const CLOSURE = ['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9'];
const ABUSE = ['NEG', 'PHY', 'SAB', 'EMO', 'MUL'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

describe('CIN census', () => {
  let t: TestHub;
  let client: pg.Client;
  const YEAR = 2027; // 1 April 2026 to 31 March 2027: the demo's records are recent.
  const sql = async <T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows;
  /** Every text value an XPath selects in the document. */
  const values = async (xml: string, path: string) => (await sql<{ v: string }>(`select unnest(xpath($2, $1::xml))::text as v`, [xml, path])).map((r) => r.v);
  const download = async (persona: string, url: string, claims: Record<string, unknown> = { purpose: 'STATUTORY_RETURN' }) => {
    const token = await t.token(persona, claims);
    return t.hub.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  };
  const auditRows = async () => sql<{ action: string; subject: string; n: number; changes: Record<string, unknown> }>(
    `select action, subject, cardinality(child_ids) as n, changes from audit_event where record_type = 'cin_census' order by seq`,
  );

  beforeAll(async () => {
    t = await startTestHub();
    client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
  }, 120_000);
  afterAll(async () => {
    await client.end();
    await t.close();
  });

  it('the collection year ends on its reference date, 31 March (rule 100)', () => {
    expect(cinCensusWindow(2026)).toEqual({ year: 2026, start: '2025-04-01', referenceDate: '2026-03-31' });
    expect(() => cinCensusWindow(26)).toThrow(/collection year/);
    expect(() => cinCensusWindow(2026.5)).toThrow(/collection year/);
  });

  it('a team manager signing off the return downloads the XML: header, every child with a referral open in the year, codes from the specification', async () => {
    const res = await download('team-manager', `/exports/returns/cin-census?year=${YEAR}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="cin-census-${YEAR}.xml"`);
    const xml = res.body;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header>')).toBe(true);
    expect(await values(xml, '/Message/Header/CollectionDetails/*/text()')).toEqual(['CIN', String(YEAR), `${YEAR}-03-31`]);
    const [lea] = await sql<{ lea: string }>(`select external_code as lea from agency where code = 'LA-NORTHSHIRE'`);
    expect(await values(xml, '/Message/Header/Source/LEA/text()')).toEqual([lea!.lea]);

    // The cohort, counted independently: live children with a live referral open at some point in the year.
    const [cohort] = await sql<{ children: number; episodes: number }>(
      `select count(distinct r.child_id)::int as children, count(*)::int as episodes from referral r join child c on c.id = r.child_id and c.deleted_at is null
        where r.deleted_at is null and r.referral_date <= $2 and (r.closure_date is null or r.closure_date >= $1)`,
      [`${YEAR - 1}-04-01`, `${YEAR}-03-31`],
    );
    expect(cohort!.children).toBeGreaterThan(10);
    const ids = await values(xml, '/Message/Children/Child/ChildIdentifiers/LAchildID/text()');
    expect(ids).toHaveLength(cohort!.children);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{1,20}$/);
    expect(await values(xml, '/Message/Children/Child/CINdetails/CINreferralDate/text()')).toHaveLength(cohort!.episodes);

    // Every child: identifiers in the specification's order, a UPN or the reason it is unknown, sex, ethnicity, disability.
    const [shape] = await sql<{ bad: number; children: number }>(
      `select count(*) filter (where not ok)::int as bad, count(*)::int as children from (
         select (xpath('local-name(/Child/ChildIdentifiers/*[1])', c))[1]::text = 'LAchildID'
            and ((xpath('count(/Child/ChildIdentifiers/UPN)', c))[1]::text::int + (xpath('count(/Child/ChildIdentifiers/UPNunknown)', c))[1]::text::int) = 1
            and ((xpath('count(/Child/ChildIdentifiers/PersonBirthDate)', c))[1]::text::int + (xpath('count(/Child/ChildIdentifiers/ExpectedPersonBirthDate)', c))[1]::text::int) = 1
            and (xpath('/Child/ChildIdentifiers/Sex/text()', c))[1]::text in ('M', 'F', 'U')
            and (xpath('count(/Child/ChildCharacteristics/Ethnicity)', c))[1]::text::int = 1
            and (xpath('count(/Child/ChildCharacteristics/Disabilities/Disability)', c))[1]::text::int >= 1
            and (xpath('count(/Child/CINdetails)', c))[1]::text::int >= 1 as ok
           from unnest(xpath('/Message/Children/Child', $1::xml)) c) x`,
      [xml],
    );
    expect(shape).toEqual({ bad: 0, children: cohort!.children });
    for (const v of await values(xml, '//UPNunknown/text()')) expect(v).toMatch(/^UN([1-9]|10)$/);
    for (const v of await values(xml, '//CINdetails/ReferralSource/text()')) expect(REFERRAL_SOURCES).toContain(v);
    for (const v of await values(xml, '//CINdetails/PrimaryNeedCode/text()')) expect(PRIMARY_NEED).toContain(v);
    for (const v of await values(xml, '//CINdetails/ReasonForClosure/text()')) expect(CLOSURE).toContain(v);
    for (const v of await values(xml, '//CINdetails/ReferralNFA/text()')) expect(['true', 'false']).toContain(v);
    for (const v of [...(await values(xml, '//InitialCategoryOfAbuse/text()')), ...(await values(xml, '//LatestCategoryOfAbuse/text()'))]) expect(ABUSE).toContain(v);
    for (const v of await values(xml, '//ICPCnotRequired/text()')) expect(['true', 'false']).toContain(v);
    // Every date is a date, none after the reference date; targets are working days (rule 8870Q: not a weekend).
    const dates = await values(xml, '//CINdetails//*[contains(local-name(), "Date") or local-name() = "InitialCPCtarget"]/text()');
    expect(dates.length).toBeGreaterThan(cohort!.episodes);
    for (const d of dates) expect(d).toMatch(DATE);
    for (const d of await values(xml, '//CINdetails//*[contains(local-name(), "Date") and local-name() != "InitialCPCtarget"]/text()')) expect(d <= `${YEAR}-03-31`).toBe(true);
    // The target is the timescales module's 15 working days (bank holidays counted) after the enquiry began.
    const s47 = await sql<{ start: string; target: string }>(
      `select (xpath('/Section47/S47ActualStartDate/text()', s))[1]::text as start, (xpath('/Section47/InitialCPCtarget/text()', s))[1]::text as target from unnest(xpath('//Section47', $1::xml)) s`,
      [xml],
    );
    expect(s47.length).toBeGreaterThan(0);
    for (const { start, target } of s47) expect(target).toBe(addWorkingDays(start, 15));
    // Factors only on authorised assessments (rule 8614).
    const [factors] = await sql<{ n: number }>(`select count(*)::int as n from unnest(xpath('//Assessments[not(AssessmentAuthorisationDate)]/FactorsIdentifiedAtAssessment', $1::xml)) x`, [xml]);
    expect(factors!.n).toBe(0);
    // A child protection plan in the return carries its categories and previous plans.
    const plans = await sql<{ n: number; complete: number }>(
      `select count(*)::int as n, count(*) filter (where (xpath('count(/ChildProtectionPlans/CPPstartDate|/ChildProtectionPlans/InitialCategoryOfAbuse|/ChildProtectionPlans/LatestCategoryOfAbuse|/ChildProtectionPlans/NumberOfPreviousCPP)', p))[1]::text::int = 4)::int as complete
         from unnest(xpath('//ChildProtectionPlans', $1::xml)) p`,
      [xml],
    );
    expect(plans[0]!.n).toBeGreaterThan(0);
    expect(plans[0]!.complete).toBe(plans[0]!.n);

    const audit = (await auditRows()).at(-1)!;
    expect(audit).toMatchObject({ action: 'EXPORT', subject: 'la.tm.ben.okafor', n: cohort!.children });
    expect(audit.changes).toMatchObject({ year: YEAR, children: cohort!.children, errors: 0 });
  });

  it('a record that breaks a DfE rule stops the return: 422 naming the rule, the child and the record to fix; nothing is produced, nothing changes', async () => {
    // An assessment dated before its referral (rule 1103), as a partner system might have sent it.
    const [victim] = await sql<{ id: string; referral_date: string; start_date: string; la: string }>(
      `select a.id::text, r.referral_date::text, a.start_date::text, i.value as la from assessment a join referral r on r.id = a.referral_id
         join child_identifier i on i.child_id = a.child_id and i.type = 'LA_CHILD_ID' and i.deleted_at is null
        where a.deleted_at is null and a.start_date between $1 and $2 and a.authorised_date is not null order by a.id limit 1`,
      [`${YEAR - 1}-04-01`, `${YEAR}-03-31`],
    );
    expect(victim).toBeDefined();
    await sql(`update assessment set start_date = referral.referral_date - 3 from referral where referral.id = assessment.referral_id and assessment.id = $1`, [victim!.id]);
    try {
      const before = await auditRows();
      const res = await download('team-manager', `/exports/returns/cin-census?year=${YEAR}`);
      expect(res.statusCode).toBe(422);
      const body = res.json() as { errors: Array<{ message: string; extensions: { code: string; errors: number; findings: Array<Record<string, string>> } }> };
      expect(body.errors[0]!.extensions.code).toBe('RETURN_HAS_ERRORS');
      expect(body.errors[0]!.message).toMatch(/error finding/);
      const finding = body.errors[0]!.extensions.findings.find((f) => f.rule === '1103');
      expect(finding).toEqual({ rule: '1103', severity: 'ERROR', message: 'The assessment start date cannot be before the referral date', childId: expect.any(String), laChildId: victim!.la, recordType: 'Assessment', recordId: victim!.id });
      // What was read to check it is recorded (READ, naming the children with findings); no EXPORT.
      const after = await auditRows();
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toMatchObject({ action: 'READ', changes: { year: YEAR, errors: body.errors[0]!.extensions.errors } });
      // The same findings without asking for the file.
      const check = await download('team-manager', `/exports/returns/cin-census?year=${YEAR}&checkOnly=true`);
      expect(check.statusCode).toBe(200);
      expect((check.json() as { findings: Array<{ rule: string; recordId: string }> }).findings).toContainEqual(expect.objectContaining({ rule: '1103', recordId: victim!.id }));
      const [still] = await sql<{ start_date: string }>(`select start_date::text from assessment where id = $1`, [victim!.id]);
      expect(still!.start_date < victim!.referral_date).toBe(true);
    } finally {
      await sql(`update assessment set start_date = $2 where id = $1`, [victim!.id, victim!.start_date]);
    }
    expect((await download('team-manager', `/exports/returns/cin-census?year=${YEAR}`)).statusCode).toBe(200);
  });

  it('work in the year that no referral can hold is reported, not silently left out of the return (HUB1)', async () => {
    // A child on a plan in the year whose referrals are removed: the plan has no CIN episode to sit in.
    const [plan] = await sql<{ id: string; child_id: string }>(
      `select p.id::text, p.child_id::text from child_protection_plan p where p.deleted_at is null and p.start_date <= $2 and (p.end_date is null or p.end_date >= $1) order by p.id limit 1`,
      [`${YEAR - 1}-04-01`, `${YEAR}-03-31`],
    );
    const removed = await sql<{ id: string }>(`update referral set deleted_at = now() where child_id = $1 and deleted_at is null returning id::text`, [plan!.child_id]);
    try {
      const result = await runCinCensus(client, { year: YEAR, subject: 'test:cin', checkOnly: true, operation: 'test' });
      expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'HUB1', severity: 'ERROR', childId: plan!.child_id, recordType: 'ChildProtectionPlan', recordId: plan!.id, laChildId: expect.stringMatching(/^[A-Za-z0-9]+$/) }));
    } finally {
      await sql(`update referral set deleted_at = null where id = any($1::uuid[])`, [removed.map((r) => r.id)]);
    }
  });

  it('only a local authority token with purpose STATUTORY_RETURN may have it; a bad year is a 400', async () => {
    expect((await download('team-manager', `/exports/returns/cin-census?year=${YEAR}`, {})).statusCode).toBe(403);
    expect((await download('social-worker', `/exports/returns/cin-census?year=${YEAR}`, {})).statusCode).toBe(403);
    expect((await download('police-ppu', `/exports/returns/cin-census?year=${YEAR}`, { purpose: 'STATUTORY_RETURN' })).statusCode).toBe(401);
    expect((await download('board-analyst', `/exports/returns/cin-census?year=${YEAR}`, { purpose: 'ANALYTICS' })).statusCode).toBe(403);
    expect((await t.hub.app.inject({ method: 'GET', url: `/exports/returns/cin-census?year=${YEAR}` })).statusCode).toBe(401);
    for (const year of ['', '26', '2026-27', 'x', '1999']) {
      const res = await download('team-manager', `/exports/returns/cin-census?year=${year}`);
      expect(res.statusCode).toBe(400);
      expect((res.json() as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    }
    expect((await download('team-manager', `/exports/returns/cin-census?year=${YEAR}&checkOnly=yes`)).statusCode).toBe(400);
  });

  it('a return is charged to the caller’s rate-limit budget: beyond it, 429 with Retry-After, and nothing is built', async () => {
    const limited = await startTestHub({ env: { RATE_LIMIT_PRINCIPAL_POINTS: '60000' } });
    try {
      const token = await limited.token('team-manager', { purpose: Purpose.STATUTORY_RETURN });
      const ask = () => limited.hub.app.inject({ method: 'GET', url: `/exports/returns/cin-census?year=${YEAR}&checkOnly=true`, headers: { authorization: `Bearer ${token}` } });
      expect((await ask()).statusCode).toBe(200);
      const refused = await ask();
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((refused.json() as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('RATE_LIMITED');
      const audit = await limited.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from audit_event where record_type = 'cin_census'`);
      expect(audit[0]!.n).toBe(1);
    } finally {
      await limited.close();
    }
  }, 120_000);

  it('every check is valid SQL that finds nothing on a clean return, and each declares a DfE rule with its message', async () => {
    const result = await runCinCensus(client, { year: YEAR, subject: 'test:cin', checkOnly: true, operation: 'test' });
    expect(result.errors).toBe(0);
    expect(result.xml).toBeUndefined();
    for (const c of CIN_CENSUS_CHECKS) expect(c.rule).toMatch(/^(\d{3,4}Q?|HUB\d+)$/);
    expect(new Set(CIN_CENSUS_CHECKS.map((c) => `${c.rule}:${c.on}`)).size).toBe(CIN_CENSUS_CHECKS.length);
  });
});
