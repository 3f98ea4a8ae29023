import type { IndicatorId, PublicLevel } from '@gridlens/contracts';

/** The words of a ranking download (CSV, XLSX), Chinese and English. Indicator names follow docs/evaluation.md. */
export type DownloadLang = 'zh' | 'en';

export interface DownloadWords {
  title: string;
  sheet: string;
  period: string;
  range: string;
  level: string;
  scheme: string;
  publication: string;
  publishedAt: string;
  hash: string;
  note: string;
  corrects: string;
  reason: string;
  supersededBy: string;
  rank: string;
  code: string;
  unit: string;
  score: string;
  grade: string;
  scoreChange: string;
  rankChange: string;
  levels: Record<PublicLevel, string>;
  /** Footnotes; `n` is the public minimum count. */
  suppressedNote: (n: number) => string;
  notRankedNote: string;
  changeNote: string;
  rateNote: string;
}

export const DOWNLOAD_WORDS: Record<DownloadLang, DownloadWords> = {
  zh: {
    title: '数字城管综合评价排名（已发布）',
    sheet: '排名',
    period: '评价期间',
    range: '起止时间（UTC）',
    level: '评价层级',
    scheme: '评价方案版本',
    publication: '发布编号',
    publishedAt: '发布时间（UTC）',
    hash: '内容哈希（SHA-256）',
    note: '发布说明',
    corrects: '本发布更正了',
    reason: '更正原因',
    supersededBy: '本发布已被更正，现行发布',
    rank: '排名',
    code: '代码',
    unit: '单位',
    score: '得分',
    grade: '等级',
    scoreChange: '得分环比变化',
    rankChange: '排名环比变化',
    levels: { district: '区（县、市）', street: '街道（乡镇）', community: '社区', department: '部门' },
    suppressedNote: (n) => `注：“—”表示该数字所依据的案件少于 ${n} 件，为保护隐私不予公开。`,
    notRankedNote: '注：排名为空表示应结案数不足，未参与排名。',
    changeNote: '注：排名环比变化为正表示名次上升；得分环比变化为本期得分减上期得分。',
    rateNote: '注：比率为百分比；分母为 0 时为空。',
  },
  en: {
    title: 'Digital urban management performance ranking (published)',
    sheet: 'Ranking',
    period: 'Period',
    range: 'From – to (UTC)',
    level: 'Level',
    scheme: 'Scheme version',
    publication: 'Publication id',
    publishedAt: 'Published at (UTC)',
    hash: 'Content hash (SHA-256)',
    note: 'Note',
    corrects: 'This publication corrects',
    reason: 'Reason for the correction',
    supersededBy: 'Superseded by a correction; current publication',
    rank: 'Rank',
    code: 'Code',
    unit: 'Unit',
    score: 'Score',
    grade: 'Grade',
    scoreChange: 'Score change vs previous period',
    rankChange: 'Rank change vs previous period',
    levels: { district: 'District', street: 'Street', community: 'Community', department: 'Department' },
    suppressedNote: (n) => `— means fewer than ${n} cases: not shown to protect privacy.`,
    notRankedNote: 'An empty rank: too few cases due to be ranked.',
    changeNote: 'A positive rank change means the unit moved up; the score change is this score minus the previous one.',
    rateNote: 'Rates are percentages; empty when the denominator is 0.',
  },
};

export const INDICATOR_NAMES: Record<IndicatorId, { zh: string; en: string }> = {
  reported: { zh: '上报数', en: 'Reported' },
  supervisionReported: { zh: '监督上报数', en: 'Reported by supervision' },
  validReported: { zh: '有效上报数', en: 'Valid reports' },
  registered: { zh: '立案数', en: 'Registered' },
  voided: { zh: '作废数', en: 'Voided' },
  dispatched: { zh: '派遣数', en: 'Dispatched' },
  returned: { zh: '回退数', en: 'Returned' },
  dueToHandle: { zh: '应处置数', en: 'Due to be handled' },
  handled: { zh: '处置数', en: 'Handled' },
  handledOnTime: { zh: '按期处置数', en: 'Handled on time' },
  due: { zh: '应结案数', en: 'Due to be closed' },
  closed: { zh: '结案数', en: 'Closed' },
  closedOnTime: { zh: '按期结案数', en: 'Closed on time' },
  rework: { zh: '返工数', en: 'Rework' },
  overdue: { zh: '超期数', en: 'Overdue' },
  missed: { zh: '漏报数', en: 'Missed' },
  verified: { zh: '核实数', en: 'Verified' },
  verifiedOnTime: { zh: '按时核实数', en: 'Verified on time' },
  checked: { zh: '核查数', en: 'Checked' },
  checkedOnTime: { zh: '按时核查数', en: 'Checked on time' },
  closureRate: { zh: '结案率', en: 'Closure rate' },
  onTimeClosureRate: { zh: '按期结案率', en: 'On-time closure rate' },
  handlingRate: { zh: '处置率', en: 'Handling rate' },
  onTimeHandlingRate: { zh: '按期处置率', en: 'On-time handling rate' },
  validReportRate: { zh: '有效上报率', en: 'Valid report rate' },
  accurateRegistrationRate: { zh: '准确立案率', en: 'Accurate registration rate' },
  accurateDispatchRate: { zh: '准确派遣率', en: 'Accurate dispatch rate' },
  missRate: { zh: '漏报率', en: 'Miss rate' },
  reworkRate: { zh: '返工率', en: 'Rework rate' },
  supervisionReportRate: { zh: '监督举报率', en: 'Supervision report rate' },
  onTimeVerifyRate: { zh: '按时核实率', en: 'On-time verification rate' },
  onTimeCheckRate: { zh: '按时核查率', en: 'On-time check rate' },
};
