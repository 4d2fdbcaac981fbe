import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TIME_POINTS, type TimePoint } from '../../../../libs/domain/src/index.js';
import {
  FOLLOW_UP_TIME_POINTS, type FollowUpTimePoint, OTHER_CLINICS, pairedCount, type ScaleAggregate, shownClinicKeys, snapshotCutoff,
} from '../../../../libs/reports/src/index.js';
import {
  clinicFunnel, type CountedSample, type FunnelPoint, funnelLimits, mergeCounted, oneSampleT, pairedChange, pairedDifferences, summarize,
} from '../../../../libs/statistics/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.service.js';
import type {
  AdverseEventSummary, ClinicDashboard, ClinicFunnel, ClinicOutcome, GroupChange, MonthCount, ResponseRate, SatisfactionAtTimePoint,
} from './dto/clinic-dashboard.object.js';
import { type LoadedRecord, OutcomeRecordsLoader, type ScaleRef } from './outcome-records.loader.js';
import { descriptive, funnelPoint, pairedStatistics } from './outcome-report.mapper.js';
import { OutcomeSnapshots } from './outcome-snapshot.service.js';
import { ReportScanGate } from './report-scan-gate.js';

/** PRODUCT.md: change from baseline in these; satisfaction from SMP_SAT and PGIC. */
const CHANGE_SCALES = [['RSES', 'RSES_TOTAL'], ['WHO5', 'WHO5_PERCENT'], ['HLD', 'HLD_TOTAL']] as const;
const CARE = `EXISTS (SELECT 1 FROM consent k WHERE k.clinic_id = c.clinic_id AND k.client_id = c.id AND k.scope = 'CARE' AND k.withdrawn_at IS NULL)`;

type Paired = LoadedRecord & { baseline: number; followUp: number };

interface RegistryFunnel {
  readonly center: number | null;
  readonly sigma: number | null;
  readonly points: readonly FunnelPoint[];
}
const isPaired = (r: LoadedRecord): r is Paired => r.baseline !== null && r.followUp !== null;

