import { startTestApp, type TestApp } from '../../libs/testing/src/index.js';
import { mean, must, rawGql, ReportWorld, type BuiltClient, type ClientSpec } from './reports/report-world.js';

// The clinic dashboard: a clinic's own figures (CARE-consented clients, live data) and its place
// among unlabelled peers (research snapshot; the clinics a researcher's by-clinic table may show).
// Registry: HLD (higher is worse), 2016 — the earliest year of any spec file, so the peers'
// snapshot holds these clinics only:
//   clinic A: 12 research pairs (5 also answered SMP_SAT and PGIC at MONTH_3), 2 CARE-only pairs,
//             1 client with a baseline only (MONTH_3 still open), 1 adverse event
//   clinic B: 11 research pairs; clinics C and D: 3 and 8 research pairs (below k: never peers;
//             together 11 ≥ k, so A and B may both be shown)
const YEAR = 2016;
const K = 10;

const SAT = [
  [4, 4, 3, 4, 3, 4, 4, 3, 4],
  [3, 3, 3, 2, 3, 4, 3, 2, 3],
  [4, 3, 4, 4, 4, 4, 3, 4, 4],
  [2, 2, 1, 2, 3, 3, 2, 1, 2],
  [4, 4, 4, 4, 4, 4, 4, 4, 4],
];
const PGIC = [1, 2, 2, 3, 1];

function registry(): ClientSpec[] {
  const specs: ClientSpec[] = [];
  for (let i = 0; i < 12; i++) {
    specs.push({
      clinic: 0, baselineLevel: 0.7, followUpLevel: 0.3,
      extraMonth3: i < 5 ? [{ instrument: 'SMP_SAT', answers: SAT[i]! }, { instrument: 'PGIC', answers: [PGIC[i]!] }] : [],
    });
  }
  for (let i = 0; i < 2; i++) specs.push({ clinic: 0, research: false, baselineLevel: 0.9, followUpLevel: 0.1 });
  specs.push({ clinic: 0, kind: 'BASELINE_ONLY_OPEN' });
  for (let i = 0; i < 11; i++) specs.push({ clinic: 1, baselineLevel: 0.55, followUpLevel: 0.45 });
  for (let i = 0; i < 3; i++) specs.push({ clinic: 2, baselineLevel: 0.8, followUpLevel: 0.1 });
  for (let i = 0; i < 8; i++) specs.push({ clinic: 3, baselineLevel: 0.5, followUpLevel: 0.45 });
  return specs;
}

const DASHBOARD = `{ clinicDashboard {
  generatedAt clients enrolmentByMonth { month count }
  responseRates { timePoint eligible responded responseRate }
  satisfaction { timePoint smpSat { n mean sd median } pgic { value count } }
  outcomes {
    instrumentKey scaleKey timePoint statistics { n meanChange sdChange }
    byPractitioner { group n meanChange } byTreatmentMonth { group n meanChange }
    funnel { own { clinic n meanChange lower95 upper95 outside95 } peers { clinic n meanChange } center sigma }
  }
  adverseEvents { treatedClients clientsWithEvents rate byType { type events clients } }
} }`;

type Point = { clinic: string | null; n: number; meanChange: number | null };
interface Dashboard {
  clients: number;
  enrolmentByMonth: { month: string; count: number }[];
  responseRates: { timePoint: string; eligible: number; responded: number; responseRate: number | null }[];
  satisfaction: { timePoint: string; smpSat: { n: number; mean: number | null }; pgic: { value: number; count: number }[] }[];
  outcomes: {
    instrumentKey: string; scaleKey: string; timePoint: string; statistics: { n: number; meanChange: number | null };
    byPractitioner: { group: string; n: number }[]; byTreatmentMonth: { group: string; n: number }[];
    funnel: { own: Point | null; peers: Point[]; center: number | null; sigma: number | null };
  }[];
  adverseEvents: { treatedClients: number; clientsWithEvents: number; rate: number | null; byType: { type: string; events: number; clients: number }[] };
}

