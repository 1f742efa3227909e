import {
  getArgumentValues,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { uuidOf } from './graphql/global-id';

/**
 * Bounds on every input value, applied in one place to every argument of every field of the operation
 * (literals and variables alike, after coercion) before execution starts, so no malformed value reaches
 * SQL. Each rule hangs on a scalar; a field may narrow it with `@Extensions({ inputBounds: {...} })`.
 *
 * - String: at most STRING_MAX_LENGTH characters (a field may declare `maxLength`); no control
 *   characters other than tab, line feed and carriage return (NUL is refused by PostgreSQL).
 * - ID: a Relay global id or a UUID, at most ID_MAX_LENGTH characters.
 * - LocalDate / DateTime: see DATE_RANGES below (stated in the scalars' descriptions, schema.ts).
 * - Lists: at most LIST_MAX_ITEMS items.
 */
export const STRING_MAX_LENGTH = 10_000;
export const ID_MAX_LENGTH = 200;
export const LIST_MAX_ITEMS = 100;

/** Dates a person may have (birth, expected birth, death): from 1900. */
export const PERSON_EARLIEST_DATE = '1900-01-01';
/** Dates of records the hub keeps (referrals, plans, episodes...): from 1990, none older is migrated. */
export const RECORD_EARLIEST_DATE = '1990-01-01';
/** How far ahead a written date may be (planned meetings, review dates). */
export const WRITE_MAX_YEARS_AHEAD = 2;
/** Latest date a query may name (retention what-ifs look a century ahead: adoption records are kept 100 years). */
export const READ_LATEST_DATE = '2200-12-31';

/** Per-field narrowing of the bounds, declared with type-graphql's `@Extensions({ inputBounds })`. */
export interface InputBounds {
  maxLength?: number;
  /** Earliest date (YYYY-MM-DD) the field accepts in a mutation, instead of RECORD_EARLIEST_DATE. */
  earliestDate?: string;
}
/** The bounds of a person's dates (birth, death): from PERSON_EARLIEST_DATE. */
export const PERSON_DATE: { inputBounds: InputBounds } = { inputBounds: { earliestDate: PERSON_EARLIEST_DATE } };
/** Names, codes and references that PostgreSQL indexes (btree rows hold at most ~2,700 bytes: 200 characters of up to 4 bytes fit). */
export const SHORT_TEXT_MAX_LENGTH = 200;
export const SHORT_TEXT: { inputBounds: InputBounds } = { inputBounds: { maxLength: SHORT_TEXT_MAX_LENGTH } };

export const LOCAL_DATE_DESCRIPTION = `A calendar date (YYYY-MM-DD). Accepted in inputs: in mutations from ${RECORD_EARLIEST_DATE} (a person's dates of birth and death from ${PERSON_EARLIEST_DATE}) to ${WRITE_MAX_YEARS_AHEAD} years after today; in queries from ${PERSON_EARLIEST_DATE} to ${READ_LATEST_DATE}.`;
export const DATE_TIME_DESCRIPTION = `A date and time with offset (RFC 3339). Accepted in inputs: in mutations from ${RECORD_EARLIEST_DATE} to ${WRITE_MAX_YEARS_AHEAD} years after now; in queries from ${PERSON_EARLIEST_DATE} to ${READ_LATEST_DATE}.`;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

type Reason = 'TOO_LONG' | 'CONTROL_CHARACTER' | 'INVALID_ID' | 'DATE_OUT_OF_RANGE' | 'TOO_MANY_ITEMS';

function refuse(path: (string | number)[], reason: Reason, message: string, extra: Record<string, unknown> = {}): never {
  throw new GraphQLError(`${path.join('.')}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', reason, field: path.map(String), ...extra, http: { status: 400 } } });
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
function yearsAhead(years: number): Date {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

interface Walk {
  mutation: boolean;
}

function checkScalar(name: string, value: unknown, path: (string | number)[], bounds: InputBounds, walk: Walk): void {
  if (name === 'String') {
    const s = value as string;
    const max = bounds.maxLength ?? STRING_MAX_LENGTH;
    if (s.length > max) refuse(path, 'TOO_LONG', `at most ${max} characters; got ${s.length}.`, { limit: max, actual: s.length });
    if (CONTROL.test(s)) refuse(path, 'CONTROL_CHARACTER', 'control characters (other than tab and line breaks) are not accepted.');
  } else if (name === 'ID') {
    const s = String(value);
    if (s.length > ID_MAX_LENGTH || !uuidOf(s)) refuse(path, 'INVALID_ID', 'not a global id (or UUID) issued by this hub.');
  } else if (name === 'LocalDate' || name === 'DateTime') {
    const day = value instanceof Date ? (Number.isNaN(value.getTime()) ? '' : isoDay(value)) : String(value).slice(0, 10);
    const earliest = walk.mutation ? (bounds.earliestDate ?? RECORD_EARLIEST_DATE) : PERSON_EARLIEST_DATE;
    const latest = walk.mutation ? isoDay(yearsAhead(WRITE_MAX_YEARS_AHEAD)) : READ_LATEST_DATE;
    // Years before 1000 or after 9999 do not compare as strings; they are out of range anyway.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day < earliest || day > latest) {
      refuse(path, 'DATE_OUT_OF_RANGE', `must be between ${earliest} and ${latest}.`, { earliest, latest });
    }
  }
}

function checkValue(type: GraphQLInputType, value: unknown, path: (string | number)[], bounds: InputBounds, walk: Walk): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return checkValue(type.ofType, value, path, bounds, walk);
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    if (items.length > LIST_MAX_ITEMS) refuse(path, 'TOO_MANY_ITEMS', `at most ${LIST_MAX_ITEMS} items; got ${items.length}.`, { limit: LIST_MAX_ITEMS, actual: items.length });
    items.forEach((item, i) => checkValue(type.ofType as GraphQLInputType, item, [...path, i], bounds, walk));
    return;
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      if (field) checkValue(field.type, v, [...path, key], (field.extensions?.inputBounds as InputBounds | undefined) ?? {}, walk);
    }
    return;
  }
  if (isScalarType(type)) checkScalar(type.name, value, path, bounds, walk);
}

/**
 * Checks every argument value of every field the operation selects (its fragments included) against the
 * bounds above; throws a BAD_USER_INPUT (HTTP 400) naming the argument path and the reason.
 */
export function checkInputBounds(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): void {
  const walk: Walk = { mutation: operation.operation === 'mutation' };
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const field = typeInfo.getFieldDef();
      if (!field || !field.args.length || !node.arguments?.length) return;
      let args: Record<string, unknown>;
      try {
        args = getArgumentValues(field, node, variables);
      } catch (err) {
        throw new GraphQLError((err as Error).message, { nodes: [node], extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
      }
      for (const arg of field.args) {
        const alias = node.alias?.value ?? node.name.value;
        checkValue(arg.type, args[arg.name], [alias, arg.name], (arg.extensions?.inputBounds as InputBounds | undefined) ?? {}, walk);
      }
    },
  });
  visit(operation, visitor);
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) visit(def, visitor);
}
