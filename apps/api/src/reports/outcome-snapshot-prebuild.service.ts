import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { snapshotCutoff } from '../../../../libs/reports/src/index.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.service.js';
import { InstrumentsService } from '../instruments/instruments.service.js';
import { OutcomeRecordsLoader } from './outcome-records.loader.js';
import { OutcomeSnapshots } from './outcome-snapshot.service.js';
import { ReportScanGate } from './report-scan-gate.js';

/** Reads what a researcher's report reads (RESEARCH scope); nothing leaves but the kept aggregate. */
const BUILD_SCOPE = { clinicId: null, role: 'RESEARCHER' } as const;
/** A background build is not a request: it may take longer than a report's 30 s at 100× the registry. */
const BUILD_STATEMENT_TIMEOUT = '10min';
const FIRST_CHECK_MS = 5_000;

// Builds every scale's research-snapshot aggregate that is missing (a new month, or a withdrawal
// that bumped the data version) in the background, one at a time through the scan gate, so the
// month's first report reads a kept aggregate instead of waiting for the pass over the registry.
// Several API instances may run this: the builder's advisory lock lets one build and the others read.
@Injectable()
export class OutcomeSnapshotPrebuild implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutcomeSnapshotPrebuild.name);
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly instruments: InstrumentsService,
    private readonly loader: OutcomeRecordsLoader,
    private readonly snapshots: OutcomeSnapshots,
    private readonly gate: ReportScanGate,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.REPORT_SNAPSHOT_PREBUILD_MINUTES;
    if (minutes === 0) return;
    const tick = () => {
      if (this.running || this.stopping) return;
      this.running = this.buildMissing()
        .then((n) => { if (n > 0) this.logger.log(`built ${n} research-snapshot aggregate(s)`); })
        .catch((err: unknown) => this.logger.warn(`snapshot prebuild stopped: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => (this.running = null));
    };
    this.timers = [setTimeout(tick, FIRST_CHECK_MS), setInterval(tick, minutes * 60_000)];
    for (const t of this.timers) t.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearTimeout(t);
    await this.running; // at most the scale being built; the rest is skipped
  }

  /** Builds the missing aggregates of the current snapshot; returns how many it built. */
  async buildMissing(): Promise<number> {
    const cutoff = snapshotCutoff(this.clock.now());
    let built = 0;
    for (const { instrumentKey, scaleKey } of await this.scales()) {
      if (this.stopping) break;
      const kept = await this.db.tx(BUILD_SCOPE, (m) => this.snapshots.has(m, instrumentKey, scaleKey, cutoff));
      if (kept) continue;
      await this.gate.run(() => this.db.tx(BUILD_SCOPE, async (m) => {
        await m.query(`SELECT set_config('statement_timeout', $1, true)`, [BUILD_STATEMENT_TIMEOUT]);
        await this.snapshots.get(m, await this.loader.scale(m, instrumentKey, scaleKey), cutoff);
      }));
      built++;
    }
    return built;
  }

  /** Every scale of each instrument's newest published version (the versions reports read). */
  private async scales(): Promise<{ instrumentKey: string; scaleKey: string }[]> {
    const newest = new Map<string, Awaited<ReturnType<InstrumentsService['list']>>[number]>();
    for (const v of await this.instruments.list()) {
      const seen = newest.get(v.key);
      if (!seen || v.publishedAt > seen.publishedAt) newest.set(v.key, v);
    }
    return [...newest.values()].flatMap((v) => v.definition.scales.map((s) => ({ instrumentKey: v.key, scaleKey: s.key })));
  }
}
