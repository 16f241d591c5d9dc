#!/usr/bin/env node
// Draws the Teams app icons (appPackage/color.png 192x192, appPackage/outline.png 32x32) with no
// dependencies, so the PNG bytes are the same on every machine: no timestamps, no encoder metadata.
// Teams wants the colour icon full-colour and the outline icon white on transparent
// (msteams-docs: concepts/build-and-test/apps-package.md, "Outline icon").
// Usage: node tools/node/make-icons.js [outDir]   (default: appPackage/ next to this repo's tools/)
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const ACCENT = [0x0f, 0x6c, 0xbd]; // keep in step with accentColor in appPackage/manifest.json

// The glyph: an envelope (the mail) and an arrow (the move), as stroked segments in a unit square.
function glyphSegments() {
  const l = 0.12, t = 0.20, r = 0.70, b = 0.60, mx = (l + r) / 2, my = 0.43;
  return [
    [l, t, r, t], [r, t, r, b], [r, b, l, b], [l, b, l, t], // envelope body
    [l, t, mx, my], [mx, my, r, t],                         // flap
    [0.42, 0.80, 0.88, 0.80],                               // arrow shaft
    [0.88, 0.80, 0.74, 0.66], [0.88, 0.80, 0.74, 0.94],     // arrow head
  ];
}

function distanceToSegment(px, py, [x1, y1, x2, y2]) {
  const dx = x2 - x1, dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  const k = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len2));
  const cx = x1 + k * dx, cy = y1 + k * dy;
  return Math.hypot(px - cx, py - cy);
}

function insideRoundedSquare(x, y, radius) {
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

// Coverage of a pixel by a predicate, 4x4 supersampled so edges are anti-aliased but deterministic.
function coverage(size, px, py, inside) {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      if (inside((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size)) hits++;
    }
  }
  return hits / 16;
}

function render(size, pixel) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      rgba.set([r, g, b, a], (y * size + x) * 4);
    }
  }
  return rgba;
}

function glyphAt(halfWidth, inset) {
  const segments = glyphSegments();
  return (x, y) => {
    const gx = (x - inset) / (1 - 2 * inset), gy = (y - inset) / (1 - 2 * inset);
    return segments.some((s) => distanceToSegment(gx, gy, s) <= halfWidth);
  };
}

function colorIcon(size) {
  const glyph = glyphAt(0.045, 0.16);
  return render(size, (x, y) => {
    const bg = coverage(size, x, y, (u, v) => insideRoundedSquare(u, v, 0.18));
    const fg = coverage(size, x, y, glyph);
    const mix = (c) => Math.round(c * (1 - fg) + 255 * fg);
    return [mix(ACCENT[0]), mix(ACCENT[1]), mix(ACCENT[2]), Math.round(255 * bg)];
  });
}

function outlineIcon(size) {
  const glyph = glyphAt(0.05, 0.02);
  return render(size, (x, y) => [255, 255, 255, Math.round(255 * coverage(size, x, y, glyph))]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
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

// PNG (ISO/IEC 15948): 8-bit RGBA, filter 0 on every row, one IDAT.
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'appPackage'));
fs.writeFileSync(path.join(outDir, 'color.png'), encodePng(192, colorIcon(192)));
fs.writeFileSync(path.join(outDir, 'outline.png'), encodePng(32, outlineIcon(32)));
console.log(`wrote ${path.join(outDir, 'color.png')} and ${path.join(outDir, 'outline.png')}`);
