// `@sfe/reporting-service/report`: the reporting tables for tooling (the CLI, scenarios), with no AWS SDK.
export { countEvent, type ReportedEvent } from './domain/count-event';
export { formatReport } from './domain/format-report';
export {
  type AccountTotals,
  type CourseCompletions,
  type Report,
  type RevenueOnDay,
  readReport,
  type SignupsOnDay,
} from './domain/report';
export { REPORT_PARTITIONS } from './domain/report-items';
export { LOCAL_REPORTING_TABLE } from './local-table';
