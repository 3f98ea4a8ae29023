import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { RATE_INDICATORS, type CountIndicator, type IndicatorId, type PublicRanking, type PublicRankingRow, type RateIndicator } from '@gridlens/contracts';
import { DOWNLOAD_WORDS, INDICATOR_NAMES, type DownloadLang } from './ranking-download-labels';

/**
 * A published ranking as a table to download (docs/api.md, "Public rankings"): a header block naming the
 * publication (period, level, scheme version, id, hash, correction), the ranking, and footnotes. Built from the
 * PUBLIC ranking only (suppression already applied), so a download shows exactly what the page shows.
 */
export const SUPPRESSED = '—';

type Format = 'text' | 'rank' | 'score' | 'delta' | 'rate' | 'count';
/** A cell: a value, null (not applicable: empty), or suppressed (shown as "—"). */
type Cell = string | number | null | typeof SUPPRESSED;

interface Column {
  header: string;
  format: Format;
  cell(row: PublicRankingRow, hidden: boolean): Cell;
}

export interface RankingTable {
  title: string;
  sheet: string;
  /** Label and value lines above the table. */
  about: [string, string][];
  columns: { header: string; format: Format }[];
  rows: Cell[][];
  notes: string[];
}

/** Always listed, before the scheme's own indicators. */
const FIXED_RATES: RateIndicator[] = ['closureRate', 'onTimeClosureRate'];
const FIXED_COUNTS: CountIndicator[] = ['due', 'closed', 'closedOnTime', 'registered'];
const isRate = (id: IndicatorId): id is RateIndicator => (RATE_INDICATORS as readonly string[]).includes(id);

function figure(f: { value: number | null; suppressed: boolean } | undefined): Cell {
  if (!f) return null;
  return f.suppressed ? SUPPRESSED : f.value;
}

/** Score, grade, rank and changes of a unit whose due cases are under the public minimum are not shown. */
const hiddenUnit = (row: PublicRankingRow) => row.counts.due?.suppressed === true;

export function rankingTable(ranking: PublicRanking, lang: DownloadLang): RankingTable {
  const w = DOWNLOAD_WORDS[lang];
  const name = (id: IndicatorId) => INDICATOR_NAMES[id][lang];
  const schemeIndicators = (ranking.scheme.definition.levels[ranking.level] ?? []).map((item) => item.indicator);
  const rates = [...new Set<IndicatorId>([...FIXED_RATES, ...schemeIndicators.filter(isRate)])] as RateIndicator[];
  const counts = [...new Set<IndicatorId>([...FIXED_COUNTS, ...schemeIndicators.filter((id) => !isRate(id))])] as CountIndicator[];
  const columns: Column[] = [
    { header: w.rank, format: 'rank', cell: (r, h) => (h ? SUPPRESSED : r.rank) },
    { header: w.code, format: 'text', cell: (r) => r.code },
    { header: w.unit, format: 'text', cell: (r) => r.name[lang] },
    { header: w.score, format: 'score', cell: (r, h) => (h ? SUPPRESSED : r.score) },
    { header: w.grade, format: 'text', cell: (r, h) => (h ? SUPPRESSED : r.grade) },
    { header: w.scoreChange, format: 'delta', cell: (r, h) => (h ? SUPPRESSED : (r.change.previous?.scoreDelta ?? null)) },
    { header: w.rankChange, format: 'rank', cell: (r, h) => (h ? SUPPRESSED : (r.change.previous?.rankDelta ?? null)) },
    ...rates.map((id): Column => ({ header: name(id), format: 'rate', cell: (r) => figure(r.rates[id]) })),
    ...counts.map((id): Column => ({ header: name(id), format: 'count', cell: (r) => figure(r.counts[id]) })),
  ];
  const about: [string, string][] = [
    [w.period, ranking.period],
    [w.range, `${ranking.from} – ${ranking.to}`],
    [w.level, w.levels[ranking.level]],
    [w.scheme, ranking.schemeVersion],
    [w.publication, ranking.id],
    [w.publishedAt, ranking.publishedAt],
    [w.hash, ranking.hash],
  ];
  if (ranking.note) about.push([w.note, ranking.note]);
  if (ranking.supersedes) about.push([w.corrects, ranking.supersedes.id], [w.reason, ranking.supersedes.reason]);
  if (ranking.supersededBy) about.push([w.supersededBy, ranking.supersededBy]);
  return {
    title: w.title,
    sheet: w.sheet,
    about,
    columns: columns.map(({ header, format }) => ({ header, format })),
    rows: ranking.rows.map((row) => columns.map((c) => c.cell(row, hiddenUnit(row)))),
    notes: [w.suppressedNote(ranking.minCount), w.notRankedNote, w.changeNote, w.rateNote],
  };
}

function text(cell: Cell, format: Format): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  switch (format) {
    case 'score':
      return cell.toFixed(2);
    case 'delta':
      return `${cell > 0 ? '+' : ''}${cell.toFixed(2)}`;
    case 'rate':
      return `${(cell * 100).toFixed(2)}%`;
    default:
      return String(cell);
  }
}

/** RFC 4180 CSV (CRLF, quoted where needed) with a UTF-8 byte order mark, so Excel reads the Chinese right. */
export function rankingCsv(table: RankingTable): Buffer {
  const width = table.columns.length;
  const pad = (cells: string[]) => [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')];
  const records = [
    pad([table.title]),
    ...table.about.map(([label, value]) => pad([label, value])),
    pad([]),
    table.columns.map((c) => c.header),
    ...table.rows.map((row) => row.map((cell, i) => text(cell, table.columns[i].format))),
    pad([]),
    ...table.notes.map((note) => pad([note])),
  ];
  return Buffer.from(stringify(records, { bom: true, record_delimiter: 'windows' }), 'utf8');
}

const NUMBER_FORMATS: Partial<Record<Format, string>> = { score: '0.00', delta: '+0.00;-0.00;0.00', rate: '0.00%', count: '0', rank: '0' };

/** The same table as an Excel workbook: one sheet, numbers as numbers (rates as percentages), the header frozen. */
export async function rankingXlsx(table: RankingTable, publishedAt: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'gridlens';
  workbook.created = workbook.modified = new Date(publishedAt);
  const sheet = workbook.addWorksheet(table.sheet);
  sheet.addRow([table.title]).font = { bold: true, size: 14 };
  for (const [label, value] of table.about) sheet.addRow([label, value]).getCell(1).font = { bold: true };
  sheet.addRow([]);
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    cell.alignment = { wrapText: true, vertical: 'middle' };
  });
  sheet.views = [{ state: 'frozen', ySplit: header.number }];
  for (const cells of table.rows) {
    const row = sheet.addRow(cells);
    cells.forEach((cell, i) => {
      const fmt = NUMBER_FORMATS[table.columns[i].format];
      if (typeof cell === 'number' && fmt) row.getCell(i + 1).numFmt = fmt;
      if (cell === SUPPRESSED) row.getCell(i + 1).alignment = { horizontal: 'center' };
    });
  }
  sheet.addRow([]);
  for (const note of table.notes) sheet.addRow([note]).getCell(1).font = { italic: true };
  // The first column also holds the header block's labels.
  table.columns.forEach((c, i) => (sheet.getColumn(i + 1).width = i === 0 ? 24 : c.format === 'text' ? 20 : 14));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
