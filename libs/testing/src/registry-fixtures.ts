import { randomUUID } from 'node:crypto';
import { TEST_PASSWORD, type TestApp } from './test-app.js';

// Factories that go through the public GraphQL API, so end-to-end tests build their world the way
// a clinic would.
export interface ClinicFixture {
  clinicId: string;
  staffToken: string;
  staffId: string;
  staffEmail: string;
}

export async function newClinicWithStaff(t: TestApp, adminToken: string): Promise<ClinicFixture> {
  const name = `Clinic ${randomUUID().slice(0, 8)}`;
  const c = await t.gql<{ createClinic: { id: string } }>(
    `mutation($input: CreateClinicInput!) { createClinic(input: $input) { id } }`,
    { input: { name, country: 'DE', timeZone: 'Europe/Berlin' } },
    adminToken,
  );
  if (!c.data) throw new Error(JSON.stringify(c.errors));
  const email = `staff-${randomUUID().slice(0, 8)}@test.smp`;
  const s = await t.gql<{ createStaffAccount: { id: string } }>(
    `mutation($input: CreateStaffAccountInput!) { createStaffAccount(input: $input) { id } }`,
    { input: { email, password: TEST_PASSWORD, displayName: 'Staff', role: 'CLINIC_STAFF', clinicId: c.data.createClinic.id } },
    adminToken,
  );
  if (!s.data) throw new Error(JSON.stringify(s.errors));
  return { clinicId: c.data.createClinic.id, staffId: s.data.createStaffAccount.id, staffEmail: email, staffToken: await t.login(email, TEST_PASSWORD) };
}

export async function newResearcher(t: TestApp, adminToken: string): Promise<string> {
  const email = `researcher-${randomUUID().slice(0, 8)}@test.smp`;
  const r = await t.gql(
    `mutation($input: CreateStaffAccountInput!) { createStaffAccount(input: $input) { id } }`,
    { input: { email, password: TEST_PASSWORD, displayName: 'Researcher', role: 'RESEARCHER' } },
    adminToken,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return t.login(email, TEST_PASSWORD);
}

export const ENROL = `mutation($input: EnrolClientInput!) {
  enrolClient(input: $input) { id studyCode email surveyAssignments { id timePoint instrumentKey status closesAt } }
}`;

export function enrolInput(overrides: Record<string, unknown> = {}) {
  return {
    studyCode: `C-${randomUUID().slice(0, 8)}`,
    email: 'client@example.org',
    birthYear: 1985,
    sex: 'MALE',
    hairLossType: 'ANDROGENETIC_ALOPECIA',
    norwoodGrade: 4,
    fitzpatrickType: 3,
    priorTreatments: ['MINOXIDIL'],
    consents: [
      { scope: 'CARE', version: '2026-01' },
      { scope: 'RESEARCH', version: '2026-01' },
    ],
    ...overrides,
  };
}

export async function enrolClient(t: TestApp, staffToken: string, overrides: Record<string, unknown> = {}) {
  const r = await t.gql<{ enrolClient: { id: string; surveyAssignments: { id: string; timePoint: string; instrumentKey: string; status: string }[] } }>(
    ENROL,
    { input: enrolInput(overrides) },
    staffToken,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.enrolClient;
}

export async function issueLink(t: TestApp, staffToken: string, assignmentId: string): Promise<string> {
  const r = await t.gql<{ issueSurveyLink: { token: string } }>(
    `mutation($id: ID!) { issueSurveyLink(assignmentId: $id) { token url expiresAt } }`,
    { id: assignmentId },
    staffToken,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.issueSurveyLink.token;
}

export const SUBMIT = `mutation($input: SubmitSurveyResponseInput!) {
  submitSurveyResponse(input: $input) { responseId submittedAt replayed }
}`;
