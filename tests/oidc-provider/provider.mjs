// A certified OpenID Provider (npm `oidc-provider`, panva) for the browser tests: the console
// signs in with it exactly as with a production IdP, and the sandbox trusts its access tokens.
//
//   node tests/oidc-provider/provider.mjs --port 0 --client-id mobileid-console \
//     --redirect-uri http://127.0.0.1:8080/ --jwks-out /tmp/op-jwks.json
//
// Options (each also read from the environment variable in brackets):
//   --port N                      [OP_PORT]  0 (the default) picks a free port
//   --client-id ID                [OP_CLIENT_ID]  the console, a public client (PKCE S256)
//   --redirect-uri URL            [OP_REDIRECT_URIS, comma-separated]  repeatable
//   --post-logout-redirect-uri U  [OP_POST_LOGOUT_REDIRECT_URIS]  repeatable; default: the
//                                 redirect URIs
//   --redirect-uri-from-stdin     [OP_REDIRECT_URI_FROM_STDIN=1]  listen first, print
//                                 `LISTENING http://127.0.0.1:PORT`, then read the redirect URI
//                                 as one line on stdin (so a test can start the console's server
//                                 on a port of its own choosing after the provider's)
//   --jwks-out FILE               [OP_JWKS_OUT]  where the public JWKS is written
//   --resource URI                [OP_RESOURCE]  the API's resource indicator (RFC 8707), an
//                                 absolute URI (default `urn:mobileid-admin`)
//   --audience AUD                [OP_AUDIENCE]  the access token's `aud` (default
//                                 `mobileid-admin`)
//   --api-scope SCOPE             [OP_API_SCOPE]  the API's scope (default `mobileid-admin`)
//   --access-token-ttl SECONDS    [OP_ACCESS_TOKEN_TTL]  default 300
//   --refresh-token-ttl SECONDS   [OP_REFRESH_TOKEN_TTL]  default 28800
//   --introspection-client-id ID  [OP_INTROSPECTION_CLIENT_ID]  a confidential client that may
//   --introspection-secret S      [OP_INTROSPECTION_SECRET]     introspect every token (tests)
//
// Prints `READY http://127.0.0.1:PORT` once it serves, then one JSON line per event a test
// may want to see: `authorization.success`, `interaction.started` (with the client's `state`),
// `grant.success` (with the refresh token issued), `revocation` (each call of the revocation
// endpoint), `grant.revoked`, `end_session.success` and errors, e.g.
// `{"event":"revocation","status":200,"kind":"RefreshToken",...}`. Refresh tokens are printed
// in full (a test provider: the test introspects them to prove they were revoked).
//
// Sign-in uses oidc-provider's development interactions: any login name, any password (the
// password is not checked). The name in the ID token is made from the login: `ada.lovelace`
// is "Ada Lovelace".

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// oidc-provider lives in the workspace's scripts/ (package.json there), not beside this file;
// OP_TOOLS_DIR overrides where.
const toolsDir = process.env.OP_TOOLS_DIR
  ? pathToFileURL(`${process.env.OP_TOOLS_DIR.replace(/\/$/, '')}/`)
  : new URL('../../scripts/', import.meta.url);
const fromTools = createRequire(new URL('package.json', toolsDir));
const { default: Provider } = await import(pathToFileURL(fromTools.resolve('oidc-provider')).href);

