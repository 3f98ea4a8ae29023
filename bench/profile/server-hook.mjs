// Preloaded into the server by the benchmark's profiling mode (BENCH_PROFILE=on), through
// NODE_OPTIONS=--import. It changes nothing in the server. It opens a control endpoint on a random
// loopback port (written with the pid to $GRIDLENS_BENCH_PROFILE_DIR/control.json):
//   POST /start  starts the V8 CPU profiler;
//   POST /stop   stops it, writes $GRIDLENS_BENCH_PROFILE_DIR/server-<n>.cpuprofile and answers its path.
// (Not a signal: Nest's enableShutdownHooks() treats SIGUSR2 and most others as "shut down".)
// Open a .cpuprofile in Chrome DevTools or speedscope; the benchmark summarises it itself.
import { Session } from 'node:inspector';
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';

const dir = process.env.GRIDLENS_BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  let count = 0;
  const control = createServer((req, res) => {
    const reply = (status, text) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(text);
    };
    let action;
    if (req.method === 'POST' && req.url === '/start') {
      action = post('Profiler.enable')
        .then(() => post('Profiler.setSamplingInterval', { interval: Number(process.env.GRIDLENS_BENCH_PROFILE_INTERVAL_US ?? 1000) }))
        .then(() => post('Profiler.start'))
        .then(() => 'started');
    } else if (req.method === 'POST' && req.url === '/stop') {
      action = post('Profiler.stop').then(({ profile }) => {
        const file = `${dir}/server-${++count}.cpuprofile`;
        writeFileSync(file, JSON.stringify(profile));
        return file;
      });
    } else {
      return reply(404, 'POST /start or /stop');
    }
    action.then((text) => reply(200, text)).catch((error) => reply(500, error.message));
  });
  control.listen(0, '127.0.0.1', () => {
    writeFileSync(`${dir}/control.json`, JSON.stringify({ pid: process.pid, port: control.address().port }));
  });
  control.unref();
}
