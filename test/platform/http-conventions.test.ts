import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/platform/errors.ts';
import { type TestApp, createTestApp } from '../support/app.ts';

describe('HTTP conventions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const validate = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/identifiers/validate',
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('answers malformed JSON with problem+json MALFORMED_BODY and a request id', async () => {
    const response = await validate('{"kind": "tax-code", ');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toMatchObject({ code: 'MALFORMED_BODY', status: 400, requestId: response.headers['x-request-id'] });
  });

  it('names each wrong type and unknown field', async () => {
    const response = await validate({ kind: 'passport', value: 12, extra: true });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.issues.map((i: { path: string }) => i.path).join(' ')).toMatch(/kind/);
  });

  it('refuses an oversized body with 413', async () => {
    const response = await validate({ kind: 'tax-code', value: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('BODY_TOO_LARGE');
  });

  it('refuses a content type the API does not speak with 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/identifiers/validate',
      headers: { 'content-type': 'application/xml' },
      payload: '<kind/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers in English when asked, Vietnamese by default', async () => {
    expect((await validate('{')).json().title).toBe('Nội dung gửi lên không đọc được.');
    expect((await validate('{', { 'accept-language': 'en-GB,en;q=0.9' })).json().title).toBe('The content sent could not be read.');
  });

  it('keeps a well-formed caller request id and echoes it', async () => {
    const response = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'caller-req-12345' } });
    expect(response.headers['x-request-id']).toBe('caller-req-12345');
  });

  it('validates identifiers: the documented accept and reject cases', async () => {
    const ok = await validate({ kind: 'personal-id', value: '010095001234' });
    expect(ok.json()).toEqual({ valid: true, normalized: '010095001234', errors: [], warnings: [] });
    const short = await validate({ kind: 'personal-id', value: '01009500123' });
    expect(short.json()).toMatchObject({ valid: false, errors: [{ code: 'personalId.notTwelveDigits', message: 'Số định danh cá nhân phải gồm đúng 12 chữ số.' }] });
    const province = await validate({ kind: 'personal-id', value: '099095001234' });
    expect(province.json()).toMatchObject({ valid: true, warnings: [{ code: 'personalId.unknownProvince' }] });
    expect((await validate({ kind: 'tax-code', value: '0100109106-001' })).json()).toMatchObject({ valid: true, normalized: '0100109106-001' });
    expect((await validate({ kind: 'tax-code', value: '0100109107' })).json()).toMatchObject({ valid: false, errors: [{ code: 'taxCode.badCheckDigit' }] });
  });

  it('serves health, readiness with the database kind, and Prometheus metrics', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
  });

  it('publishes an OpenAPI 3.1 document listing every error code in the docs', async () => {
    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/units', '/api/v1/identifiers/validate']));
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync('docs/errors.md', 'utf8');
    for (const code of Object.keys(ERROR_CODES)) {
      expect(doc, code).toContain(`\`${code}\``);
    }
  });
});
