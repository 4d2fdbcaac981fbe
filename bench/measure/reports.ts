// Report and dashboard latency through GraphQL, each against one hand-written SQL query that
// computes only the means, SDs and counts of the same cells straight from the tables (as the
// server's superuser: no row-level security, no definer function, no statistics beyond those).
import pg from 'pg';
import { gql, type Outcome } from '../chaos/graphql.js';

export const REPORT_QUERY = `query($input: OutcomeReportInput!) { outcomeReport(input: $input) {
  mode snapshot suppressedCells
  cells { timePoint suppressed n groups { dimension value }
    statistics { n meanChange sdChange ciLower ciUpper tStatistic tPValue cohenDz hedgesG
      baseline { n mean sd median q1 q3 } followUp { n mean sd median q1 q3 }
      wilcoxon { statistic pValue method } reliableChange { proportionImproved proportionDeteriorated } mcid { proportionReached } } }
  timePoints { timePoint pairedN eligible responded responseRate baselineOnly cronbachAlphaBaseline cronbachAlphaFollowUp
    pooled { estimate ciLower ciUpper tau2 i2 clinicsPooled } funnel { clinic n meanChange outside95 } }
} }`;

export const DASHBOARD_QUERY = `query { clinicDashboard {
  generatedAt clients enrolmentByMonth { month count } responseRates { timePoint eligible responded responseRate }
  satisfaction { timePoint smpSat { n mean sd median } pgic { value count } }
  outcomes { instrumentKey scaleKey timePoint
    statistics { n meanChange sdChange tPValue cohenDz baseline { mean sd } followUp { mean sd } }
    byPractitioner { group n meanChange } byTreatmentMonth { group n meanChange }
    funnel { center sigma own { n meanChange outside95 } peers { n meanChange } } }
  adverseEvents { treatedClients clientsWithEvents rate byType { type events clients } }
} }`;

export type Grouping = 'CLINIC' | 'HAIR_LOSS_TYPE';

const GROUP_COLUMN: Record<Grouping, string> = { CLINIC: 'p.clinic_id::text', HAIR_LOSS_TYPE: 'p.hair_loss_type' };

/** The anchor of an exact catalogue report: paired n, means and SDs per (time point, group) and per time point. */
export function reportAnchorSql(grouping: Grouping): string {
  const g = GROUP_COLUMN[grouping];
  // Each client's first scored response per time point; the baseline is paired with each follow-up
  // by a window over the client (no self-join), then only consented, snapshot-enrolled people count.
  return `
    WITH scores AS (
      SELECT DISTINCT ON (s.clinic_id, s.client_id, s.time_point) s.clinic_id, s.client_id, s.time_point, s.score
        FROM scale_score s JOIN survey_response r ON r.clinic_id = s.clinic_id AND r.id = s.response_id
       WHERE s.instrument_key = $2 AND s.scale_key = $3 AND s.score IS NOT NULL AND r.submitted_at < $1
         AND (s.time_point = 'BASELINE' OR s.time_point = ANY($4))
       ORDER BY s.clinic_id, s.client_id, s.time_point, r.submitted_at
    ), paired AS (
      SELECT * FROM (
        SELECT clinic_id, client_id, time_point, score AS f,
               max(score) FILTER (WHERE time_point = 'BASELINE') OVER (PARTITION BY clinic_id, client_id) AS b
          FROM scores) x
       WHERE time_point <> 'BASELINE' AND b IS NOT NULL
    )
    SELECT x.time_point, GROUPING(${g}) = 1 AS total, ${g} AS grp, count(*)::int AS n,
           avg(x.b) AS baseline_mean, stddev_samp(x.b) AS baseline_sd,
           avg(x.f) AS follow_up_mean, stddev_samp(x.f) AS follow_up_sd,
           avg((x.f - x.b) * $5) AS change_mean, stddev_samp(x.f - x.b) AS change_sd
      FROM paired x
      JOIN client p ON p.clinic_id = x.clinic_id AND p.id = x.client_id AND p.enrolled_at < $1
     WHERE EXISTS (SELECT 1 FROM consent k WHERE k.clinic_id = p.clinic_id AND k.client_id = p.id
                    AND k.scope = 'RESEARCH' AND k.withdrawn_at IS NULL AND k.granted_at < $1)
     GROUP BY GROUPING SETS ((x.time_point, ${g}), (x.time_point))`;
}

/**
 * The anchor of the clinic dashboard: the same cells' counts, means and SDs in one statement —
 * the clinic's own paired change per scale and follow-up (CARE, live), by practitioner and by
 * treatment month, satisfaction and PGIC counts, response rates, enrolment per month, adverse
 * events, and every clinic's paired n / mean / SD of change from the research snapshot (the funnel).
 */