function options(argv) {
  const env = process.env;
  const list = (v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
  const out = {
    port: Number(env.OP_PORT ?? 0),
    clientId: env.OP_CLIENT_ID ?? 'mobileid-console',
    redirectUris: list(env.OP_REDIRECT_URIS),
    postLogoutRedirectUris: list(env.OP_POST_LOGOUT_REDIRECT_URIS),
    jwksOut: env.OP_JWKS_OUT,
    resource: env.OP_RESOURCE ?? 'urn:mobileid-admin',
    audience: env.OP_AUDIENCE ?? 'mobileid-admin',
    apiScope: env.OP_API_SCOPE ?? 'mobileid-admin',
    accessTokenTtl: Number(env.OP_ACCESS_TOKEN_TTL ?? 300),
    refreshTokenTtl: Number(env.OP_REFRESH_TOKEN_TTL ?? 8 * 3600),
    introspectionClientId: env.OP_INTROSPECTION_CLIENT_ID ?? 'e2e-introspector',
    introspectionSecret: env.OP_INTROSPECTION_SECRET ?? crypto.randomBytes(24).toString('hex'),
    redirectUriFromStdin: env.OP_REDIRECT_URI_FROM_STDIN === '1',
  };
  const redirect = [];
  const postLogout = [];
  for (let i = 0; i < argv.length; i += 1) {
    const value = argv[i + 1];
    const take = () => {
      if (value === undefined) throw new Error(`${argv[i]} needs a value`);
      i += 1;
      return value;
    };
    switch (argv[i]) {
      case '--port': out.port = Number(take()); break;
      case '--client-id': out.clientId = take(); break;
      case '--redirect-uri': redirect.push(take()); break;
      case '--post-logout-redirect-uri': postLogout.push(take()); break;
      case '--jwks-out': out.jwksOut = take(); break;
      case '--resource': out.resource = take(); break;
      case '--audience': out.audience = take(); break;
      case '--api-scope': out.apiScope = take(); break;
      case '--access-token-ttl': out.accessTokenTtl = Number(take()); break;
      case '--refresh-token-ttl': out.refreshTokenTtl = Number(take()); break;
      case '--introspection-client-id': out.introspectionClientId = take(); break;
      case '--introspection-secret': out.introspectionSecret = take(); break;
      case '--redirect-uri-from-stdin': out.redirectUriFromStdin = true; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (redirect.length) out.redirectUris = redirect;
  if (postLogout.length) out.postLogoutRedirectUris = postLogout;
  if (!out.redirectUris.length && !out.redirectUriFromStdin) {
    throw new Error('at least one --redirect-uri (or --redirect-uri-from-stdin) is required');
  }
  for (const [name, n] of [['port', out.port], ['access-token-ttl', out.accessTokenTtl],
    ['refresh-token-ttl', out.refreshTokenTtl]]) {
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  }
  return out;
}

/** One JSON line on stdout. */
function log(event, fields = {}) {
  process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);
}

/** `ada.lovelace` → `Ada Lovelace`. */
function displayName(login) {
  return login
    .split(/[._\-\s]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

/** Pages without anything from outside (the defaults import a web font). */
function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

const escape = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const opts = options(process.argv.slice(2));

// The signing key: a fresh P-256 key for each start. ID tokens and access tokens are ES256.
const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const kid = crypto.randomBytes(8).toString('hex');
const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
if (opts.jwksOut) {
  fs.writeFileSync(opts.jwksOut, `${JSON.stringify({ keys: [publicJwk] }, null, 2)}\n`);
}

/** The first line of stdin. */
function readLine() {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) {
        process.stdin.off('data', onData);
        process.stdin.pause();
        resolve(text.slice(0, end).trim());
      }
    };
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', onData);
    process.stdin.once('end', () => reject(new Error('stdin ended before a redirect URI')));
  });
}

