import os from 'node:os';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { retryWhileUnreachable, type Db } from '../db/index.ts';

export interface EnqueueOptions {
  runAt?: Date;
  /** A job with the same unique key is enqueued once, e.g. a daily digest per day. */
  uniqueKey?: string;
  maxAttempts?: number;
}

export async function enqueue(db: Db, queue: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      queue,
      payload: JSON.stringify(payload),
      run_at: options.runAt ?? new Date(),
      unique_key: options.uniqueKey ?? null,
      ...(options.maxAttempts ? { max_attempts: options.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.column('unique_key').where('unique_key', 'is not', null).doNothing())
    .execute();
}

export interface ClaimedJob {
  id: number;
  queue: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

export type JobHandler = (payload: Record<string, unknown>, job: ClaimedJob) => Promise<void>;

/** A job whose worker died is given back after this long (its lease; no job may legitimately run longer). */
export const STALE_AFTER = '5 minutes';

/** Claims one due job. SKIP LOCKED lets several processes poll the same table without taking the same row. */
export async function claimJob(db: Db, queues: string[], workerId: string): Promise<ClaimedJob | null> {
  const result = await sql<ClaimedJob>`
    update jobs set status = 'running', locked_at = now(), locked_by = ${workerId}, attempts = attempts + 1
    where id = (
      select id from jobs
      where queue = any(${queues}) and (
        (status = 'pending' and run_at <= now())
        or (status = 'running' and locked_at < now() - ${STALE_AFTER}::interval)
      )
      order by run_at
      for update skip locked
      limit 1
    )
    returning id, queue, payload, attempts, max_attempts`.execute(db);
  const row = result.rows[0];
  if (!row) return null;
  return { ...row, id: Number(row.id), payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown> };
}

export async function completeJob(db: Db, id: number): Promise<void> {
  await db.updateTable('jobs').set({ status: 'done', finished_at: new Date(), last_error: null }).where('id', '=', id).execute();
}

export async function failJob(db: Db, job: ClaimedJob, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const final = job.attempts >= job.max_attempts;
  // Exponential back-off: 5 s, 10 s, 20 s … capped at an hour.
  const delayMs = Math.min(3_600_000, 5000 * 2 ** (job.attempts - 1));
  await db
    .updateTable('jobs')
    .set({
      status: final ? 'failed' : 'pending',
      run_at: new Date(Date.now() + delayMs),
      last_error: message.slice(0, 1000),
      locked_at: null,
      locked_by: null,
      ...(final ? { finished_at: new Date() } : {}),
    })
    .where('id', '=', job.id)
    .execute();
}

/**
 * Gives back the jobs marked as running by this worker. Called only while the worker runs no job:
 * after a poll failed because the database went away, a claim may have been committed although its
 * answer never arrived, or the bookkeeping after a job may have been given up. Without this such a
 * job would wait for the lease (STALE_AFTER) to run out.
 */
export async function releaseJobsOf(db: Db, workerId: string): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'pending', locked_at: null, locked_by: null, run_at: new Date() })
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export class Worker {
  readonly #handlers = new Map<string, JobHandler>();
  readonly #id = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = false;
  /** a poll failed: a job may be marked as this worker's although it runs none */
  #mayHoldJobs = false;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly pollMs = 500,
  ) {}

  register(queue: string, handler: JobHandler): this {
    this.#handlers.set(queue, handler);
    return this;
  }

  /** Runs due jobs until none is left; returns how many ran. Tests call this directly. */
  async drain(max = 1000): Promise<number> {
    let count = 0;
    while (count < max && !this.#stopped) {
      const job = await claimJob(this.db, [...this.#handlers.keys()], this.#id);
      if (!job) break;
      count++;
      try {
        await this.#handlers.get(job.queue)!(job.payload, job);
      } catch (error) {
        this.log.warn({ jobId: job.id, queue: job.queue, attempts: job.attempts, err: error }, 'job failed');
        await retryWhileUnreachable(() => failJob(this.db, job, error));
        continue;
      }
      // The work is done: record it also when the database is restarting right now, or the job
      // would stay 'running' until its lease runs out and then be done a second time.
      await retryWhileUnreachable(() => completeJob(this.db, job.id));
    }
    return count;
  }

  start(): void {
    const BATCH = 50;
    const tick = async () => {
      this.#timer = null;
      let busy = false;
      try {
        this.#running = (async () => {
          if (this.#mayHoldJobs) {
            const released = await releaseJobsOf(this.db, this.#id);
            if (released > 0) this.log.warn({ released }, 'gave back jobs left running after a database failure');
            this.#mayHoldJobs = false;
          }
          // A full batch means more may be due: go on at once instead of after the poll interval.
          busy = (await this.drain(BATCH)) === BATCH;
        })();
        await this.#running;
      } catch (error) {
        // The database may be restarting: keep polling, it will come back.
        this.#mayHoldJobs = true;
        this.log.warn({ err: error }, 'job polling failed');
      } finally {
        this.#running = null;
        if (!this.#stopped) this.#timer = setTimeout(tick, busy ? 0 : this.pollMs);
      }
    };
    this.#timer = setTimeout(tick, this.pollMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
  }
}
