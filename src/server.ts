import net from 'node:net';
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
import { DEMO_PASSWORD, DEMO_PROFESSIONALS, DEMO_USERS } from './features/demo/accounts.ts';
import { RETENTION_QUEUE, retentionJob } from './features/applications/retention.ts';
import { DIGEST_QUEUE, overdueDigestJob } from './features/cases/digest.ts';
import { REACH_QUEUE, refreshJob } from './features/reach/refresh.ts';

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
  .register(RETENTION_QUEUE, retentionJob(database.db, { linkSecret: config.sessionSecret, publicUrl: config.publicUrl }, logger))
  .register(DIGEST_QUEUE, overdueDigestJob(database.db, config.publicUrl, logger))
  .register(REACH_QUEUE, refreshJob(database.db, logger));
const scheduler = new DailyScheduler(database.db, logger, [RETENTION_QUEUE, DIGEST_QUEUE, REACH_QUEUE]);
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
  const lines = [...DEMO_USERS, ...DEMO_PROFESSIONALS.map((p) => ({ ...p, role: 'professional' }))].map((u) => `  ${u.email.padEnd(38)} ${u.role.padEnd(22)} code now: ${currentTotp(u.totpSecret)}`);
  console.log(`\nDemo accounts (password "${DEMO_PASSWORD}"; codes change every 30 s, or use the secrets in the README):\n${lines.join('\n')}\n`);
}

/** on SIGTERM, how long connections already accepted get to deliver their request */
const SETTLE_MS = 500;
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing requests in flight');
  // app.close() stops accepting connections and waits for requests in flight.
  const timer = setTimeout(() => process.exit(1), 15_000);
  try {
    // First stop taking new connections (a load balancer then gets "refused", which it may retry
    // elsewhere), but give connections already accepted a moment to deliver the request they carry:
    // Node's server.close() drops every connection whose request it has not read yet, and the
    // client would see a reset for a request it had sent.
    net.Server.prototype.close.call(app.server);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
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
