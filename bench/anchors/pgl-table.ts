// The table the PostGraphile anchor writes to: the shape of survey_response (columns, types, checks,
// primary key and unique index; no foreign keys), in its own schema so PostGraphile sees nothing else.
export const PGL_SCHEMA = 'bench_pgl';

export const PGL_TABLE_SQL = [
  `CREATE SCHEMA IF NOT EXISTS ${PGL_SCHEMA}`,
  `DROP TABLE IF EXISTS ${PGL_SCHEMA}.survey_response`,
  `CREATE TABLE ${PGL_SCHEMA}.survey_response (LIKE public.survey_response INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
];