// The clinic's own figures run under row-level security for its clinic (CARE consent, live data);
// only the funnel's peers come from the registry's research snapshot, and leave as unlabelled
// points of clinics with n ≥ k.
@Injectable()
export class ClinicDashboardService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly loader: OutcomeRecordsLoader,
    private readonly snapshots: OutcomeSnapshots,
    private readonly gate: ReportScanGate,
  ) {}

  async dashboard(p: Principal & { clinicId: string }): Promise<ClinicDashboard> {
    const now = this.clock.now();
    const cutoff = snapshotCutoff(now);
    const scope = { clinicId: p.clinicId, role: p.role };
    // The peers come from the research snapshot's kept aggregates; building one reads the registry
    // and goes through the scan gate like a report.
    const cold = await this.db.tx(scope, async (m) => {
      for (const [instrumentKey, scaleKey] of CHANGE_SCALES) if (!(await this.snapshots.has(m, instrumentKey, scaleKey, cutoff))) return true;
      return false;
    });
    const work = () => this.db.tx(scope, async (m) => {
      await m.query(`SELECT set_config('statement_timeout', '30s', true)`); // a report, not OLTP (SECURITY.md #11)
      const [{ n: clients }] = await m.query(`SELECT count(*)::int AS n FROM client c WHERE ${CARE}`);
      const enrolmentByMonth: MonthCount[] = (await m.query(
        `SELECT to_char(c.enrolled_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(*)::int AS count FROM client c WHERE ${CARE} GROUP BY 1 ORDER BY 1`,
      ));
      const rates: { time_point: TimePoint; eligible: number; responded: number }[] = await m.query(
        `SELECT a.time_point,
                count(*) FILTER (WHERE a.completed_at IS NOT NULL OR (a.cancelled_at IS NULL AND a.closes_at < $1))::int AS eligible,
                count(*) FILTER (WHERE a.completed_at IS NOT NULL)::int AS responded
           FROM survey_assignment a JOIN client c ON c.clinic_id = a.clinic_id AND c.id = a.client_id
          WHERE ${CARE} GROUP BY a.time_point`,
        [now],
      );
      const responseRates: ResponseRate[] = TIME_POINTS.map((tp) => {
        const r = rates.find((x) => x.time_point === tp);
        const eligible = r?.eligible ?? 0;
        return { timePoint: tp, eligible, responded: r?.responded ?? 0, responseRate: eligible > 0 ? r!.responded / eligible : null };
      });

      const satisfaction = await this.satisfaction(m, now);
      const outcomes: ClinicOutcome[] = [];
      for (const [instrumentKey, scaleKey] of CHANGE_SCALES) {
        const ref = await this.loader.scale(m, instrumentKey, scaleKey);
        const own = await this.loader.load(m, ref, now, 'CARE');
        const peers = this.registryFunnels(await this.snapshots.get(m, ref, cutoff));
        for (const tp of FOLLOW_UP_TIME_POINTS) {
          const paired = own.filter((r) => r.timePoint === tp).filter(isPaired);
          outcomes.push({
            instrumentKey,
            scaleKey,
            timePoint: tp,
            statistics: pairedStatistics(pairedChange(paired, { higherIsBetter: ref.info.higherIsBetter, mcid: ref.info.mcid, reliability: ref.info.publishedReliability })),
            byPractitioner: this.byGroup(paired, ref, (r) => r.practitioner ?? 'NONE'),
            byTreatmentMonth: this.byGroup(paired, ref, (r) => r.treatmentMonth ?? 'NONE'),
            funnel: this.funnel(p.clinicId, paired, peers[tp], ref),
          });
        }
      }
      const adverseEvents = await this.adverseEvents(m);
      await this.audit.record(m, p, { action: 'DASHBOARD_VIEW', targetType: 'CLINIC', targetId: p.clinicId });
      return { generatedAt: now, clients, enrolmentByMonth, responseRates, satisfaction, outcomes, adverseEvents };
    });
    return cold ? this.gate.run(work) : work();
  }

  /**
   * The registry's funnel per follow-up from the research snapshot: center and σ pooled with the
   * clinics that may not be shown as one study, and points for exactly the clinics a researcher's
   * by-clinic table may show (shownClinicKeys), so small clinics stay hidden here too.
   */
  private registryFunnels(aggregate: ScaleAggregate): Record<FollowUpTimePoint, RegistryFunnel> {
    const out = {} as Record<FollowUpTimePoint, RegistryFunnel>;
    for (const t of aggregate.timePoints) {
      const clinics = Object.entries(t.cells.CLINIC);
      const shown = shownClinicKeys(new Map(clinics.map(([key, s]) => [key, pairedCount(s)] as const)), this.config.REPORT_MIN_CELL_SIZE);
      const byClinic = new Map<string, CountedSample[]>();
      for (const [clinicKey, s] of clinics) {
        const key = shown.has(clinicKey) ? clinicKey : OTHER_CLINICS;
        byClinic.set(key, [...(byClinic.get(key) ?? []), s.change]);
      }
      const f = clinicFunnel([...byClinic.entries()].map(([clinicKey, parts]) => ({ clinicKey, changes: mergeCounted(parts) })));
      out[t.timePoint] = { center: f.center, sigma: f.sigma, points: f.points.filter((pt) => shown.has(pt.clinicKey)) };
    }
    return out;
  }

  private async satisfaction(m: EntityManager, now: Date): Promise<SatisfactionAtTimePoint[]> {
    const sat = await this.loader.load(m, await this.loader.scale(m, 'SMP_SAT', 'SMP_SAT_SCORE'), now, 'CARE');
    const pgic = await this.loader.load(m, await this.loader.scale(m, 'PGIC', 'PGIC'), now, 'CARE');
    return FOLLOW_UP_TIME_POINTS.map((tp) => {
      const scores = sat.filter((r) => r.timePoint === tp && r.followUp !== null).map((r) => r.followUp!);
      const answers = pgic.filter((r) => r.timePoint === tp && r.followUp !== null).map((r) => r.followUp!);
      return {
        timePoint: tp,
        smpSat: descriptive(summarize(scores)),
        pgic: [1, 2, 3, 4, 5, 6, 7].map((value) => ({ value, count: answers.filter((a) => a === value).length })),
      };
    });
  }

  private byGroup(paired: readonly Paired[], ref: ScaleRef, key: (r: Paired) => string): GroupChange[] {
    const groups = new Map<string, Paired[]>();
    for (const r of paired) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
    return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([group, rows]) => {
      const t = oneSampleT(pairedDifferences(rows, ref.info.higherIsBetter));
      return { group, n: rows.length, meanChange: t.mean, ciLower: t.ciLower, ciUpper: t.ciUpper };
    });
  }

  /** The clinic's own point (its live data) against the registry's funnel; peers unlabelled. */
  private funnel(ownClinicId: string, own: readonly Paired[], f: RegistryFunnel, ref: ScaleRef): ClinicFunnel {
    const ownKey = this.loader.pseudonymOf(ownClinicId);
    const peers = f.points.filter((pt) => pt.clinicKey !== ownKey).map((pt) => funnelPoint(pt, null))
      .sort((a, b) => a.n - b.n || (a.meanChange ?? 0) - (b.meanChange ?? 0));
    const ownChanges = pairedDifferences(own, ref.info.higherIsBetter);
    let ownPoint = null;
    if (ownChanges.length > 0) {
      const mean = oneSampleT(ownChanges).mean!; // the same mean as the outcome statistics
      const lim = f.center !== null && f.sigma !== null ? funnelLimits(f.center, f.sigma, [ownChanges.length])[0]! : null;
      ownPoint = {
        clinic: null, n: ownChanges.length, meanChange: mean,
        lower95: lim?.lower95 ?? null, upper95: lim?.upper95 ?? null, lower998: lim?.lower998 ?? null, upper998: lim?.upper998 ?? null,
        outside95: lim ? mean < lim.lower95 || mean > lim.upper95 : null,
        outside998: lim ? mean < lim.lower998 || mean > lim.upper998 : null,
      };
    }
    return { own: ownPoint, peers, center: f.center, sigma: f.sigma };
  }

  private async adverseEvents(m: EntityManager): Promise<AdverseEventSummary> {
    const [t] = await m.query(
      `SELECT count(*)::int AS treated,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM adverse_event e WHERE e.clinic_id = tc.clinic_id AND e.course_id = tc.id))::int AS with_events
         FROM treatment_course tc JOIN client c ON c.clinic_id = tc.clinic_id AND c.id = tc.client_id
        WHERE tc.first_session_date IS NOT NULL AND ${CARE}`,
    );
    const byType: { type: string; events: number; clients: number }[] = await m.query(
      `SELECT e.type, count(*)::int AS events, count(DISTINCT tc.client_id)::int AS clients
         FROM adverse_event e JOIN treatment_course tc ON tc.clinic_id = e.clinic_id AND tc.id = e.course_id
         JOIN client c ON c.clinic_id = tc.clinic_id AND c.id = tc.client_id
        WHERE ${CARE} GROUP BY e.type ORDER BY e.type`,
    );
    return { treatedClients: t.treated, clientsWithEvents: t.with_events, rate: t.treated > 0 ? t.with_events / t.treated : null, byType };
  }
}
