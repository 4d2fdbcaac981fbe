import { clinicPseudonym } from '../../libs/anonymisation/src/index.js';
import { startTestApp, type TestApp } from '../../libs/testing/src/index.js';
import {
  getCsv, margin, mean, must, OUTCOME_REPORT, parseCsv, rawGql, ReportWorld, sd,
  type BuiltClient, type ClientSpec, type OutcomeReport, type ReportCell,
} from './reports/report-world.js';

// Researcher outcome reports, exact mode: the catalogue (no filters, at most one of HAIR_LOSS_TYPE,
// SEX, AGE_BAND, CLINIC) on the monthly snapshot, over HTTP against the real API and database.
// Registry (RSES, 2015: the earliest year of the report specs. Every enrolled client gets RSES
// follow-ups, so any earlier spec year would add its clients to this snapshot's eligible count):
//   clinic A: 20 paired, clinic B: 14 paired, clinic C: 6 paired (40 research-consented pairs)
//   hair loss: ANDROGENETIC_ALOPECIA 24, DIFFUSE_THINNING 12, ALOPECIA_AREATA 4 (< k = 10)
//   plus 3 CARE-only pairs (A), 10 attrition clients whose MONTH_3 window closed unanswered (B),
//   2 clients whose MONTH_3 is still open at the snapshot (C) — they answer in test 2c.
const YEAR = 2015;
const K = 10;

function registry(): ClientSpec[] {
  const specs: ClientSpec[] = [];
  const add = (clinic: number, n: number, hairLossType: string, base: number, fu: number) => {
    for (let i = 0; i < n; i++) {
      const j = specs.length;
      specs.push({
        clinic, hairLossType, baselineLevel: base, followUpLevel: fu,
        sex: j % 8 === 3 ? 'FEMALE' : 'MALE',
        // Age bands at enrolment in 2015: 30-39 mostly, some 40-49 and 20-29, three 50-59 (< k).
        birthYear: j % 13 === 5 ? 1962 : j % 3 === 0 ? 1975 : j % 3 === 1 ? 1985 : 1994,
      });
    }
  };
  add(0, 12, 'ANDROGENETIC_ALOPECIA', 0.3, 0.75);
  add(0, 6, 'DIFFUSE_THINNING', 0.35, 0.6);
  add(0, 2, 'ALOPECIA_AREATA', 0.2, 0.9);
  add(1, 9, 'ANDROGENETIC_ALOPECIA', 0.4, 0.6);
  add(1, 4, 'DIFFUSE_THINNING', 0.4, 0.5);
  add(1, 1, 'ALOPECIA_AREATA', 0.3, 0.8);
  add(2, 3, 'ANDROGENETIC_ALOPECIA', 0.45, 0.45);
  add(2, 2, 'DIFFUSE_THINNING', 0.5, 0.4);
  add(2, 1, 'ALOPECIA_AREATA', 0.1, 1);
  for (let i = 0; i < 3; i++) specs.push({ clinic: 0, research: false, baselineLevel: 0.1, followUpLevel: 1 });
  for (let i = 0; i < 10; i++) specs.push({ clinic: 1, kind: 'ATTRITION' });
  for (let i = 0; i < 2; i++) specs.push({ clinic: 2, kind: 'BASELINE_ONLY_OPEN', hairLossType: 'ALOPECIA_AREATA' });
  return specs;
}

const INPUT = (groupBy: string[] = []) => ({ instrumentKey: 'RSES', scaleKey: 'RSES_TOTAL', timePoints: ['MONTH_3'], groupBy });

