import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('clinic')
export class Clinic {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('char', { length: 2 }) country: string;
  @Column('text') timeZone: string;
  @Column('timestamptz') createdAt: Date;
}
