/** The deploy/ files agree with each other: manifests parse, probes hit the health endpoint nginx serves. */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/lib/settings';

const documents = (file: string) => parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
  expect(doc.errors.map(String)).toEqual([]);
  return doc.toJS();
});

describe('deploy/', () => {
  const nginx = readFileSync('deploy/nginx.conf', 'utf8');
  const manifests = documents('deploy/kubernetes.yaml');

  it('has a Deployment whose probes, port and user match the nginx config and image', () => {
    const deployment = manifests.find((doc) => doc.kind === 'Deployment');
    const container = deployment.spec.template.spec.containers[0];
    const port = Number(nginx.match(/listen (\d+);/)![1]);
    expect(container.ports[0].containerPort).toBe(port);
    expect(nginx).toContain('location = /healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/healthz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.resources.limits.memory).toBeTruthy();
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('routes the Service and Ingress to the Deployment', () => {
    const service = manifests.find((doc) => doc.kind === 'Service');
    const ingress = manifests.find((doc) => doc.kind === 'Ingress');
    expect(service.spec.selector).toEqual(manifests.find((doc) => doc.kind === 'Deployment').spec.selector.matchLabels);
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(service.metadata.name);
    // TLS for the host it routes (HSTS is only safe behind it).
    expect(ingress.spec.tls[0].hosts).toContain(ingress.spec.rules[0].host);
    const route = documents('deploy/kubernetes-gateway.yaml')[0];
    expect(route.spec.rules[0].backendRefs[0].name).toBe(service.metadata.name);
  });

  it('publishes to GitHub Pages with the base path of a project site', () => {
    const [workflow] = documents('deploy/github-pages.yml');
    expect(workflow.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    const steps = Object.values(workflow.jobs as Record<string, { steps?: { env?: Record<string, string>; run?: string }[] }>).flatMap((job) => job.steps ?? []);
    const build = [...steps, { env: workflow.env }].find((step) => step.env?.BASE_PATH);
    expect(build?.env?.BASE_PATH).toBe('/${{ github.event.repository.name }}/');
  });

  it('builds the image from the config the tests exercise', () => {
    const dockerfile = readFileSync('deploy/Dockerfile', 'utf8');
    expect(dockerfile).toContain('node scripts/render-nginx.mjs dist');
    expect(dockerfile).toMatch(/FROM nginxinc\/nginx-unprivileged:\S+/);
    expect(dockerfile).toMatch(/COPY --from=build \/src\/dist \/usr\/share\/nginx\/html\$\{BASE_PATH\}/);
    expect(nginx).toContain('root /usr/share/nginx/html;');
    // Progress sync's store: the folder the settings default to, writable by nginx's user in the image.
    const store = resolveSettings({ sync: {} }, {}).sync!.storePath;
    expect(dockerfile).toContain(`install -d -o 101 -g 0 -m 0770 ${store}`);
    expect(dockerfile).toContain(`VOLUME ${store}`);
  });
});