export const DASHBOARD_ANCHOR_SQL = `
  WITH own AS (
    SELECT c.clinic_id, c.id, c.enrolled_at FROM client c
     WHERE c.clinic_id = $1 AND EXISTS (SELECT 1 FROM consent k WHERE k.clinic_id = c.clinic_id AND k.client_id = c.id
                                         AND k.scope = 'CARE' AND k.withdrawn_at IS NULL)
  ), own_scores AS (
    SELECT DISTINCT ON (s.client_id, s.instrument_key, s.time_point) s.client_id, s.instrument_key, s.time_point, s.score
      FROM scale_score s JOIN survey_response r ON r.clinic_id = s.clinic_id AND r.id = s.response_id
      JOIN own o ON o.clinic_id = s.clinic_id AND o.id = s.client_id
     WHERE s.clinic_id = $1 AND s.score IS NOT NULL
     ORDER BY s.client_id, s.instrument_key, s.time_point, r.submitted_at
  ), course AS (
    SELECT tc.client_id, to_char(tc.final_session_date, 'YYYY-MM') AS month,
           (SELECT ts.practitioner_id::text FROM treatment_session ts WHERE ts.clinic_id = tc.clinic_id AND ts.course_id = tc.id AND ts.is_final LIMIT 1) AS practitioner
      FROM treatment_course tc WHERE tc.clinic_id = $1
  ), own_paired AS (
    SELECT instrument_key, time_point, client_id, b, f, (f - b) * CASE WHEN instrument_key = 'HLD' THEN -1 ELSE 1 END AS d
      FROM (SELECT client_id, instrument_key, time_point, score AS f,
                   max(score) FILTER (WHERE time_point = 'BASELINE') OVER (PARTITION BY client_id, instrument_key) AS b
              FROM own_scores WHERE instrument_key IN ('RSES', 'WHO5', 'HLD')) x
     WHERE time_point <> 'BASELINE' AND b IS NOT NULL
  ), people AS (
    SELECT c.clinic_id, c.id FROM client c
     WHERE c.enrolled_at < $2 AND EXISTS (SELECT 1 FROM consent k WHERE k.clinic_id = c.clinic_id AND k.client_id = c.id
                                         AND k.scope = 'RESEARCH' AND k.withdrawn_at IS NULL AND k.granted_at < $2)
  ), peer_scores AS (
    SELECT DISTINCT ON (s.clinic_id, s.client_id, s.instrument_key, s.time_point) s.clinic_id, s.client_id, s.instrument_key, s.time_point, s.score
      FROM scale_score s JOIN survey_response r ON r.clinic_id = s.clinic_id AND r.id = s.response_id
     WHERE s.instrument_key IN ('RSES', 'WHO5', 'HLD') AND s.score IS NOT NULL AND r.submitted_at < $2
     ORDER BY s.clinic_id, s.client_id, s.instrument_key, s.time_point, r.submitted_at
  ), peer_paired AS (
    SELECT x.clinic_id, x.instrument_key, x.time_point, (x.f - x.b) * CASE WHEN x.instrument_key = 'HLD' THEN -1 ELSE 1 END AS d
      FROM (SELECT clinic_id, client_id, instrument_key, time_point, score AS f,
                   max(score) FILTER (WHERE time_point = 'BASELINE') OVER (PARTITION BY clinic_id, client_id, instrument_key) AS b
              FROM peer_scores) x
      JOIN people p ON p.clinic_id = x.clinic_id AND p.id = x.client_id
     WHERE x.time_point <> 'BASELINE' AND x.b IS NOT NULL
  )
  SELECT 'outcome' AS part, instrument_key AS k1, time_point AS k2, NULL AS grp, count(*)::int AS n, avg(d) AS mean, stddev_samp(d) AS sd,
         avg(b) AS m2, stddev_samp(b) AS s2, avg(f) AS m3, stddev_samp(f) AS s3
    FROM own_paired GROUP BY instrument_key, time_point
  UNION ALL
  SELECT 'practitioner', p.instrument_key, p.time_point, coalesce(c.practitioner, 'NONE'), count(*)::int, avg(d), stddev_samp(d), NULL, NULL, NULL, NULL
    FROM own_paired p LEFT JOIN course c ON c.client_id = p.client_id GROUP BY 2, 3, 4
  UNION ALL
  SELECT 'treatment_month', p.instrument_key, p.time_point, coalesce(c.month, 'NONE'), count(*)::int, avg(d), stddev_samp(d), NULL, NULL, NULL, NULL
    FROM own_paired p LEFT JOIN course c ON c.client_id = p.client_id GROUP BY 2, 3, 4
  UNION ALL
  SELECT 'peer', instrument_key, time_point, clinic_id::text, count(*)::int, avg(d), stddev_samp(d), NULL, NULL, NULL, NULL
    FROM peer_paired GROUP BY instrument_key, time_point, clinic_id
  UNION ALL
  SELECT 'smp_sat', instrument_key, time_point, NULL, count(*)::int, avg(score), stddev_samp(score), NULL, NULL, NULL, NULL
    FROM own_scores WHERE instrument_key = 'SMP_SAT' GROUP BY instrument_key, time_point
  UNION ALL
  SELECT 'pgic', instrument_key, time_point, score::text, count(*)::int, NULL, NULL, NULL, NULL, NULL, NULL
    FROM own_scores WHERE instrument_key = 'PGIC' GROUP BY instrument_key, time_point, score
  UNION ALL
  SELECT 'response_rate', NULL, a.time_point, NULL,
         count(*) FILTER (WHERE a.completed_at IS NOT NULL OR (a.cancelled_at IS NULL AND a.closes_at < $3))::int,
         count(*) FILTER (WHERE a.completed_at IS NOT NULL), NULL, NULL, NULL, NULL, NULL
    FROM survey_assignment a JOIN own o ON o.clinic_id = a.clinic_id AND o.id = a.client_id GROUP BY a.time_point
  UNION ALL
  SELECT 'enrolment', NULL, to_char(enrolled_at AT TIME ZONE 'UTC', 'YYYY-MM'), NULL, count(*)::int, NULL, NULL, NULL, NULL, NULL, NULL
    FROM own GROUP BY 3
  UNION ALL
  SELECT 'adverse_events', e.type, NULL, NULL, count(*)::int, count(DISTINCT tc.client_id), NULL, NULL, NULL, NULL, NULL
    FROM adverse_event e JOIN treatment_course tc ON tc.clinic_id = e.clinic_id AND tc.id = e.course_id
    JOIN own o ON o.clinic_id = tc.clinic_id AND o.id = tc.client_id WHERE e.clinic_id = $1 GROUP BY e.type`;

