import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has safe development defaults', () => {
    const config = loadConfig({});
    assert.equal(config.env, 'development');
    assert.equal(config.port, 3000);
    assert.equal(config.dataDir, './data');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.smtp, undefined);
    assert.equal(config.secureCookies, false);
  });

  it('refuses to start production without its secrets', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /SESSION_SECRET/);
        assert.match(error.message, /BASE_URL/);
        assert.match(error.message, /SMTP_HOST/);
        return true;
      },
    );
    assert.throws(
      () =>
        loadConfig({
          NODE_ENV: 'production',
          SESSION_SECRET: 'short',
          BASE_URL: 'https://x',
          SMTP_HOST: 'mail',
        }),
      ConfigError,
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      BASE_URL: 'https://ocw.example',
      SMTP_HOST: 'mail.example',
    });
    assert.equal(config.secureCookies, true);
    assert.equal(config.smtp?.host, 'mail.example');
  });

  it('explains invalid values', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
    assert.throws(() => loadConfig({ NODE_ENV: 'staging' }), /NODE_ENV/);
  });
});
