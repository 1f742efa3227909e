/** The protection bounded context: its entities and resolvers, registered in src/modules/registry.ts. */
export const protectionEntities: (new (...args: never[]) => object)[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const protectionResolvers: Function[] = [];
