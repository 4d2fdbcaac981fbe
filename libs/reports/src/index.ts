// Outcome reports: the pure core behind the researcher report and the clinic dashboard. No I/O:
// the API loads consented records, this turns them into cells, suppression, noise and pooling.
export * from './report-request.js';
export * from './build-outcome-report.js';
export * from './outcome-report-csv.js';
export * from './outcome-aggregate.js';
