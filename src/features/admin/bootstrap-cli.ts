/**
 * npm run admin:create -- --email <address> --name "<name>"
 * Creates a platform administrator and prints the invitation link (valid 7 days).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../core/config.ts';
import { openDatabase } from '../../core/db/index.ts';
import { migrateToLatest } from '../../core/db/migrate.ts';
import { createFirstAdmin } from './bootstrap.ts';

try {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } }, strict: true });
  if (!values.email || !values.name) throw new Error('gebruik: npm run admin:create -- --email <adres> --name "<naam>"');
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite') });
  try {
    await migrateToLatest(database.db);
    const { link } = await createFirstAdmin(database.db, { email: values.email, name: values.name, publicUrl: config.publicUrl });
    console.log(`Beheerder aangemaakt. Stuur deze uitnodiging (7 dagen geldig) veilig door:\n${link}`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`admin:create: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
