/** Partnership scorecard (issue 5): measures catalogue, scorecard query and analysts' drill-down. See docs/measures.md. */
import { ScorecardResolver } from './scorecard.resolver';

export const analyticsResolvers = [ScorecardResolver];
