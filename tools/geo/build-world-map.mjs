// Builds the world map asset the portal renders on the server (Data/Geo/world-110m.json):
// Natural Earth 1:110m countries from world-atlas, projected once with d3's Natural Earth I
// onto a 960x500 viewBox, as SVG path strings. See README.md in this folder for how to run it.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { feature } from "topojson-client";
import { geoNaturalEarth1, geoPath } from "d3-geo";

const require = createRequire(import.meta.url);
const topology = require("world-atlas/countries-110m.json");
const atlasVersion = require("world-atlas/package.json").version;

const out = process.argv[2];
if (!out) {
  console.error("usage: node build-world-map.mjs <output world-110m.json>");
  process.exit(2);
}

const width = 960;
const height = 500;
const sphere = { type: "Sphere" };
const projection = geoNaturalEarth1().fitExtent([[5, 5], [width - 5, height - 5]], sphere);

// The renderer re-implements this projection for markers, so scale and translate are kept unrounded.
const [translateX, translateY] = projection.translate();

// A path context that writes absolute coordinates in tenths of a pixel and drops points that
// round onto the previous one: at 1:110m on a 960px map nothing finer is visible.
function pathString(geometry) {
  const parts = [];
  let ring = [];
  const flush = () => {
    // A ring that collapses to fewer than three distinct points draws nothing.
    if (ring.length >= 3) {
      parts.push("M" + ring.map(([x, y]) => fmt(x) + "," + fmt(y)).join("L") + "Z");
    }
    ring = [];
  };
  const push = (x, y) => {
    const p = [Math.round(x * 10), Math.round(y * 10)];
    const last = ring[ring.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
  };
  const context = {
    moveTo(x, y) { flush(); push(x, y); },
    lineTo(x, y) { push(x, y); },
    closePath() {
      const first = ring[0], last = ring[ring.length - 1];
      if (ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop();
      flush();
    },
    arc() { throw new Error("unexpected arc: point geometries are not expected in the countries layer"); },
  };
  geoPath(projection, context)(geometry);
  flush();
  return parts.join("");
}

const fmt = (tenths) => {
  const s = (tenths / 10).toFixed(1);
  return s.endsWith(".0") ? s.slice(0, -2) : s;
};

const countries = feature(topology, topology.objects.countries).features
  .map((f) => ({ numeric: f.id ?? null, name: f.properties.name, d: pathString(f) }))
  .filter((c) => c.d.length > 0)
  .sort((a, b) => (a.numeric ?? "999" + a.name).localeCompare(b.numeric ?? "999" + b.name));

const header = {
  source: `Natural Earth 1:110m via world-atlas ${atlasVersion} (public domain)`,
  width,
  height,
  projection: { name: "naturalEarth1", scale: projection.scale(), translateX, translateY },
  sphere: pathString(sphere),
};

// One country per line keeps diffs of a regenerated file readable.
const lines = Object.entries(header).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
lines.push('  "countries": [');
lines.push(countries.map((c) => "    " + JSON.stringify(c)).join(",\n"));
lines.push("  ]");
writeFileSync(out, "{\n" + lines.join("\n") + "\n}\n");
console.log(`${countries.length} countries written to ${out}`);
