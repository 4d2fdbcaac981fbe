import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { SeedInstrumentsAndProtocol1764000000001 } from './1764000000001-seed-instruments-and-protocol.js';
import { RowLevelSecurity1764000000002 } from './1764000000002-row-level-security.js';
import { SessionsAndLoginThrottle1764000000003 } from './1764000000003-sessions-and-login-throttle.js';
import { OutcomeReports1764000000004 } from './1764000000004-outcome-reports.js';
import { OutcomeSnapshots1764000000005 } from './1764000000005-outcome-snapshots.js';
import { SubmissionFunctions1764000000006 } from './1764000000006-submission-functions.js';
import { SubmissionWritePath1764000000007 } from './1764000000007-submission-write-path.js';
import { SubmissionGroups1764000000008 } from './1764000000008-submission-groups.js';

// Listed explicitly (not globbed) so the compiled ESM build and Jest load the same set in order.
export const MIGRATIONS = [
  InitialSchema1764000000000,
  SeedInstrumentsAndProtocol1764000000001,
  RowLevelSecurity1764000000002,
  SessionsAndLoginThrottle1764000000003,
  OutcomeReports1764000000004,
  OutcomeSnapshots1764000000005,
  SubmissionFunctions1764000000006,
  SubmissionWritePath1764000000007,
  SubmissionGroups1764000000008,
];
