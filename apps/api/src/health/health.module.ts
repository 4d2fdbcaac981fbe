import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health.js';
import { HealthController } from './health.controller.js';
import { ShutdownSignal } from './shutdown-signal.js';

@Module({ imports: [TerminusModule], controllers: [HealthController], providers: [DatabaseHealthIndicator, ShutdownSignal], exports: [ShutdownSignal] })
export class HealthModule {}
