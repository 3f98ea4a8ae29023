// Running totals of a simulator run and the lines printed about them.
import type { IngestResult } from '@gridlens/contracts';

/** How many rejection messages are printed in full (the rest are only counted). */
const SHOWN_REJECTIONS = 5;

export class RunStats {
  sent = 0;
  accepted = 0;
  duplicates = 0;
  rejected = 0;
  requests = 0;
  /** Requests that failed and were retried (server unreachable, 503). */
  retries = 0;
  private readonly shown: string[] = [];
  private lastReport: { at: number; accepted: number };

  constructor(private readonly start: number) {
    this.lastReport = { at: start, accepted: 0 };
  }

  /** Count a batch's answer; returns the rejection lines to print now (the first few of the run). */
  record(count: number, result: IngestResult): string[] {
    this.requests++;
    this.sent += count;
    this.accepted += result.accepted;
    this.duplicates += result.duplicates;
    this.rejected += result.rejected.length;
    const lines: string[] = [];
    for (const r of result.rejected) {
      if (this.shown.length >= SHOWN_REJECTIONS) break;
      const line = `rejected ${r.eventId ?? `#${r.index}`}: ${r.error}`;
      this.shown.push(line);
      lines.push(line + (this.shown.length === SHOWN_REJECTIONS ? ' (further rejections are only counted)' : ''));
    }
    return lines;
  }

  /** A progress line: totals and the accepted rate since the previous progress line. */
  progress(now: number): string {
    const seconds = (now - this.lastReport.at) / 1000;
    const rate = seconds > 0 ? (this.accepted - this.lastReport.accepted) / seconds : 0;
    this.lastReport = { at: now, accepted: this.accepted };
    return `[${fmtSeconds(now - this.start)}] ${this.totals()} · ${rate.toFixed(1)} events/s`;
  }

  /** The final summary line (one line, `key=value`, for people and scripts alike). */
  summary(now: number): string {
    const seconds = (now - this.start) / 1000;
    const rate = seconds > 0 ? this.accepted / seconds : 0;
    return `summary: sent=${this.sent} accepted=${this.accepted} duplicates=${this.duplicates} rejected=${this.rejected} requests=${this.requests} retries=${this.retries} elapsed=${seconds.toFixed(1)}s rate=${rate.toFixed(1)}/s`;
  }

  private totals(): string {
    return `sent ${this.sent} · accepted ${this.accepted} · duplicates ${this.duplicates} · rejected ${this.rejected}`;
  }
}

const fmtSeconds = (ms: number) => `${(ms / 1000).toFixed(0).padStart(4)}s`;
