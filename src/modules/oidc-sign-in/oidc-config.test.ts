import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';

const BASE = {
  APP_SECRET: 'x'.repeat(40),
  DATA_DIR: '/tmp/egov-oidc-config-test',
  PUBLIC_URL: 'https://dichvucong.laocai.gov.vn',
};

/** OIDC settings from the environment, and the stand-in kept out of production. */
describe('OIDC configuration', () => {
  it('is off without a provider, and the stand-in becomes the provider when on', () => {
    expect(loadConfig({ ...BASE, NODE_ENV: 'development' }).oidc).toBeNull();
    const standin = loadConfig({ ...BASE, NODE_ENV: 'development', VNEID_STANDIN: 'true' });
    expect(standin.vneidStandin).toBe(true);
    expect(standin.oidc).toMatchObject({
      issuer: 'https://dichvucong.laocai.gov.vn/vneid-standin',
      clientId: 'chinh-quyen-so-demo',
      redirectUri: 'https://dichvucong.laocai.gov.vn/dang-nhap/vneid/callback',
      personalIdClaim: 'personal_id',
    });
  });

  it('takes a real provider from the environment, with the personal-ID claim named there', () => {
    const config = loadConfig({
      ...BASE,
      OIDC_ISSUER: 'https://sso.dancuquocgia.gov.vn/',
      OIDC_CLIENT_ID: 'laocai',
      OIDC_CLIENT_SECRET: 'secret',
      OIDC_PERSONAL_ID_CLAIM: 'cccd',
    });
    expect(config.oidc).toMatchObject({
      issuer: 'https://sso.dancuquocgia.gov.vn',
      clientId: 'laocai',
      personalIdClaim: 'cccd',
    });
  });

  it('refuses to start the stand-in in production, and a provider without client credentials', () => {
    expect(() => loadConfig({ ...BASE, NODE_ENV: 'production', VNEID_STANDIN: 'true' })).toThrow(/VNEID_STANDIN/);
    expect(() => loadConfig({ ...BASE, OIDC_ISSUER: 'https://sso.example.vn' })).toThrow(/OIDC_CLIENT_ID/);
  });

  it('serves no VNeID routes when OIDC is off', async () => {
    const t: TestApp = await createTestApp();
    try {
      expect(
        (await t.app.inject({ method: 'GET', url: '/vneid-standin/.well-known/openid-configuration' })).statusCode,
      ).toBe(404);
      const start = await t.app.inject({ method: 'GET', url: '/dang-nhap/vneid' });
      expect(start.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('sends the reader back to the sign-in page, saying so, when the provider cannot be reached', async () => {
    const t: TestApp = await createTestApp({
      oidc: {
        issuer: 'http://127.0.0.1:9',
        clientId: 'c',
        clientSecret: 's',
        redirectUri: 'http://localhost/dang-nhap/vneid/callback',
        personalIdClaim: 'personal_id',
        scopes: 'openid',
      },
    });
    try {
      const start = await t.app.inject({ method: 'GET', url: '/dang-nhap/vneid' });
      expect(start.statusCode).toBe(303);
      expect(start.headers.location).toBe('/dang-nhap?vneid=unavailable');
      expect(start.cookies.find((c) => c.name === 'egov_oidc')).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
