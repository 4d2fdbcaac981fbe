import { Module } from '@nestjs/common';
import { SurveysModule } from '../surveys/surveys.module.js';
import { TreatmentsResolver } from './treatments.resolver.js';
import { TreatmentsService } from './treatments.service.js';

@Module({ imports: [SurveysModule], providers: [TreatmentsService, TreatmentsResolver], exports: [TreatmentsService] })
export class TreatmentsModule {}
