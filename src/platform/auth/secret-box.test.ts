import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.ts';

const SECRET = 'an-application-secret-of-enough-length-0123456789';

describe('secret box (AES-256-GCM at rest)', () => {
  const box = createSecretBox(SECRET, 'totp');

  it('opens what it sealed, with a fresh IV each time', () => {
    const a = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    const b = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(a, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(box.open(box.seal('Tiếng Việt có dấu'), undefined)).toBe('Tiếng Việt có dấu');
  });

  it('refuses another context, another purpose, another application secret and altered bytes', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(() => box.open(sealed, 'user-2')).toThrow();
    expect(() => createSecretBox(SECRET, 'smtp').open(sealed, 'user-1')).toThrow();
    expect(() => createSecretBox(`${SECRET}x`, 'totp').open(sealed, 'user-1')).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[2] as string, 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[2] = body.toString('base64url');
    expect(() => box.open(parts.join('.'), 'user-1')).toThrow();
    expect(() => box.open('v2.a.b.c', 'user-1')).toThrow(/unknown sealed format/);
  });
});
