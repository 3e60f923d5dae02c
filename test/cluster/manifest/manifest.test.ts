import assert from 'node:assert/strict';
import { parseManifest, ManifestError, loadManifest } from '../../../cluster/manifest/load.js';
import { appManifestPath } from '../../../cluster/lib/paths.js';

const base = `
app: demo
namespace: demo
frontend: web
services:
  - name: web
    port: 8080
    command: [node, web.js]
    dependencies: [api]
  - name: api
    port: 9090
    command: [node, api.js]
`;

describe('app manifest', () => {
  it('fills Kubernetes-like defaults: app label, container "server", one replica', () => {
    const m = parseManifest(base, 'demo.yaml');
    assert.equal(m.services[0]!.labels.app, 'web');
    assert.equal(m.services[1]!.container, 'server');
    assert.equal(m.services[1]!.replicas, 1);
  });

  it('rejects an unknown field, naming the file, the path and the field', () => {
    const text = base.replace('    port: 9090', '    port: 9090\n    replica: 2');
    assert.throws(() => parseManifest(text, 'demo.yaml'), (err: ManifestError) => {
      assert.equal(err.file, 'demo.yaml');
      assert.equal(err.path, 'services[1]');
      assert.match(err.message, /^demo\.yaml: services\[1\]: unknown field\(s\) "replica"/);
      return true;
    });
  });

  it('rejects duplicate service names', () => {
    const text = base.replace('name: api', 'name: web').replace('dependencies: [api]', 'dependencies: []');
    assert.throws(() => parseManifest(text, 'demo.yaml'), /demo\.yaml: services\[1\]\.name: duplicate service name "web" \(also services\[0\]\)/);
  });

  it('rejects a dependency on a missing service', () => {
    const text = base.replace('dependencies: [api]', 'dependencies: [api, cache]');
    assert.throws(() => parseManifest(text, 'demo.yaml'), /demo\.yaml: services\[0\]\.dependencies\[1\]: depends on "cache", which is not a service/);
  });

  it('rejects a frontend that is not a service, a bad type and invalid YAML', () => {
    assert.throws(() => parseManifest(base.replace('frontend: web', 'frontend: www'), 'm.yaml'), /m\.yaml: frontend: "www" is not a service/);
    assert.throws(() => parseManifest(base.replace('port: 8080', 'port: "http"'), 'm.yaml'), /m\.yaml: services\[0\]\.port: /);
    assert.throws(() => parseManifest('app: [unclosed', 'm.yaml'), /m\.yaml: invalid YAML/);
  });

  it('names a file that cannot be read', () => {
    assert.throws(() => loadManifest('/nonexistent/manifest.yaml'), /\/nonexistent\/manifest\.yaml: cannot read/);
  });

  it('the bundled apps are valid', () => {
    for (const app of ['testapp', 'boutique', 'sockshop']) loadManifest(appManifestPath(app));
  });
});
