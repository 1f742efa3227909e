import { Extensions, Field, type FieldOptions } from 'type-graphql';
import { CLASSIFICATION_EXTENSION, Classification } from './classification';

type ReturnTypeFunc = Parameters<typeof Field>[0] & ((...a: never[]) => unknown);
type Opts = FieldOptions & { description: string };

/**
 * Declares a GraphQL field together with its confidentiality tier, so the schema cannot carry an
 * unclassified field. Use instead of type-graphql's `@Field` on every public type.
 */
export function Expose(tier: Classification, typeOrOpts: ReturnTypeFunc | Opts, maybeOpts?: Opts): PropertyDecorator & MethodDecorator {
  const [typeFn, opts] = typeof typeOrOpts === 'function' ? [typeOrOpts, maybeOpts!] : [undefined, typeOrOpts];
  const field = typeFn ? Field(typeFn, opts) : Field(opts);
  const ext = Extensions({ [CLASSIFICATION_EXTENSION]: tier });
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    field(target, key, descriptor as never);
    ext(target, key, descriptor as never);
  };
}

/**
 * Classifies a field declared another way (a `@FieldResolver` on a relation): same extension as
 * `Expose`, so the field guard, role schema and generated docs treat it alike.
 */
export function Classify(tier: Classification): MethodDecorator & PropertyDecorator {
  return Extensions({ [CLASSIFICATION_EXTENSION]: tier }) as MethodDecorator & PropertyDecorator;
}
