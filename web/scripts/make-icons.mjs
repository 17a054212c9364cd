// Draws os1's icons from code (no downloads, no image tools): a warm coral
// disc with a soft white ring and a small glowing dot, as PNGs of the sizes a
// phone's home screen asks for, plus an SVG favicon. Writes web/public/.
//   node scripts/make-icons.mjs
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
// rgba: Uint8Array (size, size, 4)
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const clamp = (v) => Math.max(0, Math.min(1, v));
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
const CORAL = [232, 118, 88];
const ROSE = [196, 78, 86];
const WHITE = [255, 248, 242];

// full: the disc fills the square (maskable icons keep the mark inside the
// centre 80 %); otherwise a rounded square with transparent corners.
function draw(size, { maskable = false } = {}) {
  const px = new Uint8Array(size * size * 4);
  const c = size / 2;
  const markScale = maskable ? 0.72 : 1;
  const corner = size * 0.22;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const fx = x + 0.5, fy = y + 0.5;
      // background: rounded square (or full bleed), a soft diagonal gradient
      let alpha = 1;
      if (!maskable) {
        const qx = Math.max(Math.abs(fx - c) - (c - corner), 0);
        const qy = Math.max(Math.abs(fy - c) - (c - corner), 0);
        alpha = clamp(corner - Math.hypot(qx, qy) + 0.5);
      }
      let col = mix(CORAL, ROSE, clamp((fx + fy) / (2 * size)));
      // the mark: a ring and a small dot above its centre
      const r = Math.hypot(fx - c, fy - c) / (size * markScale);
      const ring = clamp(size * markScale * (0.035 - Math.abs(r - 0.25)) + 0.5); // a crisp edge, one pixel of antialias
      const dot = clamp((size * 0.06 * markScale - Math.hypot(fx - c, fy - (c - size * 0.02 * markScale))) + 0.5);
      const glow = 0.18 * clamp(1 - r / 0.42);
      col = mix(col, WHITE, clamp(Math.max(ring, dot) + glow));
      const i = (y * size + x) * 4;
      px[i] = Math.round(col[0]);
      px[i + 1] = Math.round(col[1]);
      px[i + 2] = Math.round(col[2]);
      px[i + 3] = Math.round(alpha * 255);
    }
  }
  return png(size, px);
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#e87658"/><stop offset="1" stop-color="#c44e56"/></linearGradient></defs>
<rect width="64" height="64" rx="14" fill="url(#g)"/>
<circle cx="32" cy="32" r="16" fill="none" stroke="#fff8f2" stroke-width="4.5"/>
<circle cx="32" cy="30.7" r="3.8" fill="#fff8f2"/>
</svg>
`;

mkdirSync(join(out, 'icons'), { recursive: true });
writeFileSync(join(out, 'favicon.svg'), svg);
for (const size of [192, 512, 180]) {
  const name = size === 180 ? 'apple-touch-icon.png' : `icon-${size}.png`;
  writeFileSync(join(out, 'icons', name), draw(size));
}
writeFileSync(join(out, 'icons', 'maskable-512.png'), draw(512, { maskable: true }));
console.log(`icons written to ${out}`);
