import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AGE_BANDS, AnonymisationError, formatEpsilon, type MilliEpsilon, parseEpsilon } from '../../../../libs/anonymisation/src/index.js';
import { HAIR_LOSS_TYPES, INSURANCE_COVERAGES, SEXES } from '../../../../libs/domain/src/index.js';
import {
  budgetPeriod, buildExactReport, buildOutcomeReport, decideMode, FIXED_DOMAINS, monthsBetween, type OutcomeReportResult, type ReportDimension,
  ReportRequestError, snapshotCutoff,
} from '../../../../libs/reports/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { AppError, badInput } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.service.js';
import type { OutcomeReportInput } from './dto/outcome-report.input.js';
import type { OutcomeReport, PrivacyBudget } from './dto/outcome-report.object.js';
import { type LoadedRecord, OutcomeRecordsLoader } from './outcome-records.loader.js';
import { cellObjects, summaryObject } from './outcome-report.mapper.js';
import { OutcomeSnapshots } from './outcome-snapshot.service.js';
import { PrivacyBudgetService } from './privacy-budget.service.js';
import { ReportScanGate } from './report-scan-gate.js';

/** SECURITY.md #11: 5 s for OLTP statements, 30 s for reports. */
const REPORT_STATEMENT_TIMEOUT = '30s';
/** Noisy reports grouped by treatment month must name a bounded month range (the cells' domain). */
const MAX_MONTHS = 36;

export interface ComputedReport {
  readonly graphql: OutcomeReport;
  readonly result: OutcomeReportResult;
}

