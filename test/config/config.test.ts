import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('defaults to development on the embedded database', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ NODE_ENV: 'development', PORT: 4000, embeddedDatabase: true, developmentAuth: true, EMBEDDED_PG_PORT: 54329 });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ AUTO_MIGRATE: 'yes' }, 'AUTO_MIGRATE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ AUTH_ISSUERS: '{not json' }, 'AUTH_ISSUERS'],
    [{ AUTH_ISSUERS: '[{"issuer":"x"}]' }, 'AUTH_ISSUERS'],
    [{ NODE_ENV: 'production' }, 'HUB_SECRET'],
    [{ NODE_ENV: 'production', HUB_SECRET: 'x'.repeat(40) }, 'AUTH_ISSUERS'],
    [{ HUB_SECRET: 'short' }, 'HUB_SECRET'],
  ])('stops with one line naming the variable and its accepted form: %j', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.variable).toBe(variable);
    expect(e.message.split('\n')).toHaveLength(1);
    expect(e.message).toContain(`${variable} `);
    expect(e.message).toContain('Accepted:');
  });

  it('never echoes a database password in its error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:s3cret@host/db' })).toThrow(/^(?!.*s3cret)/);
  });

  it('accepts trusted issuers with claim mappings', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      HUB_SECRET: 'x'.repeat(40),
      AUTH_ISSUERS: JSON.stringify([{ issuer: 'https://login.nhs.example', jwksUrl: 'https://login.nhs.example/jwks', agency: 'NHS-NORTHSHIRE-CHT', claims: { roles: 'groups' } }]),
    });
    expect(c.developmentAuth).toBe(false);
    expect(c.AUTH_ISSUERS?.[0]?.claims).toMatchObject({ roles: 'groups', agency: 'agency' });
  });
});
