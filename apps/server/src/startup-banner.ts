/** The lines `npm start` ends with: where the dashboard is, how to sign in, and what the demo is doing. */
export function startupBanner(options: {
  host: string;
  port: number;
  /** The admin password when it was generated at this start (printed only then). */
  generatedPassword: string | null;
  demo: 'off' | 'backfilling';
  historyDays: number;
}): string {
  // A wildcard address is not one to open in a browser.
  const host = ['0.0.0.0', '::', ''].includes(options.host) ? 'localhost' : options.host.includes(':') ? `[${options.host}]` : options.host;
  const lines = [`  gridlens is running: http://${host}:${options.port}/`];
  if (options.generatedPassword) {
    lines.push(
      `  sign in as admin, password: ${options.generatedPassword}`,
      '  (generated now and shown only this once; set ADMIN_PASSWORD or run `npm run users -- add admin --role admin` to choose one)',
    );
  }
  if (options.demo === 'backfilling') {
    lines.push(`  demo city: backfilling ${options.historyDays} days of simulated history, then live at about 1 event/s (DEMO=off to disable)`);
  }
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const rule = '='.repeat(Math.min(width, 120));
  return ['', rule, ...lines, rule, ''].join('\n');
}