describe('clinic dashboard: own figures, anonymous peers', () => {
  let t: TestApp;
  let w: ReportWorld;
  const dashboard = async (token: string) => {
    const raw = await rawGql(t, DASHBOARD, {}, token);
    expect(raw.body.errors).toBeUndefined();
    return { d: raw.body.data.clinicDashboard as Dashboard, text: raw.text };
  };
  const hld3 = (d: Dashboard) => d.outcomes.find((o) => o.scaleKey === 'HLD_TOTAL' && o.timePoint === 'MONTH_3')!;
  const changeMean = (cs: BuiltClient[]) => mean(cs.map((c) => w.change(c)));
  const near = (a: number | null, b: number) => a !== null && Math.abs(a - b) < 1e-9;
  const hasPoint = (peers: Point[], n: number, meanChange: number) => peers.some((p) => p.n === n && near(p.meanChange, meanChange));

  beforeAll(async () => {
    t = await startTestApp();
    w = await ReportWorld.build(t, {
      year: YEAR, instrument: 'HLD', seed: 2016,
      clinics: [{ name: 'Dashboard Clinic Aachen' }, { name: 'Dashboard Clinic Bristol', country: 'GB' }, { name: 'Dashboard Clinic Cádiz', country: 'ES' }, { name: 'Dashboard Clinic Dijon', country: 'FR' }],
      clients: registry(),
    });
    const first = w.clients.find((c) => c.clinic === 0)!;
    must(
      await t.gql(`mutation($input: RecordAdverseEventInput!) { recordAdverseEvent(input: $input) { id } }`, {
        input: { clientId: first.id, type: 'INFECTION', onsetDate: `${YEAR}-01-20`, severity: 'MILD' },
      }, w.clinics[0]!.staffToken),
      'adverse event',
    );
  }, 600_000);
  afterAll(() => t.close());

  const ofClinic = (i: number) => w.clients.filter((c) => c.clinic === i);
  const pairedOf = (i: number) => ofClinic(i).filter((c) => c.followUpAnswers !== null);

  it('4. staff of clinic A see exactly what clinic A created', async () => {
    const { d, text } = await dashboard(w.clinics[0]!.staffToken);
    expect(d.clients).toBe(15);
    expect(d.enrolmentByMonth).toEqual([{ month: `${YEAR}-01`, count: 15 }]);

    // Own outcomes: every CARE-consented pair (research consent or not), live.
    const own = pairedOf(0);
    expect(own).toHaveLength(14);
    const o = hld3(d);
    expect(o.statistics.n).toBe(14);
    expect(near(o.statistics.meanChange, changeMean(own))).toBe(true);
    expect(o.byTreatmentMonth).toEqual([expect.objectContaining({ group: `${YEAR}-01`, n: 14 })]);
    expect(o.byPractitioner).toHaveLength(1);
    expect(o.byPractitioner[0]).toMatchObject({ n: 14, group: expect.stringMatching(/^P-[0-9A-F]{8}$/) });
    for (const other of d.outcomes.filter((x) => x !== o)) expect(other.statistics.n).toBe(0);

    // Response rates: HLD baselines of all 15 answered, RSES/WHO5 baselines closed unanswered at the
    // first session; at MONTH_3 the 14 HLD + 5 SMP_SAT + 5 PGIC answers (the other windows are open).
    const rate = (tp: string) => d.responseRates.find((r) => r.timePoint === tp)!;
    expect(rate('BASELINE')).toMatchObject({ eligible: 45, responded: 15 });
    expect(rate('MONTH_3')).toMatchObject({ eligible: 24, responded: 24, responseRate: 1 });

    // Satisfaction at MONTH_3: SMP_SAT = mean of the items × 25 (4 decimals); PGIC answer counts.
    const sat = d.satisfaction.find((s) => s.timePoint === 'MONTH_3')!;
    expect(sat.smpSat.n).toBe(5);
    expect(near(sat.smpSat.mean, mean(SAT.map((a) => w.score(a, 'SMP_SAT'))))).toBe(true);
    expect(sat.pgic).toEqual([1, 2, 3, 4, 5, 6, 7].map((value) => ({ value, count: PGIC.filter((p) => p === value).length })));

    expect(d.adverseEvents).toMatchObject({ treatedClients: 15, clientsWithEvents: 1, byType: [{ type: 'INFECTION', events: 1, clients: 1 }] });
    expect(near(d.adverseEvents.rate, 1 / 15)).toBe(true);

    // Nothing of the other clinics by name, id or client id; no clinic label at all.
    for (const s of [...w.clinics.slice(1).flatMap((c) => [c.name, c.id, c.staffId]), ...w.clients.filter((c) => c.clinic !== 0).map((c) => c.id)]) {
      expect({ s, found: text.includes(s) }).toEqual({ s, found: false });
    }
    expect(text).not.toMatch(/Clinic [0-9A-F]{8}/);
  });

  it('4. peers in the funnel carry no label, have n ≥ k and come from research-consented snapshot data', async () => {
    const { d } = await dashboard(w.clinics[0]!.staffToken);
    const f = hld3(d).funnel;
    expect(f.own).toMatchObject({ clinic: null, n: 14 });
    expect(near(f.own!.meanChange, changeMean(pairedOf(0)))).toBe(true);
    expect(f.peers.length).toBeGreaterThan(0);
    for (const p of f.peers) {
      expect(p.clinic).toBeNull();
      expect(p.n).toBeGreaterThanOrEqual(K);
    }
    // Exactly clinic B: C and D are below k, and A is the caller.
    expect(f.peers).toEqual([expect.objectContaining({ clinic: null, n: 11 })]);
    expect(hasPoint(f.peers, 11, changeMean(pairedOf(1)))).toBe(true);
    // A's own research point is not repeated among its peers.
    expect(hasPoint(f.peers, 12, changeMean(pairedOf(0).filter((c) => c.research)))).toBe(false);
    expect(f.center).not.toBeNull();
  });

  it('4. staff of clinic B get B’s numbers, not A’s; A appears to them only as an unlabelled research point', async () => {
    const { d, text } = await dashboard(w.clinics[1]!.staffToken);
    expect(d.clients).toBe(11);
    expect(d.enrolmentByMonth).toEqual([{ month: `${YEAR}-01`, count: 11 }]);
    const o = hld3(d);
    expect(o.statistics.n).toBe(11);
    expect(near(o.statistics.meanChange, changeMean(pairedOf(1)))).toBe(true);
    expect(d.adverseEvents).toMatchObject({ treatedClients: 11, clientsWithEvents: 0, byType: [] });
    expect(d.satisfaction.find((s) => s.timePoint === 'MONTH_3')!.smpSat.n).toBe(0);
    // A among B's peers: its 12 research pairs only — its CARE-only clients never leave clinic A.
    const peers = o.funnel.peers;
    expect(peers.every((p) => p.clinic === null)).toBe(true);
    expect(peers).toEqual([expect.objectContaining({ clinic: null, n: 12 })]);
    expect(hasPoint(peers, 12, changeMean(pairedOf(0).filter((c) => c.research)))).toBe(true);
    for (const s of [w.clinics[0]!.name, w.clinics[0]!.id, ...ofClinic(0).map((c) => c.id)]) expect({ s, found: text.includes(s) }).toEqual({ s, found: false });
  });

  it('4. researchers and administrators are refused (FORBIDDEN), anonymous callers UNAUTHENTICATED', async () => {
    for (const [token, code] of [[w.researcherToken, 'FORBIDDEN'], [w.adminToken, 'FORBIDDEN'], [undefined, 'UNAUTHENTICATED'], ['not-a-token', 'UNAUTHENTICATED']] as const) {
      const r = await t.gql(DASHBOARD, {}, token);
      expect({ code: r.errors?.[0]?.extensions.code, data: r.data }).toEqual({ code, data: null });
    }
  });

  it('4. a client who withdraws CARE consent leaves the own clinic’s figures at once', async () => {
    const x = pairedOf(0).find((c) => c.research)!;
    const r = await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`, { input: { clientId: x.id, scope: 'CARE' } }, w.clinics[0]!.staffToken);
    expect(r.errors).toBeUndefined();
    const { d } = await dashboard(w.clinics[0]!.staffToken);
    expect(d.clients).toBe(14);
    const o = hld3(d);
    expect(o.statistics.n).toBe(13);
    expect(near(o.statistics.meanChange, changeMean(pairedOf(0).filter((c) => c.id !== x.id)))).toBe(true);
  });
});
