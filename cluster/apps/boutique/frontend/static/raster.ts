/**
 * Our own product and banner pictures: the shapes each is drawn from, with the real file's pixel and byte size. The
 * drawing and encoding (jpeg-js, padded to the exact real byte size) are shared with the Sock Shop look-alike:
 * cluster/lib/pictures.
 *
 * real (src/frontend/static, measured with git cat-file -s and the JPEG SOF header): every product picture is
 * 700×700; images/folded-clothes-on-white-chair-wide.jpg (the small-screen home hero, a CSS background) is 2840×592,
 * images/folded-clothes-on-white-chair.jpg (referenced by no rendered page) 2840×4261.
 */
import { ellipse, hex, poly, rect, type PictureSpec, type Rgb, type Shape } from '../../../../lib/pictures/raster.js';

export type { PictureSpec } from '../../../../lib/pictures/raster.js';

function product(file: string, bytes: number, seed: number, bg: string, shapes: Shape[]): PictureSpec {
  const base = hex(bg);
  return {
    path: `img/products/${file}`,
    width: 700,
    height: 700,
    bytes,
    background: [base, base.map((c) => Math.max(0, c - 28)) as Rgb],
    shapes,
    seed,
  };
}

/** The nine product pictures (real file names and byte sizes) and the two hero pictures. */
export const pictureSpecs: readonly PictureSpec[] = [
  product('sunglasses.jpg', 65681, 1, '#f3e9dc', [
    rect(60, 150, 280, 10, '#333333', 5),
    ellipse(130, 210, 70, 50, '#c9a227'),
    ellipse(130, 210, 62, 42, '#2d3e50'),
    ellipse(270, 210, 70, 50, '#c9a227'),
    ellipse(270, 210, 62, 42, '#2d3e50'),
    rect(195, 196, 10, 8, '#c9a227'),
    ellipse(112, 192, 18, 8, '#9fb3c8'),
    ellipse(252, 192, 18, 8, '#9fb3c8'),
  ]),
  product('tank-top.jpg', 155767, 2, '#e3eef5', [
    poly('#d96c5f', [140, 70], [170, 70], [200, 125], [230, 70], [260, 70], [262, 150], [300, 200], [300, 340], [100, 340], [100, 200], [138, 150]),
    poly('#b5483c', [170, 70], [200, 125], [230, 70], [222, 70], [200, 110], [178, 70]),
  ]),
  product('watch.jpg', 98510, 3, '#ece7f3', [
    rect(160, 40, 80, 320, '#8a6d3b', 20),
    ellipse(200, 200, 90, 90, '#d4af37'),
    ellipse(200, 200, 72, 72, '#fffaf0'),
    rect(196, 148, 8, 54, '#333333', 3),
    poly('#333333', [198, 196], [238, 210], [236, 216], [196, 204]),
    ellipse(200, 200, 7, 7, '#333333'),
  ]),
  product('loafers.jpg', 131516, 4, '#f0ebe3', [
    poly('#6b3e26', [60, 260], [80, 205], [150, 195], [250, 190], [320, 200], [345, 250], [330, 283], [80, 290]),
    poly('#3f2416', [150, 200], [200, 232], [255, 195], [255, 203], [200, 240], [150, 208]),
    rect(70, 285, 270, 14, '#2b1a10', 6),
  ]),
  product('hairdryer.jpg', 66076, 5, '#f6e4ea', [
    rect(90, 130, 200, 90, '#e07a9a', 45),
    rect(280, 145, 50, 60, '#c25a7b', 10),
    rect(150, 200, 55, 140, '#e07a9a', 20),
    ellipse(135, 175, 25, 25, '#f9d3de'),
  ]),
  product('candle-holder.jpg', 89602, 6, '#ebe8e1', [
    rect(166, 116, 68, 158, '#d8ceb4', 8),
    rect(170, 120, 60, 150, '#fbf6e9', 6),
    ellipse(200, 95, 12, 24, '#f4a62a'),
    rect(198, 112, 4, 10, '#333333'),
    poly('#9c8b6e', [120, 270], [280, 270], [255, 320], [145, 320]),
    rect(110, 320, 180, 16, '#7d6d53', 6),
  ]),
  product('salt-and-pepper-shakers.jpg', 107881, 7, '#e6efe9', [
    rect(96, 146, 88, 178, '#bbbbbb', 26),
    rect(100, 150, 80, 170, '#ffffff', 24),
    rect(100, 120, 80, 40, '#9aa5ad', 16),
    rect(220, 150, 80, 170, '#3b3b3b', 24),
    rect(220, 120, 80, 40, '#9aa5ad', 16),
    ellipse(130, 138, 4, 4, '#555555'),
    ellipse(150, 138, 4, 4, '#555555'),
    ellipse(250, 138, 4, 4, '#eeeeee'),
    ellipse(270, 138, 4, 4, '#eeeeee'),
  ]),
  product('bamboo-glass-jar.jpg', 75412, 8, '#eef3e6', [
    rect(125, 80, 150, 40, '#c8a165', 8),
    rect(125, 99, 150, 3, '#a57f45'),
    rect(110, 115, 180, 220, '#9cc3d1', 32),
    rect(115, 120, 170, 210, '#d8ecf3', 30),
    rect(141, 150, 8, 150, '#ffffff', 4),
  ]),
  product('mug.jpg', 62732, 9, '#f1ede4', [
    ellipse(275, 225, 58, 58, '#4a5a6a'),
    ellipse(275, 225, 36, 36, '#f1ede4'),
    rect(100, 130, 180, 200, '#4a5a6a', 18),
    ellipse(190, 132, 90, 16, '#e1ad01'),
  ]),
  // Our own hero: a wall, a chair, and a stack of folded clothes on it.
  {
    path: 'images/folded-clothes-on-white-chair-wide.jpg',
    width: 2840,
    height: 592,
    bytes: 158390,
    background: [hex('#efe9e1'), hex('#d9d0c4')],
    shapes: heroShapes(400 * (592 / 2840)),
    seed: 10,
  },
  {
    path: 'images/folded-clothes-on-white-chair.jpg',
    width: 2840,
    height: 4261,
    bytes: 538845,
    background: [hex('#efe9e1'), hex('#cfc5b8')],
    shapes: heroShapes(400 * (4261 / 2840)),
    seed: 11,
  },
];

/** Shapes for the hero pictures in a 400-wide design space of the given height. */
function heroShapes(h: number): Shape[] {
  const y = (f: number) => f * h;
  return [
    rect(0, y(0.78), 400, y(0.22), '#bfae98'),
    rect(160, y(0.45), 80, y(0.05), '#fafafa', 3),
    rect(165, y(0.5), 8, y(0.35), '#e8e8e8', 2),
    rect(227, y(0.5), 8, y(0.35), '#e8e8e8', 2),
    rect(170, y(0.12), 60, y(0.34), '#f5f5f5', 4),
    rect(172, y(0.38), 56, y(0.03), '#7f9cb0', 2),
    rect(174, y(0.35), 52, y(0.03), '#d9b38c', 2),
    rect(171, y(0.32), 58, y(0.03), '#c96f5b', 2),
    rect(176, y(0.29), 48, y(0.03), '#eae2d0', 2),
  ];
}
