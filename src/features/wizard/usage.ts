import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../core/db/index.ts';
import type { Theme } from '../../core/db/schema.ts';
import type { ApplicantRole } from '../catalogue/rules.ts';
import { ageBand } from './answers.ts';

/**
 * Anonymous demand counts: municipality, role, age band and theme per day. No identifiers,
 * no ages, no postcodes: nothing here can point to a family.
 *
 * Counts are added up in memory and written every few seconds with one upsert that increments,
 * so the wizard never waits for a write and several processes add up correctly. A crash loses
 * at most the last few seconds of these anonymous counts, never anything a person entered.
 */
export class UsageCounter {
  #pending = new Map<string, number>();
  #timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    flushEveryMs = 5000,
  ) {
    this.#timer = setInterval(() => void this.flush(), flushEveryMs);
    this.#timer.unref();
  }

  add(use: { day: string; municipalityCode: string; role: ApplicantRole; ages: number[]; themes: Theme[] }): void {
    const themes: string[] = use.themes.length > 0 ? use.themes : ['all'];
    for (const age of use.ages) {
      for (const theme of themes) {
        const key = [use.day, use.municipalityCode, use.role, ageBand(age), theme].join('|');
        this.#pending.set(key, (this.#pending.get(key) ?? 0) + 1);
      }
    }
  }

  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    const rows = [...batch].map(([key, uses]) => {
      const [day, municipality_code, role, age_band, theme] = key.split('|') as [string, string, string, string, string];
      return { day, municipality_code, role, age_band, theme, uses };
    });
    try {
      await this.db
        .insertInto('wizard_uses')
        .values(rows)
        .onConflict((oc) => oc.columns(['day', 'municipality_code', 'role', 'age_band', 'theme']).doUpdateSet({ uses: sql`wizard_uses.uses + excluded.uses` }))
        .execute();
    } catch (err) {
      // The database may be restarting: keep the counts for the next try.
      for (const [key, n] of batch) this.#pending.set(key, (this.#pending.get(key) ?? 0) + n);
      this.log.warn({ err }, 'wizard use counts not written yet');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
