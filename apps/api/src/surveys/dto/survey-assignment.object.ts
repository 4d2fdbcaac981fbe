import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { AssignmentStatus, TimePoint } from '../../../../../libs/domain/src/index.js';
import { assignmentStatus, isLate } from '../../../../../libs/domain/src/index.js';
import { AssignmentStatusEnum, TimePointEnum } from '../../common/graphql-enums.js';
import type { InstrumentVersion } from '../../instruments/instrument-version.entity.js';
import type { SurveyAssignment } from '../survey-assignment.entity.js';

@ObjectType('SurveyAssignment')
export class SurveyAssignmentObject {
  @Field(() => ID) id: string;
  @Field(() => ID) clientId: string;
  @Field(() => TimePointEnum) timePoint: TimePoint;
  @Field() instrumentKey: string;
  @Field() instrumentVersion: string;
  @Field(() => AssignmentStatusEnum, { description: 'Follows the clock: SCHEDULED before the window, EXPIRED after it.' })
  status: AssignmentStatus;
  @Field({ description: 'Open and past its due day.' }) late: boolean;
  @Field(() => Date, { nullable: true }) dueAt: Date | null;
  @Field() opensAt: Date;
  @Field(() => Date, { nullable: true, description: 'End of the window (exclusive); empty while the baseline has no first session.' })
  closesAt: Date | null;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;
  @Field(() => Date, { nullable: true }) cancelledAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the current survey link was issued; empty when none is valid.' })
  linkIssuedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the client last saved unfinished answers.' })
  draftSavedAt: Date | null;
}

export function toSurveyAssignmentObject(a: SurveyAssignment, instrument: InstrumentVersion, now: Date): SurveyAssignmentObject {
  return {
    id: a.id,
    clientId: a.clientId,
    timePoint: a.timePoint,
    instrumentKey: instrument.key,
    instrumentVersion: instrument.version,
    status: assignmentStatus(a, now),
    late: isLate(a, now),
    dueAt: a.dueAt,
    opensAt: a.opensAt,
    closesAt: a.closesAt,
    completedAt: a.completedAt,
    cancelledAt: a.cancelledAt,
    linkIssuedAt: a.tokenIssuedAt,
    draftSavedAt: a.draftSavedAt,
  };
}

@ObjectType()
export class SurveyLink {
  @Field(() => ID) assignmentId: string;
  @Field({ description: 'Send this to the client. Issuing a new link invalidates the previous one.' }) url: string;
  @Field({ description: 'The token inside the link, for clients that build their own URL.' }) token: string;
  @Field(() => Date, { nullable: true, description: 'The link stops working when the window closes.' }) expiresAt: Date | null;
}
