// The deployment helper (deploy/publish.mjs) against a bucket kept in memory.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cacheControl, configOf, contentType, empty, publish } from '../../deploy/publish.mjs';

function memoryBucket(initial = []) {
  const objects = new Map(initial.map((key) => [key, { body: '', type: '', cache: '' }]));
  return {
    objects,
    put: async (key, body, type, cache) => objects.set(key, { body: String(body), type, cache }),
    list: async (token) => {
      // as S3 does, the token says where the listing goes on (after that key), two keys a page
      const keys = [...objects.keys()].sort().filter((key) => !token || key > token);
      const page = keys.slice(0, 2);
      return { keys: page, next: keys.length > 2 ? page.at(-1) : undefined };
    },
    remove: async (keys) => keys.forEach((key) => objects.delete(key)),
  };
}

function site() {
  const dir = mkdtempSync(join(tmpdir(), 'console-site-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<div id="app"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(dir, 'config.json'), '{"signIn":"local"}');
  return dir;
}

test('publish copies every built file with its type and cache, then writes config.json from the deployment', async () => {
  const bucket = memoryBucket();
  const config = configOf({ Bucket: 'b', Config: { apiUrl: '/api', oidc: { issuer: 'https://login.acme.example/',
    clientId: 'console', apiToken: 'id_token' } } });
  const keys = await publish(bucket, config, site());
  assert.deepEqual(keys.sort(), ['assets/index-abc.css', 'assets/index-abc.js', 'config.json', 'index.html']);
  assert.equal(bucket.objects.get('index.html').cache, 'no-cache');
  assert.equal(bucket.objects.get('index.html').type, 'text/html; charset=utf-8');
  assert.equal(bucket.objects.get('assets/index-abc.js').cache, 'public, max-age=31536000, immutable');
  assert.equal(bucket.objects.get('assets/index-abc.js').type, 'text/javascript; charset=utf-8');
  // the built folder's own (local) config.json is never shipped: the deployment writes its own
  assert.deepEqual(JSON.parse(bucket.objects.get('config.json').body), { apiUrl: '/api', signIn: 'oidc',
    oidc: { issuer: 'https://login.acme.example/', clientId: 'console', apiToken: 'id_token' } });
  assert.equal(bucket.objects.get('config.json').cache, 'no-cache');
});

test('publish refuses a folder without index.html (an unbuilt console)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-empty-'));
  await assert.rejects(publish(memoryBucket(), {}, dir), /no index.html/);
});

test('empty deletes every object, page by page', async () => {
  const bucket = memoryBucket(['a', 'b', 'c', 'd', 'e']);
  await empty(bucket);
  assert.equal(bucket.objects.size, 0);
});

test('types and caches by name', () => {
  assert.equal(contentType('favicon.svg'), 'image/svg+xml');
  assert.equal(contentType('LICENSE'), 'application/octet-stream');
  assert.equal(cacheControl('assets/x.js'), 'public, max-age=31536000, immutable');
  assert.equal(cacheControl('robots.txt'), 'no-cache');
});
