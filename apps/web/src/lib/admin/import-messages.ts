import type { Language } from '../i18n';

/** The upload page's labels (kept with the page; the header's link label is `nav.import` in the app dictionaries). */
const zh = {
  title: '导入案件',
  adminOnly: '仅管理员可导入数据。',
  file: 'CSV 文件(可为 .gz 压缩)',
  mapping: '映射',
  preset: '预设',
  mappingFile: '映射文件(JSON)',
  restart: '从头开始(忽略未完成的同一导入)',
  start: '导入',
  uploading: '上传中…',
  rows: '已读 {read} 行 = 导入 {imported} + 拒绝 {rejected}',
  rate: '{rate} 行/秒',
  eta: '剩余 {eta}',
  events: '新增事件 {added},已存在 {duplicate}',
  resumed: '续传:从第 {line} 行之后继续',
  state_running: '进行中',
  state_done: '完成',
  state_failed: '失败',
  rejectedBy: '拒绝原因',
  unmapped: '未映射的值(归入“其他”)',
  rejects: '下载拒绝行 CSV',
  docs: '映射格式见 docs/import.md',
  table_categories: '类别',
  table_departments: '部门',
  table_statuses: '状态',
  table_channels: '来源渠道',
} as const;

const en: Record<keyof typeof zh, string> = {
  title: 'Import cases',
  adminOnly: 'Only admins can import data.',
  file: 'CSV file (may be .gz)',
  mapping: 'Mapping',
  preset: 'Preset',
  mappingFile: 'Mapping file (JSON)',
  restart: 'Start over (ignore an unfinished import of the same file)',
  start: 'Import',
  uploading: 'Uploading…',
  rows: '{read} rows read = {imported} imported + {rejected} rejected',
  rate: '{rate} rows/s',
  eta: '{eta} left',
  events: '{added} events added, {duplicate} already there',
  resumed: 'Resumed after line {line}',
  state_running: 'running',
  state_done: 'done',
  state_failed: 'failed',
  rejectedBy: 'Rejected, by reason',
  unmapped: 'Unmapped values (sent to "other")',
  rejects: 'Download the rejected rows (CSV)',
  docs: 'The mapping format is described in docs/import.md',
  table_categories: 'categories',
  table_departments: 'departments',
  table_statuses: 'statuses',
  table_channels: 'channels',
};

export type ImportMessage = keyof typeof zh;

export function importText(language: Language, key: ImportMessage, params: Record<string, string | number> = {}): string {
  const template = (language === 'en' ? en : zh)[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
