import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('refresh_token')
export class RefreshToken {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') accountId: string;
  /** All tokens descended from one login; a replayed token revokes the whole family. */
  @Column('uuid') familyId: string;
  @Column('bytea') tokenHash: Buffer;
  @Column('timestamptz') issuedAt: Date;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) usedAt: Date | null;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
}
