import { openedByPosition, openLinksSql, recordEachSql, recordSql, type SubmissionRecord } from './submission-sql.js';

// The group statements' text and the mapping of their answer; what the database makes of them is
// tested end to end (test/e2e/submission-write-path and submission-group-commit).
describe('submission SQL', () => {
  const record = (score: number | null): SubmissionRecord => ({
    clinic: '00000000-0000-4000-8000-00000000000c',
    response: {
      clinic_id: '00000000-0000-4000-8000-00000000000c', id: '00000000-0000-4000-8000-0000000000a1',
      assignment_id: '00000000-0000-4000-8000-0000000000b1', client_id: '00000000-0000-4000-8000-0000000000c1',
      instrument_version_id: '00000000-0000-4000-8000-000000000101', time_point: 'BASELINE', answers: { Q1: 3 }, source: 'WEB',
      idempotency_key: 'key-12345678', payload_hash: 'f'.repeat(64), submitted_at: new Date('2026-03-02T09:00:00Z'), entered_by: null,
    },
    scores: [{ clinic_id: '00000000-0000-4000-8000-00000000000c', response_id: '00000000-0000-4000-8000-0000000000a1', scale_key: 'X_TOTAL',
      client_id: '00000000-0000-4000-8000-0000000000c1', instrument_key: 'X', time_point: 'BASELINE', score, answered_items: 1, missing_items: 0 }],
    audit: { occurred_at: new Date('2026-03-02T09:00:00Z'), actor_id: null, actor_role: 'ANONYMOUS', clinic_id: '00000000-0000-4000-8000-00000000000c',
      action: 'RESPONSE_SUBMITTED', target_type: 'survey_assignment', target_id: '00000000-0000-4000-8000-0000000000b1', outcome: 'SUCCESS', details: {} },
  });

  it('opens the links in the order given, as one array of hashes', () => {
    const sql = openLinksSql([Buffer.from([0xab]), Buffer.from([0x01, 0x02])], 'SURVEY_LINK');
    expect(sql).toBe("SELECT * FROM submission_open_links('SURVEY_LINK'::text, ARRAY[E'\\\\xab'::bytea, E'\\\\x0102'::bytea]::bytea[])");
  });

  it('puts each opened row at its link\'s position and leaves unknown links empty', () => {
    const rows = [{ ord: 3, id: 'c' }, { ord: 1, id: 'a' }];
    const byPosition = openedByPosition(rows, 4);
    expect(byPosition).toHaveLength(4);
    expect(byPosition.map((r) => r?.['id'])).toEqual(['a', undefined, 'c', undefined]);
  });

  it('writes a group as one JSON array of {clinic, response, scores, audit}, in order', () => {
    const sql = recordEachSql([record(1.5), record(null)]);
    const m = /^SELECT submission_record_each\('(.*)'::jsonb\)$/s.exec(sql);
    expect(m).not.toBeNull();
    const items = JSON.parse(m![1]!) as { clinic: string; response: { id: string }; scores: { score: number | null }[] }[];
    expect(items.map((i) => [i.clinic, i.scores[0]!.score])).toEqual([['00000000-0000-4000-8000-00000000000c', 1.5], ['00000000-0000-4000-8000-00000000000c', null]]);
    expect(Object.keys(items[0]!)).toEqual(['clinic', 'response', 'scores', 'audit']);
  });

  it('refuses a score that JSON would turn into null, alone or in a group', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => recordSql(record(bad))).toThrow(/finite/);
      expect(() => recordEachSql([record(1), record(bad)])).toThrow(/finite/);
    }
  });
});
