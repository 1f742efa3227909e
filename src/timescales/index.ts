/** Statutory timescale engine: pure functions over ISO dates, no database. See docs/timescales.md. */
export * from './bank-holidays';
export * from './working-days';
export * from './rules';
export * from './evaluate';
