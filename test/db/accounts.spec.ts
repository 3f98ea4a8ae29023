import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { Database } from '../../apps/server/src/db/database';
import { SettingRepository } from '../../apps/server/src/repositories/setting.repository';
import { AuthService } from '../../apps/server/src/services/auth.service';
import { UserService } from '../../apps/server/src/services/user.service';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

for (const backend of testBackends()) {
  describe(`accounts and shared secrets on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('creates admin once, manages accounts, and signs in with argon2 hashes', async () => {
      const users = app.get(UserService);
      const auth = app.get(AuthService);
      const admin = await users.ensureAdmin(null);
      expect(admin?.generated).toBe(true);
      expect(await users.ensureAdmin('another-password')).toBeNull();
      await users.add('wang.fang', 'leader', 'leader-pass-1');
      await users.add('wang.fang', 'planner', 'planner-pass-2'); // update: new role and password
      expect((await users.list()).map((u) => [u.username, u.role])).toEqual([['admin', 'admin'], ['wang.fang', 'planner']]);
      const [row] = await db.query<{ password_hash: string }>(`SELECT password_hash FROM app_user WHERE username = 'wang.fang'`);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      const { token, role } = await auth.login('wang.fang', 'planner-pass-2');
      expect(role).toBe('planner');
      expect(await auth.verifyToken(token)).toEqual({ username: 'wang.fang', role: 'planner' });
      await expect(auth.login('wang.fang', 'leader-pass-1')).rejects.toThrow('wrong username or password');
      await expect(auth.login('nobody', 'whatever-pass')).rejects.toThrow('wrong username or password');
      expect(await users.remove('wang.fang')).toBe(true);
      expect(await users.remove('wang.fang')).toBe(false);
      await expect(users.add('bad name!', 'planner')).rejects.toThrow('username: 1-64 letters, digits, _ . @ or -');
    });

    it('keeps one signing key per database, whoever asks first', async () => {
      const settings = app.get(SettingRepository);
      const first = await settings.secret('test-key', () => 'one');
      const second = await settings.secret('test-key', () => 'two');
      expect([first, second]).toEqual(['one', 'one']);
      await expect(app.get(AuthService).verifyToken('not-a-token')).rejects.toThrow('invalid or expired token');
    });
  });
}
