import type { Logger } from 'pino';
import type { Db } from '../db/index.ts';
import { enqueue } from './queue.ts';

/**
 * Daily background work (retention, digests) without a cron daemon: every app process enqueues
 * each daily job on start and every 15 minutes, under the unique key "<queue>:<day>", so the
 * database keeps exactly one job per queue per Dutch calendar day however many processes run;
 * the job queue then runs it once (SKIP LOCKED). A process that was down at midnight catches
 * up at its next tick.
 */
export const TICK_MS = 15 * 60 * 1000;

const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in the Netherlands, YYYY-MM-DD. */
export function amsterdamDay(now: Date): string {
  return AMSTERDAM_DAY.format(now);
}

export class DailyScheduler {
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<void> | null = null;
  #stopped = false;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly queues: readonly string[],
    private readonly options: { intervalMs?: number; now?: () => Date } = {},
  ) {}

  /** Enqueues today's job of every queue that does not have one yet. */
  async tick(): Promise<void> {
    const now = this.options.now?.() ?? new Date();
    const day = amsterdamDay(now);
    for (const queue of this.queues) await enqueue(this.db, queue, { day }, { uniqueKey: `${queue}:${day}`, runAt: now });
  }

  start(): void {
    const run = async () => {
      this.#timer = null;
      try {
        this.#ticking = this.tick();
        await this.#ticking;
      } catch (error) {
        // The database may be restarting: the next tick tries again.
        this.log.warn({ err: error }, 'scheduling daily jobs failed');
      } finally {
        this.#ticking = null;
        if (!this.#stopped) this.#timer = setTimeout(run, this.options.intervalMs ?? TICK_MS);
      }
    };
    void run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#ticking?.catch(() => undefined);
  }
}
