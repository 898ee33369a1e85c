/** The reporting table's name in the local runtime's store (`LocalContext.table`). */
export const LOCAL_REPORTING_TABLE = 'reporting';
