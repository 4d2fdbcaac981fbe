import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../../../../libs/domain/src/index.js';

@Entity('staff_account')
export class StaffAccount {
  @PrimaryColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text') passwordHash: string;
  @Column('text') role: Role;
  @Column('uuid', { nullable: true }) clinicId: string | null;
  @Column('text') displayName: string;
  @Column('text') pseudonym: string;
  @Column('boolean') active: boolean;
  @Column('timestamptz') createdAt: Date;
  /** Access tokens issued before this moment are no longer accepted. */
  @Column('timestamptz', { nullable: true }) passwordChangedAt: Date | null;
}
