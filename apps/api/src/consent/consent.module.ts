import { Module } from '@nestjs/common';
import { ConsentResolver } from './consent.resolver.js';
import { ConsentService } from './consent.service.js';

@Module({ providers: [ConsentService, ConsentResolver], exports: [ConsentService] })
export class ConsentModule {}
