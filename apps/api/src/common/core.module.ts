import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.service.js';
import { Clock } from './clock.js';
import { ContactCipher } from './contact-cipher.js';

// Process-wide services every feature needs: configuration, clock, transactions, audit, crypto.
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: ContactCipher, useValue: new ContactCipher(config.CONTACT_ENCRYPTION_KEYS) },
        PasswordHasher,
        Db,
        AuditService,
      ],
      exports: [AppConfig, Clock, ContactCipher, PasswordHasher, Db, AuditService],
    };
  }
}
