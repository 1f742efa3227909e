import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import type { ChildScopeDeclaration } from '../../access/child-of';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Agency } from '../agencies/agency.entity';
import { Child } from '../people/child.entity';
import { DisclosureGateway } from './codes';

/**
 * A disclosure of information about a child to another body, with the legal gateway it relied on
 * (CWSA 2026: "A hub should record each disclosure with its legal basis"; information-sharing golden
 * rule 7). The data protection basis is the record's `lawfulBasis`. Seen by the disclosing agency alone,
 * like a decision not to share: what was disclosed to whom is itself sensitive; the DPO sees both through
 * the audit log.
 */
@Entity({ tableName: 'information_disclosure' })
@Index({ properties: ['child', 'disclosedAt'] })
@ObjectType({ implements: Node, description: 'A disclosure of information about a child to another body, with its legal gateway; seen by the disclosing agency.' })
export class InformationDisclosure extends HubRecord {
  static readonly childScope: ChildScopeDeclaration = { ownerOnly: true };

  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Agency, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  recipientAgency?: Ref<Agency> | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Who received it when not a partner agency in the hub (e.g. "GP practice, Castlegate Medical Centre").' })
  recipientDescription?: string | null;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When it was disclosed.' })
  disclosedAt!: Date;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'What kind of information was disclosed (described, not repeated).' })
  informationDisclosed!: string;

  @Enum({ items: () => DisclosureGateway, nativeEnumName: 'disclosure_gateway' })
  @Expose(Classification.SUMMARY, () => DisclosureGateway, { description: 'The legal gateway relied on.' })
  gateway!: DisclosureGateway;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'The gateway named in full, required for OTHER.' })
  gatewayDetail?: string | null;
}
