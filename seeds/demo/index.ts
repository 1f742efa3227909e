import type { DemoWorld } from '../world';

/**
 * Module seeders, run in this order after the agencies: people first (it creates the children and
 * their pathways), then each module adds the records its pathways imply.
 */
export const demoModuleSeeders: ((world: DemoWorld) => Promise<void>)[] = [];
