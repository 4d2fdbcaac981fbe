import { Module } from '@nestjs/common';
import { InstrumentsResolver } from './instruments.resolver.js';
import { InstrumentsService } from './instruments.service.js';

@Module({ providers: [InstrumentsService, InstrumentsResolver], exports: [InstrumentsService] })
export class InstrumentsModule {}