describe('outcome report: exact catalogue on the monthly snapshot', () => {
  let t: TestApp;
  let w: ReportWorld;
  const report = async (groupBy: string[] = []) =>
    must(await t.gql<{ outcomeReport: OutcomeReport }>(OUTCOME_REPORT, { input: INPUT(groupBy) }, w.researcherToken), `report ${groupBy}`).outcomeReport;
  const changes = (cs: BuiltClient[]) => cs.map((c) => w.change(c));

  beforeAll(async () => {
    t = await startTestApp();
    w = await ReportWorld.build(t, {
      year: YEAR,
      instrument: 'RSES',
      seed: 2019,
      clinics: [{ name: 'Haarwerk Kreuzberg SMP' }, { name: 'Scalp Studio Camden', country: 'GB' }, { name: 'Micropigmentación Chamberí', country: 'ES' }],
      clients: registry(),
    });
    expect(w.pairedResearch()).toHaveLength(40);
  }, 600_000);
  afterAll(() => t.close());

  /** Every name, id and e-mail of the registry's clinics and clients: none may reach a researcher. */
  const secrets = () => [
    ...w.clinics.flatMap((c) => [c.name, c.id, c.staffId]),
    ...w.clients.map((c) => c.id),
  ];
  const expectNoSecrets = (text: string) => {
    for (const s of secrets()) expect({ leaked: s, found: text.includes(s) }).toEqual({ leaked: s, found: false });
  };

  it('1. margin n is the number of paired research clients and the statistics are those of the submitted answers', async () => {
    const r = await report();
    // The snapshot is labelled by the month it was taken (1 April); dataThrough says it excludes April.
    expect(r).toMatchObject({ mode: 'EXACT', k: K, snapshot: `${YEAR}-04`, dataThrough: `${YEAR}-04-01T00:00:00.000Z`, epsilonSpent: '0.000', budgetPeriod: `${YEAR}-04` });
    const paired = w.pairedResearch();
    const d = changes(paired);
    const base = paired.map((c) => w.score(c.baselineAnswers));
    const fu = paired.map((c) => w.score(c.followUpAnswers!));
    const m = margin(r);
    expect(m.suppressed).toBe(false);
    expect(m.n).toBe(40);
    const s = m.statistics!;
    expect(s.n).toBe(40);
    expect(Math.abs(s.meanChange! - mean(d))).toBeLessThan(1e-9);
    expect(Math.abs(s.sdChange! - sd(d))).toBeLessThan(1e-9);
    expect(Math.abs(s.tStatistic! - mean(d) / (sd(d) / Math.sqrt(40)))).toBeLessThan(1e-9);
    expect(Math.abs(s.baseline.mean! - mean(base))).toBeLessThan(1e-9);
    expect(Math.abs(s.baseline.sd! - sd(base))).toBeLessThan(1e-9);
    expect(Math.abs(s.followUp.mean! - mean(fu))).toBeLessThan(1e-9);
    expect(Math.abs(s.followUp.sd! - sd(fu))).toBeLessThan(1e-9);
    // The fixture really moved the scores (a report of zeros would pass the comparisons above).
    expect(mean(d)).toBeGreaterThan(1);

    // Response rate and attrition: 40 answered + 10 whose window closed unanswered are eligible; the
    // CARE-only clients and the 2 still-open windows are not counted.
    expect(r.timePoints).toHaveLength(1);
    expect(r.timePoints[0]).toMatchObject({ timePoint: 'MONTH_3', eligible: 50, responded: 40, baselineOnly: 10, pairedN: 40, withheld: null });
    expect(Math.abs(r.timePoints[0]!.responseRate! - 40 / 50)).toBeLessThan(1e-12);
  });

  it('1. no clinic name or id (nor any client or staff id) appears in any catalogue report; clinics only as keyed pseudonyms', async () => {
    for (const groupBy of [[], ['HAIR_LOSS_TYPE'], ['SEX'], ['AGE_BAND'], ['CLINIC']]) {
      const raw = await rawGql(t, OUTCOME_REPORT, { input: INPUT(groupBy) }, w.researcherToken);
      expect(raw.status).toBe(200);
      expect(raw.body.errors).toBeUndefined();
      expectNoSecrets(raw.text);
    }
    const byClinic = await report(['CLINIC']);
    const labels = byClinic.cells.filter((c) => c.groups.length === 1).map((c) => c.groups[0]!.value);
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) expect(l).toMatch(/^(Clinic [0-9A-F]{8}|OTHER_CLINICS)$/);
    for (const p of byClinic.timePoints[0]!.funnel) expect(p.clinic).toMatch(/^Clinic [0-9A-F]{8}$/);
    // Clinic A (20 pairs) is shown under its stable keyed pseudonym with its own figures.
    const a = clinicPseudonym(w.clinics[0]!.id, t.config.CLINIC_PSEUDONYM_KEY).label;
    const cellA = byClinic.cells.find((c) => c.groups[0]?.value === a);
    const pairedA = w.pairedResearch((c) => c.clinic === 0);
    expect(cellA?.n).toBe(20);
    expect(Math.abs(cellA!.statistics!.meanChange! - mean(changes(pairedA)))).toBeLessThan(1e-9);
  });

  /** The k rule for one grouped exact report: no shown cell in 1..k−1, and the hidden rest is 0 or ≥ k. */
  function expectNoSmallCell(r: OutcomeReport): { shown: ReportCell[]; hidden: ReportCell[]; hiddenTotal: number } {
    const cells = r.cells.filter((c) => c.timePoint === 'MONTH_3' && c.groups.length > 0);
    const shown = cells.filter((c) => !c.suppressed);
    const hidden = cells.filter((c) => c.suppressed);
    for (const c of shown) {
      expect(c.n).not.toBeNull();
      if (c.n! > 0) expect(c.n!).toBeGreaterThanOrEqual(K);
    }
    for (const c of hidden) {
      expect(c.n).toBeNull();
      expect(c.statistics).toBeNull();
      expect(c.noisy).toBeNull();
    }
    // A hidden cell's label must not say whether it was below k or hidden to protect another
    // (a PRIMARY / COMPLEMENTARY distinction would itself give 0 < n < k).
    expect(new Set(hidden.map((c) => c.suppression)).size).toBeLessThanOrEqual(1);
    const total = margin(r).n!;
    const hiddenTotal = total - shown.reduce((s, c) => s + c.n!, 0);
    if (hiddenTotal !== 0) {
      expect(hiddenTotal).toBeGreaterThanOrEqual(K);
      expect(hidden.length).toBeGreaterThanOrEqual(2);
    }
    return { shown, hidden, hiddenTotal };
  }

  it('2a. a hair-loss type held by 4 clients is never given: suppressed, and total − shown cells ≥ k', async () => {
    const r = await report(['HAIR_LOSS_TYPE']);
    const aa = r.cells.find((c) => c.groups[0]?.value === 'ALOPECIA_AREATA')!;
    expect(aa).toMatchObject({ suppressed: true, n: null, statistics: null });
    const { hiddenTotal } = expectNoSmallCell(r);
    expect(hiddenTotal).toBeGreaterThanOrEqual(K);
    expect(margin(r).n).toBe(40);
    // Shown cells carry their true n.
    const aga = r.cells.find((c) => c.groups[0]?.value === 'ANDROGENETIC_ALOPECIA')!;
    if (!aga.suppressed) expect(aga.n).toBe(24);
    expect(r.suppressedCells).toBe(r.cells.filter((c) => c.suppressed).length);

    // The same rule holds for every catalogue grouping (SEX has 5 women, AGE_BAND three 50-59).
    for (const g of ['SEX', 'AGE_BAND', 'CLINIC']) expectNoSmallCell(await report([g]));
  });

  it('2a. grouped by clinic, the 6-client clinic never appears on its own, and the funnel shows only what the table may show', async () => {
    const r = await report(['CLINIC']);
    expectNoSmallCell(r);
    const c = clinicPseudonym(w.clinics[2]!.id, t.config.CLINIC_PSEUDONYM_KEY).label;
    expect(r.cells.some((x) => x.groups[0]?.value === c)).toBe(false);
    const tp = r.timePoints[0]!;
    expect(tp.funnel.every((p) => p.n >= K)).toBe(true);
    expect(tp.funnel.some((p) => p.clinic === c)).toBe(false);
    const rest = 40 - tp.funnel.reduce((s, p) => s + p.n, 0);
    expect(rest === 0 || rest >= K).toBe(true);
    // Every funnel point is a clinic the by-clinic table shows on its own.
    const shownLabels = new Set(r.cells.filter((x) => !x.suppressed && x.groups.length === 1).map((x) => x.groups[0]!.value));
    for (const p of tp.funnel) expect(shownLabels.has(p.clinic!)).toBe(true);
  });

  const CSV = '/reports/outcome.csv?instrumentKey=RSES&scaleKey=RSES_TOTAL&timePoints=MONTH_3&groupBy=HAIR_LOSS_TYPE';
  const STAT_COLUMNS = ['baseline_mean', 'baseline_sd', 'follow_up_mean', 'mean_change', 'sd_change', 'ci95_lower', 'ci95_upper', 't_statistic', 'wilcoxon_v', 'cohen_dz'];

  it('2d. the CSV obeys the same suppression: no n and no statistic for suppressed rows, same n as GraphQL elsewhere', async () => {
    const res = await getCsv(t, CSV, w.researcherToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const rows = parseCsv(res.text);
    const gql = await report(['HAIR_LOSS_TYPE']);
    expect(rows).toHaveLength(gql.cells.length);
    for (const row of rows) {
      const cell = row['is_margin'] === 'true'
        ? margin(gql)
        : gql.cells.find((c) => c.groups[0]?.value === row['group_hair_loss_type'])!;
      expect(row['suppressed']).toBe(String(cell.suppressed));
      expect(row['n']).toBe(cell.n === null ? '' : String(cell.n));
      if (cell.suppressed) for (const col of STAT_COLUMNS) expect({ col, v: row[col] }).toEqual({ col, v: '' });
    }
    const aa = rows.find((r) => r['group_hair_loss_type'] === 'ALOPECIA_AREATA')!;
    expect(aa).toMatchObject({ suppressed: 'true', n: '', mean_change: '' });
    // Hidden rows all carry the same label (whether below k or a complement is not said).
    expect(new Set(rows.filter((r) => r['suppressed'] === 'true').map((r) => r['suppression'])).size).toBe(1);
    expect(rows.find((r) => r['is_margin'] === 'true')!['n']).toBe('40');
    // Shown rows: n ≥ k or 0; the hidden rest ≥ k.
    const shown = rows.filter((r) => r['is_margin'] === 'false' && r['suppressed'] === 'false').map((r) => Number(r['n']));
    expect(shown.every((n) => n === 0 || n >= K)).toBe(true);
    expect(40 - shown.reduce((s, n) => s + n, 0)).toBeGreaterThanOrEqual(K);
    expectNoSecrets(res.text);
    const byClinic = await getCsv(t, '/reports/outcome.csv?instrumentKey=RSES&scaleKey=RSES_TOTAL&timePoints=MONTH_3&groupBy=CLINIC', w.researcherToken);
    expect(byClinic.status).toBe(200);
    expectNoSecrets(byClinic.text);
  });

  it('2d. the CSV needs a researcher’s bearer token: 401 without or with a bad one, 403 for clinic staff and admin', async () => {
    const none = await getCsv(t, CSV);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(none.text).not.toMatch(/RSES_TOTAL,|mean_change/);
    const bad = await getCsv(t, CSV, 'not-a-token');
    expect(bad.status).toBe(401);
    for (const token of [w.clinics[0]!.staffToken, w.adminToken]) {
      const res = await getCsv(t, CSV, token);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text).errors[0].extensions.code).toBe('FORBIDDEN');
      expect(res.text).not.toMatch(/mean_change/);
    }
    // A filter through the CSV is outside the catalogue: refused without ε, like GraphQL.
    const filtered = await getCsv(t, `${CSV}&sexes=MALE`, w.researcherToken);
    expect(filtered.status).toBe(400);
    expect(JSON.parse(filtered.text).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOISE_REQUIRED', field: 'epsilon' });
    // The codebook documents every column of the report.
    const book = await getCsv(t, '/reports/outcome-codebook.csv');
    expect(book.status).toBe(200);
    const columns = parseCsv(book.text).map((r) => r['column']);
    const header = (await getCsv(t, CSV, w.researcherToken)).text.split('\r\n')[0]!.split(',');
    expect(columns).toEqual(header);
  });

  it('2c. one more client’s response this month changes nothing in the exact report (byte for byte); next month’s snapshot has it', async () => {
    const groupings = [[], ['HAIR_LOSS_TYPE'], ['SEX'], ['AGE_BAND'], ['CLINIC']];
    const bodies = async () => {
      const out: string[] = [];
      for (const g of groupings) out.push((await rawGql(t, OUTCOME_REPORT, { input: INPUT(g) }, w.researcherToken)).text);
      out.push((await getCsv(t, CSV, w.researcherToken)).text);
      return out;
    };
    const before = await bodies();

    // Now (2 April): the two open MONTH_3 surveys of clinic C are answered (ALOPECIA_AREATA, the
    // small cell), and a new client of clinic A answers baseline and MONTH_3.
    const pending = w.clients.filter((c) => c.spec.kind === 'BASELINE_ONLY_OPEN');
    expect(pending).toHaveLength(2);
    for (const c of pending) await w.answerMonth3(c, { ...c.spec, followUpLevel: 1 });
    const fresh = await w.newPairedClientNow({ clinic: 0, hairLossType: 'ALOPECIA_AREATA', baselineLevel: 0, followUpLevel: 1 });
    const stored = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM scale_score WHERE scale_key = 'RSES_TOTAL' AND time_point = 'MONTH_3' AND client_id = ANY($1)`,
      [[...pending.map((c) => c.id), fresh.id]],
    );
    expect(stored[0].n).toBe(3);

    const after = await bodies();
    for (let i = 0; i < before.length; i++) expect(after[i]).toBe(before[i]);

    // Positive control: the May snapshot includes all three.
    await w.moveClock(new Date(Date.UTC(YEAR, 4, 2, 9)));
    const may = await report();
    const paired = w.pairedResearch();
    expect(paired).toHaveLength(43);
    expect(margin(may).n).toBe(43);
    expect(Math.abs(margin(may).statistics!.meanChange! - mean(changes(paired)))).toBeLessThan(1e-9);
    expect(may).toMatchObject({ snapshot: `${YEAR}-05`, dataThrough: `${YEAR}-05-01T00:00:00.000Z` });
  });
});
