// Synthetic traffic for the to-do API, so a canary has requests to be judged on. It stands in
// for real users in the lab; a real service gets its traffic from them.
// Every round reads the list of to-dos and the service's version (GET /todos, GET /). Reads only:
// each replica keeps its own in-memory store, so a read after a write could reach another pod.
// Each request opens a new connection. The Service picks a pod per connection, so this spreads
// requests over stable and canary pods by their number; one kept-alive connection would pin every
// request to a single pod. Every REPORT_MS it prints one JSON line with the status codes it got:
//   {"window_s":10,"requests":58,"2xx":58}
// Environment:
//   TARGET        base URL of the service (default http://todo-api, the Service in this namespace)
//   INTERVAL_MS   pause between rounds (default 250)
//   MAX_ROUNDS    stop after this many rounds; 0, the default, runs until the pod is stopped
//   REPORT_MS     how often to print the counts (default 10000)
import { request } from 'node:http';

const target = (process.env.TARGET || 'http://todo-api').replace(/\/$/, '');
const intervalMs = Number(process.env.INTERVAL_MS || 250);
const maxRounds = Number(process.env.MAX_ROUNDS || 0);
const reportMs = Number(process.env.REPORT_MS || 10_000);

let counts = {};
let requests = 0;
let stopping = false;

function record(status) {
  const bucket = status === 0 ? 'no_answer' : `${Math.floor(status / 100)}xx`;
  counts[bucket] = (counts[bucket] || 0) + 1;
  requests += 1;
}

/** One GET on a fresh connection (agent: false); resolves with the status, 0 for no answer. */
function get(path) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (status) => {
      if (settled) return;
      settled = true;
      record(status);
      resolve(status);
    };
    const req = request(`${target}${path}`, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => settle(res.statusCode ?? 0));
      res.on('error', () => settle(0));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', () => settle(0));
    req.end();
  });
}

function report() {
  console.log(JSON.stringify({ window_s: Math.round(reportMs / 1000), requests, ...counts }));
  counts = {};
  requests = 0;
}

const timer = setInterval(report, reportMs);
const stop = () => {
  stopping = true;
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

console.log(JSON.stringify({ msg: 'loadgen started', target, intervalMs, maxRounds }));
for (let n = 1; !stopping && (maxRounds === 0 || n <= maxRounds); n += 1) {
  await get('/todos');
  await get('/');
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
clearInterval(timer);
report();
