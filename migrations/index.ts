import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121000000_access_functions } from './Migration20261121000000_access_functions';
import { Migration20261122000000_schema } from './Migration20261122000000_schema';
import { Migration20261122000100_people_search } from './Migration20261122000100_people_search';
import { Migration20261122900000_app_role_grants } from './Migration20261122900000_app_role_grants';
import { Migration20261122910000_audit } from './Migration20261122910000_audit';
import { Migration20261122920000_analytics_reference } from './Migration20261122920000_analytics_reference';
import { Migration20261122930000_analytics_more } from './Migration20261122930000_analytics_more';
import { Migration20261123000200_search_scope } from './Migration20261123000200_search_scope';
import { Migration20261203000000_involvement_lifecycle } from './Migration20261203000000_involvement_lifecycle';
import { Migration20261203100000_child_scope } from './Migration20261203100000_child_scope';
import { Migration20261203300000_list_orderings } from './Migration20261203300000_list_orderings';
import { Migration20261203400000_invitation_from_lead } from './Migration20261203400000_invitation_from_lead';
import { Migration20261203500000_audit_sealing } from './Migration20261203500000_audit_sealing';
import { Migration20261203600000_rls_plannable } from './Migration20261203600000_rls_plannable';
import { Migration20261203610000_list_orderings_more } from './Migration20261203610000_list_orderings_more';
import { Migration20261203700000_rls_parent_paths } from './Migration20261203700000_rls_parent_paths';
import { Migration20261204100000_analytics_facts } from './Migration20261204100000_analytics_facts';
import { Migration20261205000000_audit_per_request } from './Migration20261205000000_audit_per_request';
import { Migration20261206000000_analytics_views } from './Migration20261206000000_analytics_views';
import { Migration20261207000000_dfe_csc_api } from './Migration20261207000000_dfe_csc_api';
import { Migration20261208000000_pre_proceedings } from './Migration20261208000000_pre_proceedings';

/** Every migration, in order. Listed explicitly so compiled and ts-jest runs discover the same set. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261121000000_access_functions', class: Migration20261121000000_access_functions },
  { name: 'Migration20261122000000_schema', class: Migration20261122000000_schema },
  { name: 'Migration20261122000100_people_search', class: Migration20261122000100_people_search },
  { name: 'Migration20261122900000_app_role_grants', class: Migration20261122900000_app_role_grants },
  { name: 'Migration20261122910000_audit', class: Migration20261122910000_audit },
  { name: 'Migration20261122920000_analytics_reference', class: Migration20261122920000_analytics_reference },
  { name: 'Migration20261122930000_analytics_more', class: Migration20261122930000_analytics_more },
  { name: 'Migration20261123000200_search_scope', class: Migration20261123000200_search_scope },
  { name: 'Migration20261203000000_involvement_lifecycle', class: Migration20261203000000_involvement_lifecycle },
  { name: 'Migration20261203100000_child_scope', class: Migration20261203100000_child_scope },
  { name: 'Migration20261203300000_list_orderings', class: Migration20261203300000_list_orderings },
  { name: 'Migration20261203400000_invitation_from_lead', class: Migration20261203400000_invitation_from_lead },
  { name: 'Migration20261203500000_audit_sealing', class: Migration20261203500000_audit_sealing },
  { name: 'Migration20261203600000_rls_plannable', class: Migration20261203600000_rls_plannable },
  { name: 'Migration20261203610000_list_orderings_more', class: Migration20261203610000_list_orderings_more },
  { name: 'Migration20261203700000_rls_parent_paths', class: Migration20261203700000_rls_parent_paths },
  { name: 'Migration20261204100000_analytics_facts', class: Migration20261204100000_analytics_facts },
  { name: 'Migration20261205000000_audit_per_request', class: Migration20261205000000_audit_per_request },
  { name: 'Migration20261206000000_analytics_views', class: Migration20261206000000_analytics_views },
  { name: 'Migration20261207000000_dfe_csc_api', class: Migration20261207000000_dfe_csc_api },
  { name: 'Migration20261208000000_pre_proceedings', class: Migration20261208000000_pre_proceedings },
];
