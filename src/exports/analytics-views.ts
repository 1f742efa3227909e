import { ANALYTICS_VIEWS as FIRST_VIEWS } from '../../migrations/Migration20261206000000_analytics_views';
import { PRE_PROCEEDINGS_ANALYTICS_VIEW } from '../../migrations/Migration20261208000000_pre_proceedings';
import { LOOKED_AFTER_YEARS_ANALYTICS_VIEW } from '../../migrations/Migration20261210000000_looked_after_year';
import { WORKFLOW_ANALYTICS_VIEWS } from '../../migrations/Migration20261212000000_workflows';
import type { View } from '../../migrations/Migration20261206000000_analytics_views';

/** The views in creation order, a later migration's declaration replacing an earlier one of the same name in place. */
function latest(...declared: View[]): View[] {
  const byName = new Map<string, View>();
  for (const v of declared) byName.set(v.name, v);
  return [...byName.values()];
}

/** Every analytical view, in the order the migrations created them (each declared in its migration). */
export const ANALYTICS_VIEWS = latest(...FIRST_VIEWS, PRE_PROCEEDINGS_ANALYTICS_VIEW, LOOKED_AFTER_YEARS_ANALYTICS_VIEW, ...WORKFLOW_ANALYTICS_VIEWS);
