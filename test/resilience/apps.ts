import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort } from '../support/net.ts';

/**
 * App processes for the resilience test, and a small client that plays the load balancer:
 * round-robin over the processes that are up, a process that refuses connections is taken out,
 * and a failed request is tried again (on the next process) after a short back-off.
 */
const root = path.resolve(import.meta.dirname, '../..');

export interface AppProcess {
  name: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** exit code (null when ended by a signal) and signal */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  logFile: string;
}

export async function startApp(name: string, env: Record<string, string>, logDir: string): Promise<AppProcess> {
  const port = await freePort();
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let exited = false;
  void exit.then(() => (exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exited) {
    const r = await request(port, 'GET', '/readyz', { agent: false, timeoutMs: 2000 });
    if (r.status === 200) return { name, port, pid: child.pid!, child, exit, logFile };
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`app process ${name} did not become ready:\n${logTail(logFile)}`);
}

export function logTail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Reply {
  status: number;
  location: string | undefined;
  /** the network error's code when there was no HTTP answer (ECONNREFUSED, ECONNRESET, TIMEOUT …) */
  error: string | undefined;
  endedAt: number;
}

export function request(
  port: number,
  method: 'GET' | 'POST',
  pathname: string,
  options: { headers?: Record<string, string>; body?: string; agent?: http.Agent | false; timeoutMs?: number; onSent?: () => void } = {},
): Promise<Reply> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<Reply, 'endedAt'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...r, endedAt: performance.now() });
    };
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        agent: options.agent ?? false,
        headers: { ...options.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode ?? 0, location: res.headers.location, error: undefined }));
        res.on('error', (e: NodeJS.ErrnoException) => done({ status: 0, location: undefined, error: e.code ?? e.message }));
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => {
      req.destroy();
      done({ status: 0, location: undefined, error: 'TIMEOUT' });
    });
    req.on('error', (e: NodeJS.ErrnoException) => done({ status: 0, location: undefined, error: e.code ?? e.message }));
    if (options.onSent) req.on('finish', options.onSent);
    req.end(body);
  });
}

export interface Backend {
  name: string;
  port: number;
  agent: http.Agent;
  up: boolean;
}

export class Balancer {
  readonly backends: Backend[] = [];
  #next = 0;

  add(app: AppProcess): void {
    this.backends.push({ name: app.name, port: app.port, agent: new http.Agent({ keepAlive: true, maxSockets: 64 }), up: true });
  }

  pick(): Backend | undefined {
    const up = this.backends.filter((b) => b.up);
    if (up.length === 0) return undefined;
    return up[this.#next++ % up.length];
  }

  /** A process that refuses connections is out (as a load balancer's health check would decide). */
  takeOut(name: string): void {
    const backend = this.backends.find((b) => b.name === name);
    if (backend && backend.up) {
      backend.up = false;
      backend.agent.destroy();
    }
  }

  close(): void {
    for (const b of this.backends) b.agent.destroy();
  }
}
