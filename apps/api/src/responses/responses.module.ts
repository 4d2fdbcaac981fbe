import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../instruments/instruments.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { ResponsesResolver } from './responses.resolver.js';
import { ResponsesService } from './responses.service.js';

@Module({ imports: [SurveysModule, InstrumentsModule], providers: [ResponsesService, ResponsesResolver], exports: [ResponsesService] })
export class ResponsesModule {}
