import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

test('defaults give a working development configuration', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.env, 'development');
  assert.equal(c.databaseUrl, undefined);
  assert.ok(c.dataDir.endsWith('/data'));
  assert.equal(c.demoData, true);
});

test('a bad setting names itself in one line', () => {
  assert.throws(() => loadConfig({ PORT: 'abc' }), (e: unknown) => e instanceof ConfigError && e.setting === 'PORT' && !e.message.includes('\n'));
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), (e: unknown) => e instanceof ConfigError && e.setting === 'DATABASE_URL');
  assert.throws(() => loadConfig({ SMTP_URL: 'http://x' }), (e: unknown) => e instanceof ConfigError && e.setting === 'SMTP_URL');
});

test('production refuses to start without its secrets, database and mail server, and never with demo data', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), (e: unknown) => e instanceof ConfigError && e.setting === 'SESSION_SECRET');
  const full = {
    NODE_ENV: 'production',
    SESSION_SECRET: 'x'.repeat(40),
    CHILD_KEY_SECRET: 'y'.repeat(40),
    DATABASE_URL: 'postgres://u@h/db',
    SMTP_URL: 'smtp://mail:25',
    PUBLIC_URL: 'https://kansrijk.example',
  };
  const c = loadConfig(full);
  assert.equal(c.demoData, false);
  assert.throws(() => loadConfig({ ...full, DEMO_DATA: 'true' }), (e: unknown) => e instanceof ConfigError && e.setting === 'DEMO_DATA');
});
