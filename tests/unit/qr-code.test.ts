import { describe, expect, it } from 'vitest';
import { qrCodeSvg } from '../../src/lib/qr-code';

describe('QR code of a transfer link', () => {
  it('is an SVG image named for screen readers, growing with the link', () => {
    const short = qrCodeSvg('https://example.org/progress/#move=1.abc', 'QR code of the link');
    expect(short).toMatch(/^<svg [^>]*role="img" aria-labelledby="hb-move-qr-title"[^>]*><title id="hb-move-qr-title">QR code of the link<\/title>/);
    expect(short).not.toMatch(/<script|on\w+=/);
    const long = qrCodeSvg(`https://example.org/progress/#move=1.${'x'.repeat(2000)}`, 'QR code');
    const size = (svg: string) => Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);
    expect(size(long)).toBeGreaterThan(size(short) * 3);
  });

  it('escapes the label', () => {
    expect(qrCodeSvg('x', 'a <b> & "c"')).toContain('<title id="hb-move-qr-title">a &lt;b&gt; &amp; &quot;c&quot;</title>');
  });
});
