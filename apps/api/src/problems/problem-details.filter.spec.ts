import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { databaseUnavailable, toProblem } from './problem-details.filter.js';

/** A pg DatabaseError as the driver raises it, with its SQLSTATE. */
const pgError = (code: string, message = 'x') => Object.assign(new pg.DatabaseError(message, 0, 'error'), { code });
const errno = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('PostgreSQL away: 503 with Retry-After, not 500', () => {
  const away = [
    ['a fast shutdown ending the connection', pgError('57P01', 'terminating connection due to administrator command')],
    ['the server shutting down', pgError('57P03', 'the database system is shutting down')],
    ['a crash', pgError('57P02')],
    ['a connection exception', pgError('08006')],
    ['too many connections', pgError('53300')],
    ['a refused connection', errno('ECONNREFUSED')],
    ['a reset connection', errno('ECONNRESET')],
    ['the connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['the pool giving up', new Error('timeout exceeded when trying to connect')],
    ['a refused connection on every address', new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')])],
    ['a wrapped cause', new Error('append failed', { cause: errno('ECONNREFUSED') })],
  ] as const;

  it.each(away)('%s', (_what, error) => {
    expect(databaseUnavailable(error)).toBe(true);
    const { problem, headers } = toProblem(error);
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Service Unavailable', status: 503 });
    expect(headers).toEqual({ 'retry-after': '1' });
  });

  it('other failures stay 500s (a constraint, a bug), without their insides', () => {
    for (const error of [pgError('23505', 'duplicate key value'), pgError('42P01', 'relation does not exist'), new TypeError('x is undefined')]) {
      expect(databaseUnavailable(error)).toBe(false);
      expect(toProblem(error).problem).toEqual({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: 'the service failed to handle this request; it has been logged',
      });
    }
  });
});
