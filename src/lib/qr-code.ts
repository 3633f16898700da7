/**
 * A QR code as SVG markup, drawn by qrcode-generator (zero dependencies, maintained since 2009), for the
 * progress page's transfer link. Error correction level L keeps the code as small as the link allows:
 * it is read from a screen, not a scuffed label. The quiet zone is the four modules the standard asks for.
 */
import qrcode from 'qrcode-generator';

/** The option form of createSvgTag, which the package's own typings leave out. */
type SvgOptions = { cellSize: number; scalable: boolean; title: { text: string; id: string } };

export function qrCodeSvg(text: string, label: string): string {
  const code = qrcode(0, 'L');
  code.addData(text, 'Byte');
  code.make();
  return (code.createSvgTag as unknown as (options: SvgOptions) => string)({ cellSize: 4, scalable: true, title: { text: label, id: 'hb-move-qr-title' } });
}
