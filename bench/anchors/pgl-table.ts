// The table the PostGraphile anchor writes to: the shape of survey_response (columns, types, checks,
// primary key and unique index; no foreign keys), in its own schema so PostGraphile sees nothing else.
// It starts with a copy of the registry's responses, so that its inserts go into a table and indexes
// of the same size as the API's (an empty table's few index pages stay cached and need no page
// images in the WAL after a checkpoint; the registry's do).
export const PGL_SCHEMA = 'bench_pgl';

export const PGL_TABLE_SQL = [
  `CREATE SCHEMA IF NOT EXISTS ${PGL_SCHEMA}`,
  `DROP TABLE IF EXISTS ${PGL_SCHEMA}.survey_response`,
  `CREATE TABLE ${PGL_SCHEMA}.survey_response (LIKE public.survey_response INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
  `INSERT INTO ${PGL_SCHEMA}.survey_response SELECT * FROM public.survey_response`,
  `VACUUM (ANALYZE) ${PGL_SCHEMA}.survey_response`,
];
