import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ConsentScope } from '../../../../libs/domain/src/index.js';

@Entity('consent')
export class Consent {
  @PrimaryColumn('uuid') clinicId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') clientId: string;
  @Column('text') scope: ConsentScope;
  @Column('text') version: string;
  @Column('timestamptz') grantedAt: Date;
  @Column('timestamptz', { nullable: true }) withdrawnAt: Date | null;
  @Column('uuid', { nullable: true }) recordedBy: string | null;
}
