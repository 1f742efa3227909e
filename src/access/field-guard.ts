import type { MiddlewareFn } from 'type-graphql';
import { Classification } from './classification';
import { canRead, tierNeedsRowScope } from './policy';
import { mutationAllowed, refusedArgumentValues, tierOf } from './role-schema';
import type { HubContext } from '../server/context';
import { forbidden } from '../server/graphql/errors';

const CONFIDENTIAL_ADDRESS_FIELDS = new Set(['line1', 'line2', 'town', 'postcode', 'uprn']);

/**
 * The confidential-address rule, declared once: where a child lives at a placement or refuge stays with
 * the agency that recorded it, even for other agencies involved with the child (information-sharing
 * rule 5: protect identities). The field guard applies it to the address fields; matching
 * (findChildren) uses only addresses for which it is false.
 */
export function addressLocationHidden(address: { confidential?: boolean; owningAgency?: { id?: string } | null }, agencyId: string): boolean {
  return !!address.confidential && address.owningAgency?.id !== agencyId;
}

function ownedByCaller(root: unknown, ctx: HubContext): boolean {
  const owner = (root as { owningAgency?: { id?: string } } | null)?.owningAgency;
  return !!owner && owner.id === ctx.agencyId;
}

async function allInScope(childIds: readonly string[], ctx: HubContext): Promise<boolean> {
  if (!childIds.length) return false;
  const visible = await Promise.all(childIds.map((id) => ctx.access.childDetailVisible(id)));
  return visible.every(Boolean);
}

/** A detail tier about a child the caller's agency is not involved with (and a record it does not own). */
export function noInvolvementError(tier: Classification) {
  return forbidden(`${tier} information about this child is shared only with agencies involved with the child. Use requestEmergencyAccess if you need it now.`, { reason: 'NO_INVOLVEMENT' });
}

/**
 * Field guards at run time (DESIGN §2.2 b). The role schema already hides what a role can never see;
 * this checks, per row, what depends on the data: detail tiers only for children the caller's agency is
 * involved with (or records it owns). A denied field resolves to null with a FORBIDDEN error carrying
 * its path; the rest of the response is returned. Unclassified fields are denied (deny by default).
 */
export const FieldGuard: MiddlewareFn<HubContext> = async ({ root, args, info, context }, next) => {
  const parent = info.parentType.name;
  const field = info.parentType.getFields()[info.fieldName]!;
  // The role schema already drops filters on fields a role cannot read and inputs above its write
  // clearance; should one ever arrive (a schema bug), refuse the whole field before anything runs.
  if (field.args.length) {
    const refused = refusedArgumentValues(field, args, context.principal.roles, parent === 'Mutation');
    if (refused.length) {
      throw forbidden(`Your role may not use ${refused.join(', ')} on ${parent}.${info.fieldName}: ${parent === 'Mutation' ? 'it writes information above your write clearance' : 'it filters or sorts on information you may not read'}.`, {
        reason: 'INPUT_NOT_CLEARED',
        arguments: refused,
      });
    }
  }
  if (parent === 'Query') return next();
  if (parent === 'Mutation') {
    if (!mutationAllowed(field, info.fieldName, context.principal.roles)) throw forbidden(`Your role may not ${info.fieldName}.`);
    return next();
  }
  const tier = tierOf(field);
  if (!tier) throw forbidden(`${parent}.${info.fieldName} has no classification, so nobody may read it.`);
  if (!canRead(context.principal.roles, tier)) throw forbidden(`${parent}.${info.fieldName} is ${tier} information; your role is not cleared for it.`);
  // Which children the record is about, however indirectly (src/access/child-of.ts); null for data
  // about no child. A record about several children opens its detail only when every one is in scope,
  // and a child-level record whose child cannot be established is treated as out of scope.
  const childIds = await context.access.childIdsOf(root);
  if (childIds && tierNeedsRowScope(tier, parent, info.fieldName) && !ownedByCaller(root, context) && !(await allInScope(childIds, context))) {
    throw noInvolvementError(tier);
  }
  if (parent === 'ChildAddress' && CONFIDENTIAL_ADDRESS_FIELDS.has(info.fieldName) && addressLocationHidden(root as never, context.agencyId)) {
    throw forbidden('This is a confidential (placement or refuge) address; only the agency that recorded it sees it. Contact them if you need to reach the child.', { reason: 'CONFIDENTIAL_ADDRESS' });
  }
  // Every field returned from a child-level record is audited (one row per record per request).
  const recordId = (root as { id?: unknown }).id;
  if (childIds && typeof recordId === 'string' && tier !== Classification.PUBLIC) context.audit.read(parent, recordId, childIds, info.fieldName);
  return next();
};
