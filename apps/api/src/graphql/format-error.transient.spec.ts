import { GraphQLError } from 'graphql';
import { isTransientDatabaseError, makeFormatError } from './format-error.js';

// A database restart must give callers a retriable answer, not an internal error (SECURITY.md #31).
describe('errors while the database is unavailable', () => {
  const logged: unknown[] = [];
  const format = makeFormatError((_id, e) => logged.push(e), { hideSuggestions: true });
  const wrapped = (e: unknown) => new GraphQLError('x', { originalError: e as Error, path: ['submitSurveyResponse'] });

  it.each([
    ['admin shutdown (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['cannot connect now (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['terminated connection', new Error('Connection terminated unexpectedly')],
    ['serialization failure inside a TypeORM error', Object.assign(new Error('QueryFailedError'), { driverError: { code: '40001', message: 'could not serialize' } })],
  ])('%s → SERVICE_UNAVAILABLE, retryable, no details', (_name, err) => {
    expect(isTransientDatabaseError(err)).toBe(true);
    const out = format({ message: 'x', path: ['submitSurveyResponse'] }, wrapped(err));
    expect(out.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(out.message).not.toMatch(/5432|ECONN|terminat|serializ|administrator/i);
  });

  it('a constraint violation is not transient: it stays an internal error with an id', () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: '23505' });
    expect(isTransientDatabaseError(err)).toBe(false);
    const out = format({ message: 'x' }, wrapped(err));
    expect(out.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(out.message).toBe('Internal server error');
    expect(logged).toContain(err);
  });
});
