import { ObjectType, registerEnumType } from 'type-graphql';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';

/** Codes of validation problems returned in a mutation payload's `userErrors`. */
export enum UserErrorCode {
  REQUIRED = 'REQUIRED',
  INVALID_FORMAT = 'INVALID_FORMAT',
  INVALID_NHS_NUMBER = 'INVALID_NHS_NUMBER',
  INVALID_UPN = 'INVALID_UPN',
  INVALID_IDENTIFIER = 'INVALID_IDENTIFIER',
  INVALID_CODE = 'INVALID_CODE',
  IMPOSSIBLE_DATE = 'IMPOSSIBLE_DATE',
  DATE_ORDER = 'DATE_ORDER',
  DATE_IN_FUTURE = 'DATE_IN_FUTURE',
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  DUPLICATE = 'DUPLICATE',
  INVALID_STATE = 'INVALID_STATE',
  NOT_LEAD_AGENCY = 'NOT_LEAD_AGENCY',
  BACKDATED_TOO_FAR = 'BACKDATED_TOO_FAR',
  ALREADY_DECIDED = 'ALREADY_DECIDED',
}
registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why an input was refused.',
  valuesConfig: {
    REQUIRED: { description: 'A value is required.' },
    INVALID_FORMAT: { description: 'The value is not in the accepted form.' },
    INVALID_NHS_NUMBER: { description: 'Not a valid NHS number (10 digits with a modulus-11 check digit).' },
    INVALID_UPN: { description: 'Not a valid unique pupil number (13 characters with a check letter).' },
    INVALID_IDENTIFIER: { description: 'The identifier is malformed or lacks its namespace (authority or force).' },
    INVALID_CODE: { description: 'Not a code of the DfE or hub code list.' },
    IMPOSSIBLE_DATE: { description: 'The date cannot be right (e.g. before the child was born, or not a calendar date).' },
    DATE_ORDER: { description: 'Two dates are in the wrong order (e.g. end before start).' },
    DATE_IN_FUTURE: { description: 'The date is in the future where only past dates make sense.' },
    OUT_OF_RANGE: { description: 'A number is outside its allowed range.' },
    NOT_FOUND: { description: 'A referenced record does not exist or is not visible.' },
    CONFLICT: { description: 'The record changed since you read it: `expectedVersion` is stale.' },
    DUPLICATE: { description: 'The record already exists.' },
    INVALID_STATE: { description: 'The record is not in a state that allows this change (e.g. already closed).' },
    NOT_LEAD_AGENCY: { description: "Only the child's lead agency (the agency that owns the child record) may do this; a partner agency requests instead." },
    BACKDATED_TOO_FAR: { description: 'The date lies further in the past than the policy allows (see docs/access.md, involvement lifecycle).' },
    ALREADY_DECIDED: { description: 'The request has already been accepted or declined.' },
  },
});

@ObjectType({ description: 'A problem with a mutation input; nothing was saved when any is returned.' })
export class UserError {
  @Expose(Classification.PUBLIC, () => [String], { description: 'Path to the input field, e.g. ["input", "identifiers", "0", "value"].' })
  field!: string[];
  @Expose(Classification.PUBLIC, () => UserErrorCode, { description: 'Machine-readable reason.' })
  code!: UserErrorCode;
  @Expose(Classification.PUBLIC, { description: 'Human-readable explanation (never echoes restricted values).' })
  message!: string;
}

/** Thrown by services to abort a mutation (and roll back its savepoint) with user errors. */
export class ValidationFailed extends Error {
  override name = 'ValidationFailed';
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => `${e.field.join('.')}: ${e.message}`).join('; '));
  }
}

export function userError(field: string | string[], code: UserErrorCode, message: string): UserError {
  return Object.assign(new UserError(), { field: Array.isArray(field) ? field : ['input', ...field.split('.')], code, message });
}

/** Collects errors across a whole input so the caller sees all problems at once. */
export class ErrorCollector {
  readonly errors: UserError[] = [];
  add(field: string | string[], code: UserErrorCode, message: string): this {
    this.errors.push(userError(field, code, message));
    return this;
  }
  /** Adds DATE_ORDER when both dates are present and `later` precedes `earlier`. */
  order(laterField: string, earlier: Date | string | null | undefined, later: Date | string | null | undefined, message: string): this {
    if (earlier && later && new Date(later).getTime() < new Date(earlier).getTime()) this.add(laterField, UserErrorCode.DATE_ORDER, message);
    return this;
  }
  throwIfAny(): void {
    if (this.errors.length) throw new ValidationFailed(this.errors);
  }
}
