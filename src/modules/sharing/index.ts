/** The information-sharing context (issue 13 must-show 4): NHS number traces and disclosures. Registered in src/modules/registry.ts. */
import { registerNodeType } from '../../server/graphql/node';
import { InformationDisclosure } from './information-disclosure.entity';
import { NhsNumberTrace } from './nhs-number-trace.entity';
import { InformationDisclosureResolver, NhsNumberTraceResolver, SharingResolver } from './sharing.resolver';

export const sharingEntities: (new (...args: never[]) => object)[] = [NhsNumberTrace, InformationDisclosure];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const sharingResolvers: Function[] = [SharingResolver, InformationDisclosureResolver, NhsNumberTraceResolver];
sharingEntities.forEach(registerNodeType);