const server = http.createServer();
server.listen(opts.port, '127.0.0.1', async () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  if (opts.redirectUriFromStdin && !opts.redirectUris.length) {
    process.stdout.write(`LISTENING ${issuer}\n`);
    const uri = await readLine();
    new URL(uri); // eslint-disable-line no-new -- throws on a bad URL
    opts.redirectUris = [uri];
  }
  if (!opts.postLogoutRedirectUris.length) opts.postLogoutRedirectUris = opts.redirectUris;
  const allowedOrigins = new Set(opts.redirectUris.map((u) => new URL(u).origin));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_name: 'MobileID Admin Console',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUris,
        id_token_signed_response_alg: 'ES256',
      },
      {
        // For the tests only: may introspect any token (RFC 7662).
        client_id: opts.introspectionClientId,
        client_secret: opts.introspectionSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    jwks: { keys: [privateJwk] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], profile: ['name'] },
    scopes: ['openid', 'offline_access', 'profile'],
    // The console reads the user's name from the ID token (never from the access token).
    conformIdTokenClaims: false,
    async findAccount(ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return { sub, name: displayName(sub) };
        },
      };
    },
    pkce: { methods: ['S256'], required: () => true },
    // A public browser client gets a refresh token (rotated on each use) without asking for
    // offline_access, which OpenID Connect only grants together with prompt=consent.
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    clientBasedCORS: (ctx, origin) => allowedOrigins.has(origin),
    ttl: {
      AccessToken: opts.accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: opts.refreshTokenTtl,
      Grant: opts.refreshTokenTtl,
      Session: opts.refreshTokenTtl,
      Interaction: 600,
    },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      introspection: {
        enabled: true,
        allowedPolicy: async (ctx, client) => client.clientId === opts.introspectionClientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page('Sign out', `<p>Do you want to sign out from ${escape(ctx.host)}?</p>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.body = page('Signed out', '<p>You are signed out.</p>');
        },
      },
      resourceIndicators: {
        enabled: true,
        // The console sends no `resource`: every request is for the Admin API.
        defaultResource: async () => opts.resource,
        // The token endpoint issues the access token for that API even with `openid`.
        useGrantedResource: async () => true,
        async getResourceServerInfo(ctx, resource) {
          if (resource !== opts.resource) throw new Provider.errors.InvalidTarget();
          return {
            scope: opts.apiScope,
            audience: opts.audience,
            accessTokenTTL: opts.accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Error', `<p id="error">${escape(out.error)}</p>
<p id="error-description">${escape(out.error_description)}</p>`);
    },
  });

  // Observable events, as JSON lines.
  provider.on('grant.success', (ctx) => {
    log('grant.success', {
      grant_type: ctx.oidc.params.grant_type,
      client_id: ctx.oidc.client?.clientId,
      refresh_token: ctx.body?.refresh_token,
    });
  });
  provider.on('grant.revoked', (ctx, grantId) => {
    log('grant.revoked', { route: ctx.oidc?.route, grant_id: grantId });
  });
  provider.on('end_session.success', () => log('end_session.success'));
  provider.on('authorization.success', (ctx) => {
    log('authorization.success', {
      client_id: ctx.oidc.client?.clientId,
      prompt: ctx.oidc.params?.prompt,
    });
  });
  // The state the console sent (a test forges callbacks with it).
  provider.on('interaction.started', (ctx, prompt) => {
    log('interaction.started', { prompt: prompt?.name, state: ctx.oidc.params?.state });
  });
  for (const event of ['grant.error', 'revocation.error', 'end_session.error',
    'authorization.error', 'introspection.error', 'server_error']) {
    provider.on(event, (ctx, err) => log(event, { error: err?.error, description: err?.error_description }));
  }

  provider.use(async (ctx, next) => {
    if (ctx.path === '/favicon.ico') {
      ctx.status = 204;
      return;
    }
    await next();
    if (ctx.oidc?.route === 'revocation') {
      log('revocation', {
        status: ctx.status,
        origin: ctx.get('origin') || undefined,
        token_type_hint: ctx.oidc.params?.token_type_hint,
        kind: Object.keys(ctx.oidc.entities ?? {}).find((k) => k.endsWith('Token')),
      });
    }
    // The development interaction pages import a web font from the internet.
    if (typeof ctx.body === 'string' && ctx.type === 'text/html') {
      ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);?/g, '');
    }
  });

  server.on('request', provider.callback());
  process.stdout.write(`READY ${issuer}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
