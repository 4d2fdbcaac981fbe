import { AuditEvent } from '../audit/audit-event.entity.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { StaffAccount } from '../auth/staff-account.entity.js';
import { Client } from '../clients/client.entity.js';
import { Clinic } from '../clinics/clinic.entity.js';
import { Consent } from '../consent/consent.entity.js';
import { InstrumentVersion } from '../instruments/instrument-version.entity.js';
import { ScaleScoreRow } from '../responses/scale-score.entity.js';
import { SurveyResponse } from '../responses/survey-response.entity.js';
import { Protocol, ProtocolEntry } from '../surveys/protocol.entity.js';
import { SurveyAssignment } from '../surveys/survey-assignment.entity.js';
import { AdverseEvent } from '../treatments/adverse-event.entity.js';
import { TreatmentCourse } from '../treatments/treatment-course.entity.js';
import { TreatmentSession } from '../treatments/treatment-session.entity.js';

export const ENTITIES = [
  AuditEvent,
  StaffAccount,
  RefreshToken,
  Client,
  Clinic,
  Consent,
  InstrumentVersion,
  ScaleScoreRow,
  SurveyResponse,
  Protocol,
  ProtocolEntry,
  SurveyAssignment,
  AdverseEvent,
  TreatmentCourse,
  TreatmentSession,
];
