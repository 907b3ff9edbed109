import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './core/config.ts';
import { createLogger } from './core/logger.ts';
import { openDatabase } from './core/db/index.ts';
import { Worker } from './core/jobs/queue.ts';
import { DailyScheduler } from './core/jobs/scheduler.ts';
import { MAIL_QUEUE, createMailSender } from './core/mail/mailer.ts';
import { currentTotp } from './core/auth/totp.ts';
import { buildApp } from './app.ts';
import { prepareDatabase } from './setup.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './features/demo/accounts.ts';
import { RETENTION_QUEUE, retentionJob } from './features/applications/retention.ts';

const started = performance.now();

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config);
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite') });
await prepareDatabase(database.db, config, logger);

const app = await buildApp({ config, database, logger });
const worker = new Worker(database.db, logger)
  .register(MAIL_QUEUE, createMailSender(database.db, config))
  .register(RETENTION_QUEUE, retentionJob(database.db, { linkSecret: config.sessionSecret, publicUrl: config.publicUrl }, logger));
const scheduler = new DailyScheduler(database.db, logger, [RETENTION_QUEUE]);
if (config.jobsEnabled) {
  worker.start();
  scheduler.start();
}

await app.listen({ port: config.port, host: config.host });
const startupMs = Math.round(performance.now() - started);
// The real port, also when PORT=0 asked the system for a free one (benchmarks, tests).
const port = (app.server.address() as { port: number }).port;
logger.info({ database: database.kind, startupMs, port }, `Kansrijk is ready on http://localhost:${port} (${database.kind}, started in ${startupMs} ms)`);

if (config.demoData && !config.isProduction) {
  // Development convenience: the demo accounts' current second-factor codes (see README).
  const lines = DEMO_USERS.map((u) => `  ${u.email.padEnd(38)} ${u.role.padEnd(22)} code now: ${currentTotp(u.totpSecret)}`);
  console.log(`\nDemo accounts (password "${DEMO_PASSWORD}"; codes change every 30 s, or use the secrets in the README):\n${lines.join('\n')}\n`);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing requests in flight');
  // app.close() stops accepting connections and waits for requests in flight.
  const timer = setTimeout(() => process.exit(1), 15_000);
  try {
    await app.close();
    await scheduler.stop();
    await worker.stop();
    await database.close();
  } finally {
    clearTimeout(timer);
    process.exit(0);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
