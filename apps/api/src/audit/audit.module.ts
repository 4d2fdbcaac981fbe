import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver.js';

// AuditService itself is provided globally by CoreModule (every feature writes events).
@Module({ providers: [AuditResolver] })
export class AuditModule {}
