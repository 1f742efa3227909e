import { registerEnumType } from 'type-graphql';

/**
 * Every GraphQL field carries one of these tiers; roles are cleared for tiers (policy, issue 4).
 * A field without a tier is a build failure (test/schema/classification.test.ts).
 */
export enum Classification {
  /** Names, dates of birth, identifiers, addresses of a child or adult. */
  IDENTITY = 'IDENTITY',
  /** The CP-IS-style status card: on a plan / in care, dates, responsible authority, duty contact. */
  STATUS = 'STATUS',
  /** Shareable summaries: what happened when, outcomes, without professional detail. */
  SUMMARY = 'SUMMARY',
  /** Children's social care case detail. */
  SOCIAL_CARE = 'SOCIAL_CARE',
  /** Clinical detail owed medical confidentiality. */
  HEALTH_CLINICAL = 'HEALTH_CLINICAL',
  /** Police intelligence (3x5x2 graded, handling-coded). */
  POLICE_INTELLIGENCE = 'POLICE_INTELLIGENCE',
  /** School and education records. */
  EDUCATION = 'EDUCATION',
  /** Allegations against adults working with children. */
  LADO = 'LADO',
  /** Counts and pseudonymised keys for analysts and BI. */
  AGGREGATE = 'AGGREGATE',
  /** The access log: who saw or changed which child's data (data protection officer). */
  AUDIT = 'AUDIT',
  /** Reference data any authenticated caller may read (agencies, code lists, the caller's own access). */
  PUBLIC = 'PUBLIC',
}

registerEnumType(Classification, {
  name: 'Classification',
  description: 'Confidentiality tier of a field; roles are cleared to read or write tiers.',
  valuesConfig: {
    IDENTITY: { description: 'Names, dates of birth, identifiers and addresses.' },
    STATUS: { description: 'Child protection / in-care status card (like the NHS CP-IS alert).' },
    SUMMARY: { description: 'Shareable summaries and outcomes without professional detail.' },
    SOCIAL_CARE: { description: "Children's social care case detail." },
    HEALTH_CLINICAL: { description: 'Clinical detail owed medical confidentiality.' },
    POLICE_INTELLIGENCE: { description: 'Police intelligence with its grading and handling code.' },
    EDUCATION: { description: 'School and education records.' },
    LADO: { description: 'Allegations against adults who work with children.' },
    AGGREGATE: { description: 'Counts and pseudonymised keys for analysts and BI.' },
    AUDIT: { description: "The access log: who saw or changed which child's data." },
    PUBLIC: { description: 'Reference data for any authenticated caller.' },
  },
});

export const CLASSIFICATION_EXTENSION = 'classification';
