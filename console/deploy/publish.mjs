// ConsolePublisherFunction (template.yaml): a CloudFormation custom resource, not an API route.
// On Create and Update it copies the console's built files (console/dist, the ConsoleSite layer,
// mounted at /opt) into the private ConsoleBucket and writes config.json from the resource's Config
// (API URL, OpenID Connect issuer and client id): the deployment generates it, nobody edits it. On
// Delete it empties the bucket so that CloudFormation can delete it. Hashed assets are cached for a
// year; index.html and config.json are never cached. The AWS SDK for JavaScript v3 is part of the
// Node.js runtime, so this file is the whole package; publish() and empty() take a small bucket
// interface, so tests run them without it.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const SITE = process.env.CONSOLE_SITE ?? '/opt';
const TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  txt: 'text/plain; charset=utf-8',
};

export function contentType(key) {
  return TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}

export function cacheControl(key) {
  return key.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* files(path);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}

/** Copies every built file, then config.json; answers the keys written. */
export async function publish(store, config, site = SITE) {
  const keys = [];
  for await (const path of files(site)) {
    const key = relative(site, path).split(sep).join('/');
    if (key === 'config.json') {
      continue;
    }
    await store.put(key, await readFile(path), contentType(key), cacheControl(key));
    keys.push(key);
  }
  if (!keys.includes('index.html')) {
    throw new Error(`no index.html in ${site}: build the console (npm run build in console/) before deploying`);
  }
  await store.put('config.json', JSON.stringify(config), 'application/json', 'no-cache');
  return [...keys, 'config.json'];
}

export async function empty(store) {
  let token;
  do {
    const page = await store.list(token);
    if (page.keys.length > 0) {
      await store.remove(page.keys);
    }
    token = page.next;
  } while (token);
}

/** The bucket through the AWS SDK (loaded only in Lambda, where the runtime has it). */
async function bucketStore(bucket) {
  const { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({});
  return {
    put: (key, body, type, cache) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body,
      ContentType: type, CacheControl: cache })),
    list: async (token) => {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      return { keys: (page.Contents ?? []).map((object) => object.Key),
        next: page.IsTruncated ? page.NextContinuationToken : undefined };
    },
    remove: (keys) => s3.send(new DeleteObjectsCommand({ Bucket: bucket,
      Delete: { Objects: keys.map((key) => ({ Key: key })), Quiet: true } })),
  };
}

/** The console's config.json from the resource's properties (CloudFormation passes every value as a string). */
export function configOf(properties) {
  const config = properties.Config ?? {};
  return {
    apiUrl: config.apiUrl ?? '/api',
    signIn: 'oidc',
    oidc: { issuer: config.oidc?.issuer, clientId: config.oidc?.clientId, apiToken: config.oidc?.apiToken ?? 'access_token' },
  };
}

async function respond(event, context, status, reason, physicalId, data = {}) {
  const body = JSON.stringify({ Status: status, Reason: `${reason} (log stream ${context.logStreamName})`.slice(0, 1000),
    PhysicalResourceId: physicalId, StackId: event.StackId, RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId, Data: data });
  const answer = await fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'Content-Type': '' } });
  if (!answer.ok) {
    throw new Error(`CloudFormation's response URL answered ${answer.status}`);
  }
}

export async function handler(event, context, storeOf = bucketStore) {
  const bucket = event.ResourceProperties.Bucket;
  const physicalId = `console-files-${bucket}`;
  try {
    if (event.RequestType === 'Delete') {
      // a Delete for another physical id is the clean-up after a replacement: that bucket is the old one
      await empty(await storeOf(event.PhysicalResourceId?.replace(/^console-files-/, '') || bucket));
      await respond(event, context, 'SUCCESS', 'emptied', event.PhysicalResourceId ?? physicalId);
    } else {
      const keys = await publish(await storeOf(bucket), configOf(event.ResourceProperties));
      console.log(JSON.stringify({ message: 'console published', bucket, files: keys.length }));
      await respond(event, context, 'SUCCESS', `${keys.length} files`, physicalId, { Files: String(keys.length) });
    }
  } catch (failure) {
    console.error(JSON.stringify({ message: 'console not published', error: String(failure?.stack ?? failure) }));
    await respond(event, context, 'FAILED', String(failure?.message ?? failure), event.PhysicalResourceId ?? physicalId);
  }
}
