// An OpenID Connect provider for the single sign-on tests: the OpenID-certified `oidc-provider`
// with its own sign-in page instead of the development one, so that the tests choose who signs in,
// whether they confirmed a second factor (the acr claim), or whether the provider refuses them.
//
// Started by tests/sso/conftest.py with one argument, a JSON configuration:
//   {"port": 0, "clients": [{client_id, client_secret, redirect_uris}],
//    "accounts": {"anna@alby.se": {"name": "Anna Andersson", "groups": ["rektorer"]}}}
// It prints "listening <issuer>" on stdout when it serves. Anybody may sign in: an address that is
// not in "accounts" gets its local part as its name and no groups.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2] || '{}');
const accounts = config.accounts || {};
const ACR_PASSWORD = 'urn:skolnatverk:test:losenord';
const ACR_MFA = 'urn:skolnatverk:test:mfa';

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
    + `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
}

// Bind first, so that the issuer carries the real port (port 0: the system picks a free one).
const server = createServer();
await new Promise((resolve) => { server.listen(config.port || 0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: (config.clients || []).map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    ...client,
  })),
  jwks: { keys: [{ ...signingKey, kid: 'test', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: [randomBytes(16).toString('hex')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'groups'],
  },
  acrValues: [ACR_PASSWORD, ACR_MFA],
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const known = accounts[id] || {};
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: id,
          email_verified: true,
          name: known.name || id.split('@')[0],
          groups: known.groups || [],
        };
      },
    };
  },
  // A first-party client: no consent page, the requested scopes are granted at once.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['email', 'email_verified', 'name', 'groups']);
    await grant.save();
    return grant;
  },
});

// The sign-in page: an address, a "second factor" box, and a button that refuses the person.
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([\w-]+)(\/login)?$/);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.body = page('Testkommunens inloggning', `
      <p>Tjänst: ${escape(details.params.client_id)}</p>
      <form method="post" action="/interaction/${escape(match[1])}/login">
        <label for="email">E-post hos leverantören</label>
        <input id="email" name="email" type="email" value="${escape(details.params.login_hint || '')}">
        <label><input type="checkbox" name="mfa" value="1"> Bekräftad med andra faktor</label>
        <button type="submit" name="action" value="login">Fortsätt</button>
        <button type="submit" name="action" value="deny">Neka</button>
      </form>`);
    return undefined;
  }
  const form = await formBody(ctx.req);
  const result = form.action === 'deny'
    ? { error: 'access_denied', error_description: 'The directory refuses this person.' }
    : { login: { accountId: form.email.trim().toLowerCase(), acr: form.mfa ? ACR_MFA : ACR_PASSWORD } };
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  return undefined;
});

server.on('request', provider.callback());
process.stdout.write(`listening ${issuer}\n`);
process.on('SIGTERM', () => { server.close(); process.exit(0); });
