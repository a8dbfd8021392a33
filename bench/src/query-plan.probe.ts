import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';

/** One statement an operation sent, with its plan as the server ran it. */
export interface StatementPlan {
  /** The statement as sent (parameters apart): the same one at another size has the same text. */
  text: string;
  /** Scans in plan order, e.g. "Index Scan events_stream_version_key". */
  scans: string[];
  /** Shared buffers hit or read by the whole statement: what grows when a plan does not scale. */
  buffers: number;
  /** Of those, the ones not in shared buffers (read from the OS cache or the disk). */
  read: number;
  ms: number;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

const SCAN = /Scan$/;
const SKIPPED = /^(select pg_notify|begin|commit|rollback|savepoint|release)\b/i;

/**
 * Runs `operation` once on a Kysely that records every statement, then EXPLAIN ANALYZEs each
 * distinct statement with the same parameters, each inside a transaction that is rolled back (so an
 * append's plan is taken without appending). The library code builds the SQL: the plans are those
 * of the measured queries, not of copies that could drift from them.
 */
export async function planOf(pool: pg.Pool, operation: (db: Kysely<any>) => Promise<unknown>): Promise<StatementPlan[]> {
  const captured = new Map<string, readonly unknown[]>();
  const db = new Kysely<any>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      const text = event.query.sql;
      // The appender's "log grew" hint is not part of the operation's cost; nor are transaction controls.
      if (event.level === 'query' && !captured.has(text) && !SKIPPED.test(text)) captured.set(text, event.query.parameters);
    },
  });
  // Rolled back too: the EXPLAIN ANALYZE of an append then appends the same ids again, and may.
  const rollback = new Error('rollback');
  try {
    await db.transaction().execute(async (trx) => {
      await operation(trx);
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  const plans: StatementPlan[] = [];
  const client = await pool.connect();
  try {
    for (const [text, parameters] of captured) {
      await client.query('begin');
      try {
        const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(
          `explain (analyze, buffers, format json) ${text}`,
          parameters as unknown[],
        );
        const [{ Plan: root, 'Execution Time': ms }] = rows[0]!['QUERY PLAN'] as [{ Plan: PlanNode; 'Execution Time': number }];
        const read = root['Shared Read Blocks'] ?? 0;
        plans.push({ text, scans: scansOf(root), buffers: (root['Shared Hit Blocks'] ?? 0) + read, read, ms: Math.round(ms * 100) / 100 });
      } finally {
        await client.query('rollback');
      }
    }
  } finally {
    client.release();
  }
  return plans;
}

function scansOf(node: PlanNode, into: string[] = []): string[] {
  if (SCAN.test(node['Node Type']) && (node['Index Name'] || node['Relation Name'])) {
    into.push(`${node['Node Type']} ${node['Index Name'] ?? node['Relation Name']}`);
  }
  for (const child of node.Plans ?? []) scansOf(child, into);
  return into;
}

/** "[Index Scan events_stream_version_key] 12 buffers (3 read)" per statement. */
export function describePlans(plans: readonly StatementPlan[]): string {
  return plans.map((p) => `[${p.scans.join(', ') || 'no scan'}] ${p.buffers} buffers${p.read ? ` (${p.read} read)` : ''}`).join('; ');
}
