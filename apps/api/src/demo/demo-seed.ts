import { Clinic } from '../clinics/clinic.entity.js';
import { AuthService } from '../auth/auth.service.js';
import { ClientsService } from '../clients/clients.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { ManualClock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.service.js';
import { createApp } from '../bootstrap.js';
import { InstrumentsService } from '../instruments/instruments.service.js';
import { ResponsesService } from '../responses/responses.service.js';
import { SurveyAssignment } from '../surveys/survey-assignment.entity.js';
import { SurveysService } from '../surveys/surveys.service.js';
import { TreatmentsService } from '../treatments/treatments.service.js';
import type { InstrumentDefinition } from '../../../../libs/scoring/src/instrument.types.js';
import { HAIR_LOSS_TYPES, SEXES, formatIsoDate } from '../../../../libs/domain/src/index.js';

export interface DemoLogin {
  readonly role: string;
  readonly email: string;
  readonly password: string;
}

export const DEMO_PASSWORD = 'demo-password-123';

/** A small deterministic PRNG (mulberry32) so the demo registry is the same on every machine. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Answers that sit near `goodness` (0 = worst, 1 = best) on every item, honouring reverse items. */
function answersFor(def: InstrumentDefinition, goodness: number, rand: () => number) {
  const higherIsBetter = def.scales[0]?.higherIsBetter ?? true;
  return def.items.map((item) => {
    const codes = item.options.map((o) => o.code);
    const min = Math.min(...codes);
    const max = Math.max(...codes);
    let f = Math.min(1, Math.max(0, goodness + (rand() - 0.5) * 0.35));
    if (!higherIsBetter) f = 1 - f;
    let value = Math.round(min + f * (max - min));
    if (item.reverse) value = min + max - value;
    return { itemCode: item.code, value };
  });
}

const CLINICS = [
  { name: 'Demo Clinic Berlin', country: 'DE', timeZone: 'Europe/Berlin', effect: 0.3 },
  { name: 'Demo Clinic London', country: 'GB', timeZone: 'Europe/London', effect: 0.22 },
  { name: 'Demo Clinic Madrid', country: 'ES', timeZone: 'Europe/Madrid', effect: 0.15 },
];
const CLIENTS_PER_CLINIC = 12;

/**
 * Seeds an empty registry through the services (so every score comes from the scoring library):
 * an administrator, a researcher, three clinics with a staff account each, and clients with
 * baseline and follow-up responses spread over the last 14 months. Returns the demo logins.
 */
