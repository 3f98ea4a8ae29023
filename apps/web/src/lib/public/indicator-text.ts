import type { IndicatorId } from '@gridlens/contracts';
import type { Language } from '../i18n/messages';

/**
 * The name and public definition of every indicator, in both languages, as docs/evaluation.md defines them
 * (period P = [start, end) in whole local days; a case's state is its events replayed up to the end of P).
 * Typed by the contract: a new indicator without a text is a compile error.
 */
type Text = { name: string; def: string };
export const INDICATOR_TEXT: Record<IndicatorId, Record<Language, Text>> = {
  reported: { zh: { name: '上报数', def: '统计期内上报的问题数。' }, en: { name: 'Reported', def: 'Problems reported in the period.' } },
  supervisionReported: {
    zh: { name: '监督上报数', def: '统计期内由监督员、信息采集员或视频上报的问题数(主动监督发现)。' },
    en: { name: 'Reported by supervision', def: 'Problems reported in the period by inspectors, collectors or video (found by active supervision).' },
  },
  validReported: {
    zh: { name: '有效上报数', def: '统计期内上报、且在期末前立案的问题数。' },
    en: { name: 'Valid reports', def: 'Problems reported in the period and registered as cases by its end.' },
  },
  registered: { zh: { name: '立案数', def: '统计期内立案的案件数。' }, en: { name: 'Registered', def: 'Cases registered in the period.' } },
  voided: { zh: { name: '作废数', def: '立案后在统计期内作废的案件数。' }, en: { name: 'Voided', def: 'Registered cases voided in the period.' } },
  dispatched: { zh: { name: '派遣数', def: '统计期内的派遣次数。' }, en: { name: 'Dispatched', def: 'Dispatches made in the period.' } },
  returned: { zh: { name: '回退数', def: '统计期内处置部门退回(非本部门职责)的次数。' }, en: { name: 'Returned', def: 'Dispatches sent back by a department in the period (not its job).' } },
  dueToHandle: {
    zh: { name: '应处置数', def: '已派遣(或监督员自行处理)的案件中,处置完成时刻或处置时限(取先到者)落在统计期内的案件数。' },
    en: { name: 'Due to be handled', def: 'Dispatched (or fixed on the spot by an inspector) cases whose handling or deadline, whichever came first, falls in the period.' },
  },
  handled: { zh: { name: '处置数', def: '应处置案件中在期末前处置完成的数量。' }, en: { name: 'Handled', def: 'Cases due to be handled that were handled by the end of the period.' } },
  handledOnTime: { zh: { name: '按期处置数', def: '应处置案件中在时限内处置完成的数量。' }, en: { name: 'Handled on time', def: 'Cases due to be handled that were handled within their deadline.' } },
  due: {
    zh: {
      name: '应结案数',
      def: '已立案、未作废的案件中,结案时刻或处置时限(取先到者)落在统计期内的案件数。每个案件只在一个期次应结案:按期结案的在结案的那个月,超期的在超期的那个月。期末仍挂账(时钟停止)且尚未超期的案件不计。',
    },
    en: {
      name: 'Due to be closed',
      def: 'Registered, not voided cases whose closing or deadline, whichever came first, falls in the period. Each case is due in exactly one period: the month it was closed if on time, the month it fell overdue otherwise. Cases on hold at the end of the period before their deadline passed (clock stopped) are not counted.',
    },
  },
  closed: { zh: { name: '结案数', def: '应结案案件中在期末前结案的数量。' }, en: { name: 'Closed', def: 'Cases due in the period that were closed by its end.' } },
  closedOnTime: { zh: { name: '按期结案数', def: '应结案案件中在时限内(含延期)结案的数量。' }, en: { name: 'Closed on time', def: 'Cases due in the period that were closed within their deadline (extensions included).' } },
  rework: { zh: { name: '返工数', def: '统计期内核查不通过、退回原部门返工的次数。' }, en: { name: 'Rework', def: 'Cases sent back for rework after a failed on-site check, in the period.' } },
  overdue: { zh: { name: '超期数', def: '期末仍未结案、且已超过处置时限的案件数。' }, en: { name: 'Overdue', def: 'Cases still open at the end of the period and past their deadline.' } },
  missed: {
    zh: { name: '漏报数', def: '统计期内立案、由公众或热线首先上报(监督员未发现)的案件数。' },
    en: { name: 'Missed', def: 'Cases registered in the period that the public or the hotline reported first (missed by supervision).' },
  },
  verified: { zh: { name: '核实数', def: '统计期内现场核实的数量。' }, en: { name: 'Verified', def: 'On-site verifications in the period.' } },
  verifiedOnTime: { zh: { name: '按时核实数', def: '在方案规定的工作时限内完成的核实数。' }, en: { name: 'Verified on time', def: 'Verifications within the working-time limit of the scheme.' } },
  checked: { zh: { name: '核查数', def: '统计期内处置后现场核查的数量。' }, en: { name: 'Checked', def: 'On-site checks after handling, in the period.' } },
  checkedOnTime: { zh: { name: '按时核查数', def: '在方案规定的工作时限内完成的核查数。' }, en: { name: 'Checked on time', def: 'Checks within the working-time limit of the scheme.' } },

  closureRate: { zh: { name: '结案率', def: '结案数 / 应结案数。' }, en: { name: 'Closure rate', def: 'Closed / due to be closed.' } },
  onTimeClosureRate: { zh: { name: '按期结案率', def: '按期结案数 / 应结案数。' }, en: { name: 'On-time closure rate', def: 'Closed on time / due to be closed.' } },
  handlingRate: { zh: { name: '处置率', def: '处置数 / 应处置数。' }, en: { name: 'Handling rate', def: 'Handled / due to be handled.' } },
  onTimeHandlingRate: { zh: { name: '按期处置率', def: '按期处置数 / 应处置数。' }, en: { name: 'On-time handling rate', def: 'Handled on time / due to be handled.' } },
  validReportRate: { zh: { name: '有效上报率', def: '有效上报数 / 上报数。' }, en: { name: 'Valid report rate', def: 'Valid reports / reported.' } },
  accurateRegistrationRate: { zh: { name: '准确立案率', def: '(立案数 − 作废数)/ 立案数。' }, en: { name: 'Accurate registration rate', def: '(Registered − voided) / registered.' } },
  accurateDispatchRate: { zh: { name: '准确派遣率', def: '(派遣数 − 回退数)/ 派遣数。' }, en: { name: 'Accurate dispatch rate', def: '(Dispatched − returned) / dispatched.' } },
  missRate: { zh: { name: '漏报率', def: '漏报数 / 立案数。' }, en: { name: 'Miss rate', def: 'Missed / registered.' } },
  reworkRate: { zh: { name: '返工率', def: '返工数 / 结案数。' }, en: { name: 'Rework rate', def: 'Rework / closed.' } },
  supervisionReportRate: {
    zh: { name: '监督举报率', def: '监督上报数 / 上报数:问题中由主动监督发现的比例。' },
    en: { name: 'Supervision report rate', def: 'Reported by supervision / reported: the share of problems found by active supervision.' },
  },
  onTimeVerifyRate: { zh: { name: '按时核实率', def: '按时核实数 / 核实数。' }, en: { name: 'On-time verification rate', def: 'Verified on time / verified.' } },
  onTimeCheckRate: { zh: { name: '按时核查率', def: '按时核查数 / 核查数。' }, en: { name: 'On-time check rate', def: 'Checked on time / checked.' } },
};

/** The name of an indicator in a language. */
export const indicatorName = (id: IndicatorId, lang: Language): string => INDICATOR_TEXT[id][lang].name;
