import { Agency } from './agency.entity';
import { AgencyResolver } from './agency.resolver';
import { Practitioner } from './practitioner.entity';
import { Team } from './team.entity';

export const agencyEntities = [Agency, Team, Practitioner];
export const agencyResolvers = [AgencyResolver];
