/**
 * Which care placements count as placements a child had, in one place: the scorecard's stability measure
 * (CLA_3PLUS_PLACEMENTS_PCT) and Ofsted's Annex A list 8 ("Number of Placements in the Last 12 months")
 * both count with this SQL, so the two never disagree about the same child.
 */

/** SSDA903 temporary placements (T0-T4): not counted as placements by the stability indicator. */
export const TEMPORARY_PLACEMENTS: readonly string[] = ['T0', 'T1', 'T2', 'T3', 'T4'];

/**
 * SQL counting the child's placements (`childId`: an SQL expression) that started in the 12 months ending
 * on `endDate` (an SQL date expression) or were current at their start, with any authority in the hub.
 * Temporary placements are left out, and so is a placement recorded again in the next care episode when
 * only the legal status changed (same type, provider, postcode and URN, starting the day the previous
 * record ended): the child did not move.
 */
export function placementsInTwelveMonthsSql(childId: string, endDate: string): string {
  return `(select count(*) from care_placement pl where pl.child_id = ${childId} and pl.deleted_at is null
           and pl.placement_type not in (${TEMPORARY_PLACEMENTS.map((t) => `'${t}'`).join(', ')})
           and pl.start_date <= ${endDate} and (pl.end_date is null or pl.end_date > (${endDate} - interval '12 months')::date)
           and not exists (select 1 from care_placement prev where prev.child_id = pl.child_id and prev.deleted_at is null and prev.end_date = pl.start_date
                             and prev.episode_id <> pl.episode_id and prev.placement_type = pl.placement_type and prev.provider = pl.provider
                             and prev.postcode = pl.postcode and prev.urn is not distinct from pl.urn))`;
}
