import type { MiddlewareFn } from 'type-graphql';
import { Classification } from './classification';
import { canRead, DETAIL_TIERS } from './policy';
import { mutationAllowed, refusedArgumentValues, tierOf } from './role-schema';
import { childIdOf } from './child-of';
import type { HubContext } from '../server/context';
import { forbidden } from '../server/graphql/errors';

const CONFIDENTIAL_ADDRESS_FIELDS = new Set(['line1', 'line2', 'town', 'postcode', 'uprn']);

function ownedByCaller(root: unknown, ctx: HubContext): boolean {
  const owner = (root as { owningAgency?: { id?: string } } | null)?.owningAgency;
  return !!owner && owner.id === ctx.agencyId;
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
  const childId = childIdOf(root);
  if (childId && DETAIL_TIERS.has(tier) && !ownedByCaller(root, context) && !(await context.access.childDetailVisible(childId))) {
    throw forbidden(`${tier} detail about this child is shared only with agencies involved with the child. Use requestEmergencyAccess if you need it now.`, { reason: 'NO_INVOLVEMENT' });
  }
  // Placement and refuge addresses: where the child is stays with the agency that recorded it, even
  // for other agencies involved with the child (information-sharing rule 5: protect identities).
  if (parent === 'ChildAddress' && CONFIDENTIAL_ADDRESS_FIELDS.has(info.fieldName) && (root as { confidential?: boolean }).confidential && !ownedByCaller(root, context)) {
    throw forbidden('This is a confidential (placement or refuge) address; only the agency that recorded it sees it. Contact them if you need to reach the child.', { reason: 'CONFIDENTIAL_ADDRESS' });
  }
  // Every field returned from a child-level record is audited (one row per record per request).
  const recordId = (root as { id?: unknown }).id;
  if (childId && typeof recordId === 'string' && tier !== Classification.PUBLIC) context.audit.read(parent, recordId, childId, info.fieldName);
  return next();
};
