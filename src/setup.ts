import type { Logger } from 'pino';
import type { Config } from './core/config.ts';
import type { Db } from './core/db/index.ts';
import { migrateToLatest } from './core/db/migrate.ts';
import { importShippedReferenceData } from './features/refdata/import.ts';
import { seedDemoData } from './features/demo/seed.ts';

/** Brings a database to the state the app needs: migrated, reference data loaded, demo data in development. */
export async function prepareDatabase(db: Db, config: Config, log: Logger): Promise<void> {
  await migrateToLatest(db);
  const anyMunicipality = await db.selectFrom('municipalities').select('code').limit(1).executeTakeFirst();
  if (!anyMunicipality) {
    const summary = await importShippedReferenceData(db);
    log.info({ summary }, 'reference data imported');
  }
  if (config.demoData && !config.isProduction) {
    if (await seedDemoData(db, config.sessionSecret, { childKeySecret: config.childKeySecret, linkSecret: config.sessionSecret, publicUrl: config.publicUrl })) log.info('demo data created');
  }
}
