import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from './child.entity';
import { IdentifierType } from './codes';

/**
 * An identifier of a child (SSD `ssd_linked_identifiers` + the person-level NHS number, UPN and LA child
 * id), one row each, with validity dates. Owned by the agency that owns the child record. Values are
 * stored normalised (see identifiers.ts), so lookups compare equal strings.
 *
 * An active identifier (not withdrawn, no `validTo`) is unique per agency: the same NHS number may sit on
 * an LA record and a health record of the same child (that is what findChildren and ChildLink are for),
 * but not on two records of one agency. The partial unique index is the backstop; createChild reports
 * DUPLICATE before reaching it.
 */
@Entity({ tableName: 'child_identifier' })
@Index({ name: 'child_identifier_lookup_index', properties: ['type', 'value'] })
@Index({
  name: 'child_identifier_active_unique',
  expression:
    'create unique index "child_identifier_active_unique" on "child_identifier" ("owning_agency_id", "type", coalesce("namespace", \'\'), "value") where "deleted_at" is null and "valid_to" is null',
})
@ObjectType({ implements: Node, description: 'An identifier of a child (NHS number, UPN, LA child id, police id...) with its validity dates.' })
export class ChildIdentifier extends HubRecord {
  @ManyToOne(() => Child, { ref: true })
  @Index()
  child!: Ref<Child>;

  @Enum({ items: () => IdentifierType, nativeEnumName: 'identifier_type' })
  @Expose(Classification.IDENTITY, () => IdentifierType, { description: 'Kind of identifier.' })
  type!: IdentifierType;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'Who issued it, for identifiers unique only locally: the DfE LA code for LA_CHILD_ID (e.g. 931), the force code for POLICE_PERSON_ID (e.g. NS); null for national identifiers.' })
  namespace?: string | null;

  @Property({ type: 'text' })
  @Expose(Classification.IDENTITY, { description: 'The identifier, normalised (NHS number without spaces, UPN in upper case).' })
  value!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date the identifier is known to be valid from (SSD `link_valid_from_date`).' })
  validFrom?: string | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date the identifier stopped being valid (e.g. a UPN replaced); null while current.' })
  validTo?: string | null;
}