export async function seedDemo(config: AppConfig): Promise<DemoLogin[] | null> {
  const now = new Date();
  const clock = new ManualClock(new Date(now.getTime() - 430 * 86_400_000));
  const app = await createApp({ config, clock, logger: ['error', 'warn'] });
  await app.init();
  try {
    const db = app.get(Db);
    if ((await db.tx({ clinicId: null, role: 'ADMIN' }, (m) => m.count(Clinic))) > 0) return null;
    const auth = app.get(AuthService);
    const clinics = app.get(ClinicsService);
    const clients = app.get(ClientsService);
    const treatments = app.get(TreatmentsService);
    const surveys = app.get(SurveysService);
    const responses = app.get(ResponsesService);
    const instruments = app.get(InstrumentsService);
    const rand = rng(20261124);

    const adminAccount = await auth.bootstrapAdmin('admin@demo.smp', DEMO_PASSWORD, 'Demo Administrator');
    const admin: Principal = { accountId: adminAccount.id, role: 'ADMIN', clinicId: null };
    const logins: DemoLogin[] = [{ role: 'ADMIN', email: 'admin@demo.smp', password: DEMO_PASSWORD }];
    await auth.createStaffAccount(admin, { email: 'researcher@demo.smp', password: DEMO_PASSWORD, displayName: 'Demo Researcher', role: 'RESEARCHER' });
    logins.push({ role: 'RESEARCHER', email: 'researcher@demo.smp', password: DEMO_PASSWORD });

    for (const [ci, spec] of CLINICS.entries()) {
      const clinic = await clinics.create(admin, spec);
      const email = `staff${ci + 1}@demo.smp`;
      const staffAccount = await auth.createStaffAccount(admin, { email, password: DEMO_PASSWORD, displayName: `Staff ${spec.name}`, role: 'CLINIC_STAFF', clinicId: clinic.id });
      logins.push({ role: `CLINIC_STAFF (${spec.name})`, email, password: DEMO_PASSWORD });
      const staff = { accountId: staffAccount.id, role: 'CLINIC_STAFF' as const, clinicId: clinic.id };

      for (let i = 0; i < CLIENTS_PER_CLINIC; i++) {
        const enrolled = new Date(now.getTime() - (430 - i * 18 - ci * 5) * 86_400_000);
        clock.set(enrolled);
        const hairLossType = HAIR_LOSS_TYPES[Math.floor(rand() * 3)]!;
        const client = await clients.enrol(staff, {
          studyCode: `${spec.country}-${String(i + 1).padStart(3, '0')}`,
          email: `client${ci}${i}@example.org`,
          language: spec.country === 'DE' && i % 2 === 0 ? 'de' : 'en',
          birthYear: 1965 + Math.floor(rand() * 35),
          sex: hairLossType === 'ANDROGENETIC_ALOPECIA' || rand() < 0.7 ? SEXES[1] : SEXES[0],
          hairLossType,
          fitzpatrickType: 1 + Math.floor(rand() * 6),
          priorTreatments: rand() < 0.3 ? ['MINOXIDIL'] : ['NONE'],
          consents: rand() < 0.85 ? [{ scope: 'CARE', version: '2026-01' }, { scope: 'RESEARCH', version: '2026-01' }] : [{ scope: 'CARE', version: '2026-01' }],
        });
        const baseline = 0.35 + (rand() - 0.5) * 0.3;
        const answerAll = async (timePoint: string, goodness: number) => {
          const open = await db.tx(db.scopeOf(staff), (m) =>
            m.find(SurveyAssignment, { where: { clinicId: clinic.id, clientId: client.id, timePoint: timePoint as SurveyAssignment['timePoint'] } }),
          );
          for (const a of open) {
            const def = (await instruments.get(a.instrumentVersionId)).definition;
            const answers = answersFor(def, goodness, rand);
            if (i % 3 === 0) {
              const link = await surveys.issueLink(staff, a.id);
              await responses.submitByToken(link.token, answers, `demo-${a.id}`);
            } else {
              await responses.enterPaper(staff, a.id, answers, `demo-${a.id}`);
            }
          }
        };
        clock.set(new Date(enrolled.getTime() + 86_400_000));
        await answerAll('BASELINE', baseline);
        const first = new Date(enrolled.getTime() + 7 * 86_400_000);
        const final = new Date(enrolled.getTime() + 37 * 86_400_000);
        for (const [day, isFinal] of [[first, false], [final, true]] as const) {
          clock.set(new Date(day.getTime() + 3_600_000));
          await treatments.recordSession(staff, { clientId: client.id, sessionDate: formatIsoDate(day), kind: 'TREATMENT', isFinal, areas: ['HAIRLINE', 'CROWN'], practitionerId: staff.accountId });
        }
        const gain = spec.effect + (rand() - 0.5) * 0.2;
        for (const [tp, months] of [['MONTH_1', 1], ['MONTH_3', 3], ['MONTH_6', 6], ['MONTH_12', 12]] as const) {
          const answeredOn = new Date(final.getTime() + (months * 30 + 2) * 86_400_000);
          if (answeredOn > now || rand() < 0.08 * months ** 0.5) continue; // attrition grows with time
          clock.set(answeredOn);
          await answerAll(tp, Math.min(1, baseline + gain * Math.min(1, months / 3)));
        }
      }
    }
    return logins;
  } finally {
    await app.close();
  }
}
