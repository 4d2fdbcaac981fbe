import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { InstrumentsModule } from '../instruments/instruments.module.js';
import { ClinicDashboardResolver } from './clinic-dashboard.resolver.js';
import { ClinicDashboardService } from './clinic-dashboard.service.js';
import { OutcomeRecordsLoader } from './outcome-records.loader.js';
import { OutcomeReportCsvController } from './outcome-report-csv.controller.js';
import { OutcomeReportResolver } from './outcome-report.resolver.js';
import { OutcomeReportService } from './outcome-report.service.js';
import { OutcomeSnapshotPrebuild } from './outcome-snapshot-prebuild.service.js';
import { OutcomeSnapshots } from './outcome-snapshot.service.js';
import { PrivacyBudgetService } from './privacy-budget.service.js';
import { ReportScanGate } from './report-scan-gate.js';

@Module({
  imports: [AuthModule, InstrumentsModule],
  controllers: [OutcomeReportCsvController],
  providers: [OutcomeRecordsLoader, PrivacyBudgetService, ReportScanGate, OutcomeSnapshots, OutcomeSnapshotPrebuild, OutcomeReportService, OutcomeReportResolver, ClinicDashboardService, ClinicDashboardResolver],
})
export class ReportsModule {}
