/** Partnership scorecard (issue 5): measures catalogue, scorecard query, analysts' pseudonymised drill-down and practitioners' named drill-down. See docs/measures.md. */
import { MeasureChildrenResolver } from './measure-children.resolver';
import { ScorecardResolver } from './scorecard.resolver';

export const analyticsResolvers = [ScorecardResolver, MeasureChildrenResolver];
