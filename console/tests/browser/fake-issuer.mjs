// A stand-in OpenID Connect provider for the console's deployed sign-in: discovery, an authorization
// endpoint that signs one fixed person in at once (a real provider would ask), and a token endpoint
// that insists on PKCE (S256) before it answers. The access token it hands out comes from the local
// server's /local/token, so the API accepts it as it would the real provider's; the ID token is
// unsigned (the console reads only its claims; oidc-client-ts does not check signatures).
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const base64url = (buffer) => Buffer.from(buffer).toString('base64url');

export async function startFakeIssuer({ apiBase, email, clientId }) {
  const codes = new Map();
  const seen = { authorize: [], token: [] };
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, issuer);
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'content-type' };
    try {
      if (request.method === 'OPTIONS') {
        response.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, POST' }).end();
      } else if (url.pathname === '/.well-known/openid-configuration') {
        response.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify({
          issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'], subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'], code_challenge_methods_supported: ['S256'],
        }));
      } else if (url.pathname === '/authorize') {
        const query = Object.fromEntries(url.searchParams);
        seen.authorize.push(query);
        if (query.client_id !== clientId || query.response_type !== 'code' || query.code_challenge_method !== 'S256'
          || !query.code_challenge) {
          response.writeHead(400, { 'Content-Type': 'text/plain' }).end('not a code flow with PKCE');
          return;
        }
        const code = base64url(randomBytes(16));
        codes.set(code, query);
        const back = new URL(query.redirect_uri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', query.state);
        response.writeHead(302, { Location: back.toString() }).end();
      } else if (url.pathname === '/token' && request.method === 'POST') {
        let body = '';
        for await (const chunk of request) {
          body += chunk;
        }
        const form = Object.fromEntries(new URLSearchParams(body));
        seen.token.push(form);
        const asked = codes.get(form.code);
        codes.delete(form.code);
        const challenge = form.code_verifier ? base64url(createHash('sha256').update(form.code_verifier).digest()) : '';
        if (!asked || form.grant_type !== 'authorization_code' || asked.redirect_uri !== form.redirect_uri
          || challenge !== asked.code_challenge) {
          response.writeHead(400, { ...cors, 'Content-Type': 'application/json' }).end('{"error":"invalid_grant"}');
          return;
        }
        const local = await (await fetch(`${apiBase}/local/token`, { method: 'POST', body: JSON.stringify({ email }),
          headers: { 'Content-Type': 'application/json' } })).json();
        const now = Math.floor(Date.now() / 1000);
        const idToken = [{ alg: 'none', typ: 'JWT' }, { iss: issuer, aud: clientId, sub: local.userId, email,
          email_verified: true, iat: now, exp: now + 3600, ...(asked.nonce ? { nonce: asked.nonce } : {}) }]
          .map((part) => base64url(JSON.stringify(part))).join('.') + '.';
        response.writeHead(200, { ...cors, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
          .end(JSON.stringify({ access_token: local.token, id_token: idToken, token_type: 'Bearer', expires_in: 3600 }));
      } else {
        response.writeHead(404, cors).end();
      }
    } catch (failure) {
      response.writeHead(500, cors).end(String(failure));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  return { issuer, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}