// Researcher reports: decide exact or noisy, lock the ε budget, load the consented records of the
// snapshot (or live), compute in the pure core, spend and audit — all in one transaction, so a
// refused or failed report spends nothing and a spent ε is never lost.
@Injectable()
export class OutcomeReportService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly loader: OutcomeRecordsLoader,
    private readonly budget: PrivacyBudgetService,
    private readonly gate: ReportScanGate,
    private readonly snapshots: OutcomeSnapshots,
  ) {}

  async report(p: Principal, input: OutcomeReportInput, via: 'GRAPHQL' | 'CSV'): Promise<ComputedReport> {
    const now = this.clock.now();
    const groupBy = input.groupBy ?? [];
    const filters = input.filters ?? {};
    const live = input.live === true;
    const epsilon = input.epsilon === undefined || input.epsilon === null ? null : this.epsilonOf(input.epsilon);
    const mode = this.guard(() => decideMode({ filters, groupBy, live, epsilon }));
    if (filters.treatmentMonthFrom && filters.treatmentMonthTo && filters.treatmentMonthFrom > filters.treatmentMonthTo) {
      throw badInput('INVALID_MONTH_RANGE', 'treatmentMonthFrom is after treatmentMonthTo', 'filters.treatmentMonthFrom');
    }
    const cutoff = live ? now : snapshotCutoff(now);
    const period = budgetPeriod(now);
    const queryHash = createHash('sha256').update(JSON.stringify({ ...input, via })).digest('hex');

    // Only a noisy report, or the first exact one of a scale in a snapshot (which builds its kept
    // aggregate), reads the registry's records.
    const scans = mode.kind === 'NOISY' || !(await this.db.tx({ clinicId: null, role: p.role },
      (m) => this.snapshots.has(m, input.instrumentKey, input.scaleKey, cutoff)));
    const work = () => this.db.tx({ clinicId: null, role: p.role }, async (m) => {
      const state = mode.kind === 'NOISY' ? await this.budget.lock(m, p.accountId, period) : await this.budget.read(m, p.accountId, period);
      if (mode.kind === 'NOISY') this.budget.assertAffordable(state, mode.epsilon);
      // Reports may scan the registry: they get the reporting timeout, not the 5 s OLTP one.
      await m.query(`SELECT set_config('statement_timeout', $1, true)`, [REPORT_STATEMENT_TIMEOUT]);
      const ref = await this.loader.scale(m, input.instrumentKey, input.scaleKey);
      const k = this.config.REPORT_MIN_CELL_SIZE;
      const exact = async () => {
        // The snapshot's kept aggregate covers every follow-up, whatever was asked: the registry's
        // baseline α does not depend on the question.
        const aggregate = await this.snapshots.get(m, ref, cutoff);
        return this.guard(() => buildExactReport(aggregate, { scale: ref.info, timePoints: input.timePoints, groupBy, k, domains: this.domains(null, groupBy, filters) }));
      };
      const noisy = async () => {
        const records = await this.loader.load(m, ref, cutoff, 'RESEARCH');
        return this.guard(() => buildOutcomeReport({
          scale: ref.info, records, timePoints: input.timePoints, filters, groupBy, k, mode, domains: this.domains(records, groupBy, filters),
        }));
      };
      const result = mode.kind === 'EXACT' ? await exact() : await noisy();
      const after = mode.kind === 'NOISY' ? await this.budget.spend(m, p.accountId, state, result.epsilonSpent, queryHash, now) : state;
      await this.audit.record(m, p, {
        action: via === 'CSV' ? 'REPORT_EXPORT' : 'REPORT_QUERY',
        targetType: 'OUTCOME_REPORT',
        targetId: `${input.instrumentKey}/${input.scaleKey}`,
        clinicId: null,
        details: {
          mode: result.mode, timePoints: input.timePoints, groupBy, filtered: Object.keys(filters).length > 0, live, k: result.k,
          cells: result.cells.length, suppressedCells: result.suppressedCells, epsilon: formatEpsilon(result.epsilonSpent), queryHash,
        },
      });
      const graphql: OutcomeReport = {
        instrumentKey: input.instrumentKey,
        scaleKey: input.scaleKey,
        mode: result.mode,
        k: result.k,
        dataThrough: cutoff,
        snapshot: live ? 'LIVE' : budgetPeriod(cutoff),
        groupBy: [...groupBy],
        cells: cellObjects(result),
        timePoints: result.timePoints.map(summaryObject),
        suppressedCells: result.suppressedCells,
        epsilonSpent: formatEpsilon(result.epsilonSpent),
        epsilonRemaining: formatEpsilon((after.allowance - after.spent) as MilliEpsilon),
        budgetPeriod: period,
      };
      return { graphql, result };
    });
    return scans ? this.gate.run(work) : work();
  }

  async budgetOf(p: Principal): Promise<PrivacyBudget> {
    const period = budgetPeriod(this.clock.now());
    const s = await this.db.tx({ clinicId: null, role: p.role }, (m) => this.budget.read(m, p.accountId, period));
    return { period, allowance: formatEpsilon(s.allowance), spent: formatEpsilon(s.spent), remaining: formatEpsilon((s.allowance - s.spent) as MilliEpsilon) };
  }

  private epsilonOf(text: string): MilliEpsilon {
    try {
      const e = parseEpsilon(text);
      if (e === 0) throw badInput('INVALID_EPSILON', 'epsilon must be greater than 0', 'epsilon');
      return e;
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw badInput('INVALID_EPSILON', 'epsilon must be a decimal such as 0.5', 'epsilon');
    }
  }

  /** Domain rule violations of the pure core become BAD_USER_INPUT naming the field. */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      if (err instanceof ReportRequestError) throw badInput(err.reason, err.message, err.field);
      if (err instanceof AnonymisationError) throw badInput(err.reason, err.message, "epsilon");
      throw err;
    }
  }

  /**
   * Each dimension's cells are its whole domain, so a noisy cell's presence reveals nothing. Clinic
   * pseudonyms and countries come from every consented record (before filters).
   */
  private domains(records: readonly LoadedRecord[] | null, groupBy: readonly ReportDimension[], filters: OutcomeReportInput['filters']): Record<ReportDimension, readonly string[]> {
    let months: string[] = [];
    if (groupBy.includes('TREATMENT_MONTH')) {
      const from = filters?.treatmentMonthFrom;
      const to = filters?.treatmentMonthTo;
      if (!from || !to) throw badInput('MONTH_RANGE_REQUIRED', 'Grouping by treatment month needs filters.treatmentMonthFrom and treatmentMonthTo', 'filters.treatmentMonthFrom');
      months = monthsBetween(from, to);
      if (months.length > MAX_MONTHS) throw badInput('TOO_MANY_CELLS', `At most ${MAX_MONTHS} treatment months`, 'filters.treatmentMonthTo');
    }
    // Exact reports take clinics from the aggregate's cells and have no country grouping.
    const observed = (f: (r: LoadedRecord) => string) => [...new Set((records ?? []).map(f))].sort();
    return {
      HAIR_LOSS_TYPE: HAIR_LOSS_TYPES,
      SEX: SEXES,
      AGE_BAND: AGE_BANDS,
      FITZPATRICK_TYPE: FIXED_DOMAINS.FITZPATRICK_TYPE,
      COUNTRY: observed((r) => r.attributes.COUNTRY),
      AREAS_TREATED: FIXED_DOMAINS.AREAS_TREATED,
      INSURANCE_COVERAGE: INSURANCE_COVERAGES,
      TREATMENT_MONTH: months,
      CLINIC: observed((r) => r.clinicKey),
    };
  }
}