export interface Timed<T> {
  readonly ms: number;
  readonly value: T;
}

export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const t0 = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function callGraphql(baseUrl: string, query: string, variables: Record<string, unknown>, token: string): Promise<Record<string, unknown>> {
  const o: Outcome = await gql(baseUrl, query, variables, { token, timeoutMs: 300_000 });
  if (o.kind !== 'data') throw new Error(`GraphQL call failed: ${JSON.stringify(o).slice(0, 500)}`);
  return o.data;
}

/** Exact reports may be cached by the API (a table keyed by snapshot and data version): emptied before a cold run. */
/** Drops the kept snapshot aggregates, so the next report of a scale builds its aggregate again. */
export async function clearSnapshotAggregates(c: pg.Client): Promise<boolean> {
  const r = await c.query<{ t: string | null }>(`SELECT to_regclass('public.outcome_snapshot')::text AS t`);
  if (!r.rows[0]?.t) return false;
  await c.query(`TRUNCATE outcome_snapshot`);
  return true;
}

export interface AnchorCell {
  time_point: string;
  total: boolean;
  grp: string | null;
  n: number;
  baseline_mean: number;
  change_mean: number;
}

interface ApiCell {
  timePoint: string;
  groups: unknown[];
  suppressed: boolean;
  statistics: { n: number; meanChange: number | null; baseline: { mean: number | null } } | null;
}

/** The API's totals per time point against the anchor's: n equal, means within 1e-9. */
export function compareTotals(api: Record<string, unknown>, anchor: readonly AnchorCell[]): { agrees: boolean; detail: string } {
  const report = api['outcomeReport'] as { cells: ApiCell[] };
  const problems: string[] = [];
  let compared = 0;
  for (const a of anchor.filter((x) => x.total)) {
    const cell = report.cells.find((c) => c.timePoint === a.time_point && c.groups.length === 0);
    if (!cell?.statistics) {
      problems.push(`${a.time_point}: no total cell in the API's report`);
      continue;
    }
    compared += 1;
    const s = cell.statistics;
    if (s.n !== a.n) problems.push(`${a.time_point}: n ${s.n} vs anchor ${a.n}`);
    if (s.meanChange === null || Math.abs(s.meanChange - Number(a.change_mean)) > 1e-9 * Math.max(1, Math.abs(s.meanChange))) {
      problems.push(`${a.time_point}: mean change ${s.meanChange} vs anchor ${a.change_mean}`);
    }
  }
  return { agrees: problems.length === 0 && compared > 0, detail: problems.length ? problems.join('; ') : `${compared} totals equal (n, mean change)` };
}
