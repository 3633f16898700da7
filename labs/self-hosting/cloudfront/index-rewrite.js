// CloudFront Function (JavaScript runtime 2.0) for the viewer request event of the distribution's
// default cache behavior. S3 has no directory index: CloudFront's default root object covers "/" only.
// This does what deploy/nginx.conf does: "/" goes to the handbook, ".../page/" is served from
// ".../page/index.html", and ".../page" is redirected to ".../page/". Set BASE to your BASE_PATH.
var BASE = '/handbook/';

function redirect(location, code) {
  return {
    statusCode: code,
    statusDescription: code === 301 ? 'Moved Permanently' : 'Found',
    headers: { location: { value: location } },
  };
}

async function handler(event) {
  var request = event.request;
  var uri = request.uri;

  if (uri === '/' && BASE !== '/') return redirect(BASE, 302);
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
    return request;
  }
  // No dot in the last segment: a page without its trailing slash (file names all have extensions).
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) return redirect(uri + '/', 301);
  return request;
}
