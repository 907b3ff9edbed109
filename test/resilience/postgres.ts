import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../support/net.ts';

/**
 * A throw-away PostgreSQL server of its own for the resilience test, so that restarting it never
 * disturbs the machine's server that the other suites share. initdb + pg_ctl from the installed
 * PostgreSQL binaries, a data directory and a unix-socket directory under /tmp, TCP on loopback
 * only, trust authentication for the one local user. PostgreSQL refuses to run as root: as root,
 * every initdb/pg_ctl runs as the `postgres` OS user (runuser), which owns the temporary folder.
 * stop() removes it all; so does the exit of this process, also on failure.
 */
export interface PostgresBinaries {
  bin: string;
  /** the command prefix that runs a binary as a user PostgreSQL accepts ([] when not root) */
  asUser: string[];
  uid: number | undefined;
  gid: number | undefined;
}

const exists = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

function hasServerBinaries(dir: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((b) => exists(path.join(dir, b)));
}

/** The folder with initdb, pg_ctl and postgres, or why there is none (then the suite is skipped). */
export function findPostgres(): PostgresBinaries | { missing: string } {
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config on the PATH
  }
  try {
    const versions = fs.readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  } catch {
    // no Debian PostgreSQL packages
  }
  const bin = candidates.find((dir) => dir && hasServerBinaries(dir));
  if (!bin) return { missing: 'PostgreSQL server binaries (initdb, pg_ctl) not found (apt-get install postgresql, or set PG_BINDIR)' };
  if (process.getuid?.() !== 0) return { bin, asUser: [], uid: undefined, gid: undefined };
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    if (!exists('/usr/sbin/runuser') && !exists('/sbin/runuser') && !exists('/usr/bin/runuser')) return { missing: 'running as root, and runuser (util-linux) is missing to start PostgreSQL as the postgres user' };
    return { bin, asUser: ['runuser', '-u', 'postgres', '--'], uid, gid };
  } catch {
    return { missing: 'running as root, and there is no `postgres` OS user to run PostgreSQL as' };
  }
}

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** a fast shutdown (sessions are ended, as in a failover or a minor-version upgrade) */
  stop(): Promise<void>;
  /** starts it again; resolves when it accepts connections */
  start(): Promise<void>;
  /** the last lines of the server log, for failure messages */
  logTail(lines?: number): string;
  /** stops it at once and deletes its folder */
  destroy(): Promise<void>;
}

const PREFIX = 'kansrijk-resilience-pg-';

function run(bins: PostgresBinaries, command: string, args: string[], timeoutMs = 60_000): Promise<void> {
  const argv = [...bins.asUser, path.join(bins.bin, command), ...args];
  return new Promise((resolve, reject) => {
    // stdio ignored: the postmaster inherits pg_ctl's descriptors, a pipe would never close.
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${err.trim()}`));
    });
  });
}

function stopNow(bins: PostgresBinaries, data: string): void {
  const argv = [...bins.asUser, path.join(bins.bin, 'pg_ctl'), 'stop', '-D', data, '-m', 'immediate', '-w', '-t', '20'];
  try {
    execFileSync(argv[0]!, argv.slice(1), { stdio: 'ignore' });
  } catch {
    // not running
  }
}

/** Instances left behind by a test process that was killed before it could clean up. */
function sweepAbandoned(bins: PostgresBinaries): void {
  for (const name of fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(PREFIX))) {
    const dir = path.join(os.tmpdir(), name);
    try {
      const owner = Number(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8'));
      try {
        process.kill(owner, 0);
        continue; // its test process still runs
      } catch {
        // owner gone
      }
    } catch {
      // no owner file: half made, or not ours to judge yet
      if (Date.now() - fs.statSync(dir).mtimeMs < 10 * 60_000) continue;
    }
    stopNow(bins, path.join(dir, 'data'));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function startPrivatePostgres(bins: PostgresBinaries): Promise<PrivatePostgres> {
  sweepAbandoned(bins);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
  fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'postgres.log');
  if (bins.uid !== undefined && bins.gid !== undefined) {
    fs.chownSync(dir, bins.uid, bins.gid);
    fs.chmodSync(dir, 0o700);
  }
  let destroyed = false;
  const cleanupSync = () => {
    if (destroyed) return;
    destroyed = true;
    stopNow(bins, data);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // Also when the test fails hard or the runner stops this process.
  process.once('exit', cleanupSync);
  const onSignal = (signal: NodeJS.Signals) => {
    cleanupSync();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const port = await freePort();
  try {
    await run(bins, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  } catch (error) {
    cleanupSync();
    throw error;
  }
  // The options are kept in postmaster.opts; every start uses the same ones.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=64MB`;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;

  const start = async () => {
    await run(bins, 'pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options]);
    // pg_ctl -w waits for the server to accept connections; make sure over TCP too.
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await client.connect();
    await client.end();
  };
  const stop = () => run(bins, 'pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', '60']);
  try {
    await start();
  } catch (error) {
    const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
    cleanupSync();
    throw new Error(`${(error as Error).message}\n${tail}`, { cause: error });
  }
  return {
    url,
    port,
    start,
    stop,
    logTail: (lines = 30) => {
      try {
        return fs.readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
    destroy: async () => {
      if (destroyed) return;
      await run(bins, 'pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20']).catch(() => undefined);
      cleanupSync();
      process.removeListener('exit', cleanupSync);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}
