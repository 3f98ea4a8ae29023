import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, EVENT_TYPES } from '@gridlens/contracts';
import { en } from './en';
import { translate, type MessageKey } from './messages';
import { zh } from './zh';

describe('i18n dictionaries', () => {
  it('have the same keys in both languages, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const value of [...Object.values(zh), ...Object.values(en)]) expect(value.trim()).not.toBe('');
  });

  it('label every case status', () => {
    for (const status of CASE_STATUSES) {
      expect(zh).toHaveProperty(`status.${status}`);
      expect(en).toHaveProperty(`status.${status}`);
    }
  });

  it('label every event type and timer colour', () => {
    for (const type of EVENT_TYPES) {
      expect(zh).toHaveProperty(`eventType.${type}`);
      expect(en).toHaveProperty(`eventType.${type}`);
    }
    for (const colour of ['green', 'yellow', 'red']) expect(zh).toHaveProperty(`timer.${colour}`);
  });

  it('fill placeholders and leave unknown ones', () => {
    expect(translate('zh', 'signIn.failed', { message: '密码错误' })).toBe('登录失败:密码错误');
    expect(translate('en', 'kpi.asOf' as MessageKey)).toBe('as of {time}');
  });
});
