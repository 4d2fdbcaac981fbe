import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { TreatmentsModule } from '../treatments/treatments.module.js';
import { ClientsResolver } from './clients.resolver.js';
import { ClientsService } from './clients.service.js';

@Module({ imports: [ConsentModule, SurveysModule, TreatmentsModule], providers: [ClientsService, ClientsResolver], exports: [ClientsService] })
export class ClientsModule {}
