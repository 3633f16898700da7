// A stand-in for a pager or a chat channel: it prints every notification Alertmanager sends, in the
// webhook format (version 4) documented at https://prometheus.io/docs/alerting/latest/configuration/
// It also serves the files in /runbooks, so the runbook_url links in the lab's alerts open.
// Zero dependencies, like the sample service: `node server.mjs` runs it.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';

const PORT = Number(process.env.PORT ?? 9095);
const RUNBOOK = /^\/runbooks\/([a-z0-9-]+\.md)$/;

function printNotification(path, message) {
  // One line for the group, one per alert: what a person would see on their phone.
  console.log(
    `${new Date().toISOString()} ${path} ${String(message.status).toUpperCase()}` +
      ` receiver=${message.receiver} group=${JSON.stringify(message.groupLabels)} alerts=${message.alerts.length}`,
  );
  for (const alert of message.alerts) {
    const { alertname, severity = '-' } = alert.labels;
    console.log(`  [${alert.status}] ${alertname} severity=${severity}: ${alert.annotations.summary ?? ''}`);
    if (alert.annotations.runbook_url) console.log(`    runbook: ${alert.annotations.runbook_url}`);
  }
}

const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://sink').pathname;

  const runbook = RUNBOOK.exec(path);
  if (req.method === 'GET' && runbook) {
    try {
      const text = await readFile(`/runbooks/${runbook[1]}`, 'utf8');
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    } catch {
      res.writeHead(404).end('no such runbook\n');
    }
    return;
  }

  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  for await (const chunk of req) body += chunk;
  try {
    printNotification(path, JSON.parse(body));
    res.writeHead(200).end();
  } catch (error) {
    console.log(`${path}: not an Alertmanager webhook payload (${error.message})`);
    res.writeHead(400).end();
  }
});

server.listen(PORT, () => console.log(`webhook sink listening on :${PORT}`));

// `docker compose stop` sends SIGTERM; this process has nothing to drain.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
