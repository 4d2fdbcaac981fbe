import { Module } from '@nestjs/common';
import { ClinicsResolver } from './clinics.resolver.js';
import { ClinicsService } from './clinics.service.js';

@Module({ providers: [ClinicsService, ClinicsResolver] })
export class ClinicsModule {}
