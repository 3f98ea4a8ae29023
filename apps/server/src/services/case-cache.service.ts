import { Injectable } from '@nestjs/common';
import type { VersionedCase } from '../repositories/case.repository';

/** How many cases an instance keeps (first cached, first out). About 1 KB each. */
const CAPACITY = 250_000;

/**
 * Recently written case states, so the next event of a case need not read it back. Never trusted blindly: a save
 * succeeds only if the case's version in the database is still the cached one, and a refusal based on a cached
 * state is confirmed against the database's version, so a stale entry (another instance wrote the case) costs a
 * retry, never a wrong answer.
 */
@Injectable()
export class CaseCache {
  private readonly entries = new Map<string, VersionedCase>();

  get(caseId: string): VersionedCase | undefined {
    return this.entries.get(caseId);
  }

  /** After a commit: the states as written. */
  put(cases: Iterable<VersionedCase>): void {
    for (const c of cases) this.entries.set(c.state.caseId, c);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= CAPACITY) break;
      this.entries.delete(key);
    }
  }

  /** After a failed attempt: forget what it touched. */
  forget(caseIds: Iterable<string>): void {
    for (const id of caseIds) this.entries.delete(id);
  }
}
