import { Migration } from '@mikro-orm/migrations';
import { childVisibleFunctionBody } from '../src/access/involvement-policy';

/**
 * A strategy discussion invitation opens a child's records only when the discussion was convened by the
 * child's lead agency or an involved agency (src/access/involvement-policy.ts, ACCESS_ROUTES): before, an
 * authority that recorded a discussion about another authority's child could name itself invited.
 * Recreates `hub_child_visible` from the declaration; the RLS policies and the rowScope filter call it.
 */
export class Migration20261203400000_invitation_from_lead extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function hub_child_visible(p_child uuid, p_agency uuid, p_subject text)
      returns boolean language plpgsql stable security definer set search_path = public as $$${childVisibleFunctionBody()}$$;`);
  }
}
