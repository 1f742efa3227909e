import { registerNodeType } from '../../server/graphql/node';
import { Child } from './child.entity';
import { ChildResolver } from './child.resolver';

export const peopleEntities = [Child];
export const peopleResolvers = [ChildResolver];
peopleEntities.forEach(registerNodeType);
