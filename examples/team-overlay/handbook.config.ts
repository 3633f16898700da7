// The example team's settings: copy this file over the repository's handbook.config.ts.
import { defineHandbookConfig } from './src/lib/settings';

export default defineHandbookConfig({
  title: 'Acme Engineering Handbook',
  description: 'How Acme engineers learn to build, ship and run services: the upstream handbook plus our own pages.',
  teamLabel: 'Acme platform team',
  defaultTheme: 'dark',
  // Readers choose which tracks to keep for offline reading (the handbook is small enough to keep whole).
  offline: 'choose',
  // The lead's page for the cohort's progress exports (/team-progress/).
  teamView: true,
  // Progress on every device, behind Acme's sign-in (oauth2-proxy in front of nginx); leads read everyone's.
  sync: { leadGroup: 'handbook-leads' },
  // Where onboarding issues live: each learning path links to this project's new-issue form, filled in.
  tracker: { kind: 'gitlab', projectUrl: 'https://gitlab.acme.example/platform/onboarding' },
  // Served only over TLS (see the Ingress in deploy/kubernetes.yaml), so browsers may insist on HTTPS.
  hsts: { maxAge: 31536000, includeSubDomains: true },
});
