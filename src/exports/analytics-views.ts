import { ANALYTICS_VIEWS as FIRST_VIEWS } from '../../migrations/Migration20261206000000_analytics_views';
import { PRE_PROCEEDINGS_ANALYTICS_VIEW } from '../../migrations/Migration20261208000000_pre_proceedings';
import { LOOKED_AFTER_YEARS_ANALYTICS_VIEW } from '../../migrations/Migration20261210000000_looked_after_year';

/** Every analytical view, in the order the migrations created them (each declared in its migration). */
export const ANALYTICS_VIEWS = [...FIRST_VIEWS, PRE_PROCEEDINGS_ANALYTICS_VIEW, LOOKED_AFTER_YEARS_ANALYTICS_VIEW];
