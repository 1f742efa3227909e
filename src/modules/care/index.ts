/** The care bounded context: its entities and resolvers, registered in src/modules/registry.ts. */
export const careEntities: (new (...args: never[]) => object)[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const careResolvers: Function[] = [];
