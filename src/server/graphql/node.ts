import { Ctx, ID, InterfaceType, Query, Resolver } from 'type-graphql';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import type { HubContext } from '../context';
import { fromGlobalId } from './global-id';
import { FilterArg, readsNothing } from '../../access/input-declarations';

/** Relay Node: every shared record can be fetched again by its global id. */
@InterfaceType('Node', { description: 'An object with a Relay global id, fetchable with `node(id:)`.' })
export abstract class Node {
  @Expose(Classification.SUMMARY, () => ID, { name: 'id', description: 'Relay global id.' })
  globalId!: string;
}

/** Entity classes reachable through `node(id:)`, registered by each module. */
const nodeTypes = new Map<string, new (...args: never[]) => object>();
export function registerNodeType(cls: new (...args: never[]) => object): void {
  nodeTypes.set(cls.name, cls);
}

/** The entity class `node(id:)` loads for a type name, if it is one. */
export function nodeTypeNamed(name: string): (new (...args: never[]) => object) | undefined {
  return nodeTypes.get(name);
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Fetches any record by its Relay global id; null when it does not exist or is not visible to the caller.' })
  async node(@FilterArg('id', readsNothing('a global id from a previous response; the record it names is guarded field by field'), () => ID, { description: 'A global id from a previous response.' }) id: string, @Ctx() ctx: HubContext): Promise<object | null> {
    const decoded = fromGlobalId(id);
    const cls = decoded && nodeTypes.get(decoded.type);
    if (!decoded || !cls) return null;
    return ctx.loaders.byId(cls as never).load(decoded.id);
  }
}
