import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { Layout } from './Layout.tsx';
import { translator } from '../i18n/index.ts';

test('the layout sets language and direction, so Arabic pages render right-to-left', () => {
  const html = renderToString(
    <Layout ctx={{ lang: 'ar', t: translator('ar'), staff: null, professional: null, csrfToken: 'x', path: '/' }} title="اختبار">
      <p>نص</p>
    </Layout>,
  );
  assert.match(html, /^<html lang="ar" dir="rtl"/);
  const nl = renderToString(
    <Layout ctx={{ lang: 'nl', t: translator('nl'), staff: null, professional: null, csrfToken: 'x', path: '/' }} title="Test">
      <p>tekst</p>
    </Layout>,
  );
  assert.match(nl, /^<html lang="nl" dir="ltr"/);
});

test('text is always rendered inert', () => {
  const html = renderToString(
    <Layout ctx={{ lang: 'nl', t: translator('nl'), staff: null, professional: null, csrfToken: 'x', path: '/"><script>alert(1)</script>' }} title={'<img src=x onerror=alert(1)>'}>
      <p>{'<script>alert(1)</script>'}</p>
    </Layout>,
  );
  assert.doesNotMatch(html, /<script>|<img src=x/);
});
