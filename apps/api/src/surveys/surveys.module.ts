import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../instruments/instruments.module.js';
import { SurveysResolver } from './surveys.resolver.js';
import { SurveysService } from './surveys.service.js';

@Module({ imports: [InstrumentsModule], providers: [SurveysService, SurveysResolver], exports: [SurveysService] })
export class SurveysModule {}
