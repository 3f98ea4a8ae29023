import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { PublicRanking, PublicRankingRow } from '@gridlens/contracts';
import { rankingCsv, rankingTable, rankingXlsx, SUPPRESSED } from './ranking-download';

const shown = (value: number) => ({ value, suppressed: false });
const hidden = { value: null, suppressed: true };

function row(code: string, zh: string, en: string, extra: Partial<PublicRankingRow>): PublicRankingRow {
  return {
    code,
    name: { zh, en },
    score: null,
    grade: null,
    rank: null,
    change: { previous: null, yearAgo: null },
    counts: {},
    rates: {},
    topCategories: [],
    suppressed: false,
    ...extra,
  };
}

const ranking: PublicRanking = {
  id: '2026-10.district.2',
  period: '2026-10',
  level: 'district',
  schemeVersion: 'default-2026.1',
  publishedAt: '2026-11-02T01:00:00.000Z',
  hash: 'ab'.repeat(32),
  supersedes: { id: '2026-10.district.1', reason: '漏录了 "天宁区" 的 3 件案件, 已补录' },
  supersededBy: null,
  from: '2026-09-30T16:00:00.000Z',
  to: '2026-10-31T16:00:00.000Z',
  note: '',
  scheme: {
    version: 'default-2026.1',
    definition: {
      name: { zh: '默认', en: 'Default' },
      levels: { district: [{ indicator: 'supervisionReportRate', weight: 100, scoring: { kind: 'rate' } }] },
      grades: [{ grade: 'A', min: 0 }],
      verifyLimitWorkingHours: 2,
      checkLimitWorkingHours: 2,
      minDueToRank: 5,
    },
  },
  minCount: 5,
  rows: [
    row('320402', '天宁区', 'Tianning', {
      score: 93.5,
      grade: 'A',
      rank: 1,
      change: { previous: { period: '2026-09', score: 90, rank: 2, scoreDelta: 3.5, rankDelta: 1 }, yearAgo: null },
      counts: { due: shown(12), closed: shown(11), closedOnTime: shown(10), registered: shown(14) },
      rates: { closureRate: shown(11 / 12), onTimeClosureRate: shown(10 / 12), supervisionReportRate: shown(0.5) },
    }),
    row('320481', '溧阳市', 'Liyang', {
      counts: { due: hidden, closed: hidden, closedOnTime: hidden, registered: shown(6) },
      rates: { closureRate: hidden, onTimeClosureRate: hidden, supervisionReportRate: shown(0.25) },
      suppressed: true,
    }),
  ],
  correction: null,
};

describe('ranking downloads', () => {
  it('lays out the table: fixed columns, then the scheme’s own indicators; suppressed figures as "—"', () => {
    const t = rankingTable(ranking, 'en');
    expect(t.columns.map((c) => c.header)).toEqual([
      'Rank', 'Code', 'Unit', 'Score', 'Grade', 'Score change vs previous period', 'Rank change vs previous period',
      'Closure rate', 'On-time closure rate', 'Supervision report rate', 'Due to be closed', 'Closed', 'Closed on time', 'Registered',
    ]);
    expect(t.rows[0]).toEqual([1, '320402', 'Tianning', 93.5, 'A', 3.5, 1, 11 / 12, 10 / 12, 0.5, 12, 11, 10, 14]);
    expect(t.rows[1]).toEqual(['—', '320481', 'Liyang', '—', '—', '—', '—', '—', '—', 0.25, '—', '—', '—', 6]);
    expect(t.about).toContainEqual(['Publication id', '2026-10.district.2']);
    expect(t.about).toContainEqual(['Content hash (SHA-256)', 'ab'.repeat(32)]);
    expect(t.about).toContainEqual(['This publication corrects', '2026-10.district.1']);
    expect(t.notes[0]).toBe('— means fewer than 5 cases: not shown to protect privacy.');
  });

  it('writes RFC 4180 CSV with a UTF-8 BOM, CRLF, quoted fields and Chinese by default', () => {
    const bytes = rankingCsv(rankingTable(ranking, 'zh'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0].startsWith('数字城管综合评价排名（已发布）,')).toBe(true);
    expect(lines).toContain('评价期间,2026-10,,,,,,,,,,,,');
    // A comma and quotes in the reason: quoted, quotes doubled.
    expect(lines).toContain('更正原因,"漏录了 ""天宁区"" 的 3 件案件, 已补录",,,,,,,,,,,,');
    expect(lines).toContain('1,320402,天宁区,93.50,A,+3.50,1,91.67%,83.33%,50.00%,12,11,10,14');
    expect(lines).toContain(`${SUPPRESSED},320481,溧阳市,—,—,—,—,—,—,25.00%,—,—,—,6`);
    expect(lines).toContain('注：“—”表示该数字所依据的案件少于 5 件，为保护隐私不予公开。,,,,,,,,,,,,,');
    expect(lines.at(-1)).toBe(''); // the last record ends with CRLF too
  });

  it('writes an XLSX whose cells hold numbers (rates as percentages) and the same words', async () => {
    const bytes = await rankingXlsx(rankingTable(ranking, 'zh'), ranking.publishedAt);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('排名')!;
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    const headerRow = [...Array(sheet.rowCount).keys()].map((i) => i + 1).find((r) => values(r)[0] === '排名')!;
    expect(values(1)[0]).toBe('数字城管综合评价排名（已发布）');
    expect(values(headerRow + 1)).toEqual([1, '320402', '天宁区', 93.5, 'A', 3.5, 1, 11 / 12, 10 / 12, 0.5, 12, 11, 10, 14]);
    expect(sheet.getRow(headerRow + 1).getCell(8).numFmt).toBe('0.00%');
    expect(values(headerRow + 2)).toEqual(['—', '320481', '溧阳市', '—', '—', '—', '—', '—', '—', 0.25, '—', '—', '—', 6]);
    expect(values(headerRow + 4)[0]).toBe('注：“—”表示该数字所依据的案件少于 5 件，为保护隐私不予公开。');
    expect(wb.created.toISOString()).toBe(ranking.publishedAt);
  });
});
