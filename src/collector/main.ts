// `node dist/collector.js`: the reference collector of AI Guard telemetry (see docs/telemetry-collector.md).
import { parseCommandLine, usage } from './config';
import { startCollector } from './server';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

async function main(): Promise<number> {
  const parsed = parseCommandLine(process.argv.slice(2), process.env);
  if (parsed.help) {
    process.stdout.write(usage());
    return 0;
  }
  if ('error' in parsed) {
    process.stderr.write(`ai-guard collector: ${parsed.error}\n`);
    return 2;
  }
  const { config } = parsed;
  const log = (line: string) => process.stderr.write(`[collector] ${line}\n`);
  if (!LOOPBACK.test(config.host)) {
    log(`warning: listening on ${config.host}, not only on this machine; serve it through a TLS reverse proxy${config.token === undefined ? ', and set --token so that not anyone can send events' : ''}.`);
  } else if (config.token === undefined) {
    log('no --token: any local process may send events (set AIGUARD_COLLECTOR_TOKEN or --token to require one).');
  }

  let collector;
  try {
    collector = await startCollector({ config, log });
  } catch (error) {
    process.stderr.write(`ai-guard collector: cannot start: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(
    [
      `AI Guard telemetry collector listening on ${collector.url}`,
      `  dashboard:     ${collector.url}/${config.dashboardToken === undefined ? ' (off: set --dashboard-token to serve it to the AI lead)' : " (the AI lead's --dashboard-token required)"}`,
      `  OTLP endpoint: ${collector.url}/v1/logs (OTLP/HTTP JSON${config.token === undefined ? '' : ', bearer token required'})`,
      `  JSON API:      ${collector.url}/api/summary?period=YYYY-MM (or YYYY-Www)`,
      `  database:      ${config.db}`,
      '',
    ].join('\n'),
  );

  const running = collector;
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log(`${signal}: closing`);
      void running.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ai-guard collector: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
