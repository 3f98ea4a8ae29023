import { describe, expect, it } from 'vitest';
import { UsageError, parseCliArgs, parseDuration } from './args';

const base = ['--url', 'http://localhost:3000/', '--key', 'k'];
const errorOf = (argv: string[]) => {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('parseDuration', () => {
  it('reads 30s, 10m, 1h, combinations and bare seconds', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('10 minutes')).toBeNull();
    expect(parseDuration('m')).toBeNull();
  });
});

describe('parseCliArgs', () => {
  it('parses the flags, with defaults', () => {
    expect(parseCliArgs([...base], () => 'r')).toEqual({ url: 'http://localhost:3000', key: 'k', rate: 200, durationMs: null, seed: 'r', batch: null });
    expect(parseCliArgs([...base, '--rate', '50', '--duration', '10m', '--seed', 's', '--batch', '100'])).toEqual({
      url: 'http://localhost:3000',
      key: 'k',
      rate: 50,
      durationMs: 600_000,
      seed: 's',
      batch: 100,
    });
    expect(parseCliArgs(['--help'])).toBeNull();
  });

  it('names the flag at fault', () => {
    expect(errorOf(['--key', 'k'])).toMatch(/^--url is required/);
    expect(errorOf(['--url', 'localhost:3000', '--key', 'k'])).toMatch(/^--url: expected http/);
    expect(errorOf(['--url', 'nonsense', '--key', 'k'])).toMatch(/^--url: not a URL/);
    expect(errorOf(['--url', 'http://h'])).toMatch(/^--key is required/);
    expect(errorOf([...base, '--rate', '0'])).toMatch(/^--rate: /);
    expect(errorOf([...base, '--rate', 'fast'])).toMatch(/^--rate: /);
    expect(errorOf([...base, '--duration', '10 min'])).toMatch(/^--duration: /);
    expect(errorOf([...base, '--batch', '20000'])).toMatch(/^--batch: /);
    expect(errorOf([...base, '--batch', '2.5'])).toMatch(/^--batch: /);
    expect(errorOf([...base, '--speed', '3'])).toContain('--speed');
    expect(errorOf([...base, '--rate'])).toContain('--rate');
  });
});
