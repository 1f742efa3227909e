import { registerNodeType } from '../../server/graphql/node';
import { Child } from './child.entity';
import { ChildAddress } from './child-address.entity';
import { ChildDisability } from './child-disability.entity';
import { ChildFieldsResolver, ChildLinkFieldsResolver, InvolvementFieldsResolver } from './child-fields.resolver';
import { ChildIdentifier } from './child-identifier.entity';
import { ChildLink } from './child-link.entity';
import { ChildResolver } from './child.resolver';
import { FindChildrenResolver } from './find-children.resolver';
import { Involvement } from './involvement.entity';
import { ChildLinkResolver, InvolvementResolver } from './involvement.resolver';

export const peopleEntities = [Child, ChildIdentifier, ChildAddress, ChildDisability, Involvement, ChildLink];
export const peopleResolvers = [ChildResolver, ChildFieldsResolver, InvolvementFieldsResolver, ChildLinkFieldsResolver, InvolvementResolver, ChildLinkResolver, FindChildrenResolver];
peopleEntities.forEach(registerNodeType);
