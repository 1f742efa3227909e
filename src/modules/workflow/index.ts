/** The workflow bounded context (issue 13): tasks raised and closed by events, and worklists. Registered in src/modules/registry.ts. */
import { registerNodeType } from '../../server/graphql/node';
import { Task } from './task.entity';
import { TaskChildResolver, TaskResolver } from './task.resolver';

export const workflowEntities: (new (...args: never[]) => object)[] = [Task];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const workflowResolvers: Function[] = [TaskResolver, TaskChildResolver];
workflowEntities.forEach(registerNodeType);
