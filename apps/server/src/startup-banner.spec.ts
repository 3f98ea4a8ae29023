import { describe, expect, it } from 'vitest';
import { startupBanner } from './startup-banner';

describe('startupBanner', () => {
  it('names a URL a browser can open, the generated password and the demo', () => {
    const text = startupBanner({ host: '0.0.0.0', port: 3000, generatedPassword: 'Secret123', demo: 'backfilling', historyDays: 90 });
    expect(text).toContain('gridlens is running: http://localhost:3000/');
    expect(text).toContain('sign in as admin, password: Secret123');
    expect(text).toContain('backfilling 90 days of simulated history');
  });

  it('says nothing of a password it did not generate, nor of a demo that is off', () => {
    const text = startupBanner({ host: '127.0.0.1', port: 4100, generatedPassword: null, demo: 'off', historyDays: 90 });
    expect(text).toContain('http://127.0.0.1:4100/');
    expect(text).not.toMatch(/password|demo/);
    expect(startupBanner({ host: '::1', port: 1, generatedPassword: null, demo: 'off', historyDays: 1 })).toContain('http://[::1]:1/');
  });
});
