#!/usr/bin/env python3
"""Copy the world map geometry from the shared source data into data/geo.

Usage:  scripts/convert-geo.py [SOURCE_DATA_DIR]

SOURCE_DATA_DIR defaults to ../shared/data relative to the repository root. Writes:

  data/geo/countries-110m.json   world-atlas 2.0.2 countries-110m.json, byte for byte
  data/geo/small-countries.csv   numeric,lon,lat,name: a point (the centroid of the
                                 largest polygon) for each country of the 1:50m file that
                                 the 1:110m file leaves out (Singapore, Maldives, most
                                 small island states), so the map can still mark them
  data/geo/LICENSE               the packaging licence

The 1:50m file itself (750 kB) is not shipped: only these points are taken from it.
Python 3 standard library only; the same input gives byte-identical output.
"""
import json
import os
import shutil
import sys


def transform(topo):
    t = topo.get("transform")
    return (t["scale"], t["translate"]) if t else ((1, 1), (0, 0))


def decode_arcs(topo):
    (sx, sy), (tx, ty) = transform(topo)
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for p in arc:
            x += p[0]
            y += p[1]
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(arcs, idx):
    pts = []
    for k in idx:
        a = arcs[k] if k >= 0 else arcs[~k][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def area_centroid(pts):
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if abs(a) < 1e-12:
        return abs(a), sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
    out = os.path.join(root, "data", "geo")
    os.makedirs(out, exist_ok=True)
    shutil.copyfile(os.path.join(src, "geo", "countries-110m.json"),
                    os.path.join(out, "countries-110m.json"))
    shutil.copyfile(os.path.join(src, "geo", "LICENSE"), os.path.join(out, "LICENSE"))
    small = json.load(open(os.path.join(src, "geo", "countries-110m.json")))
    have = {g.get("id") for g in small["objects"]["countries"]["geometries"]}
    big = json.load(open(os.path.join(src, "geo", "countries-50m.json")))
    arcs = decode_arcs(big)
    rows = []
    for g in big["objects"]["countries"]["geometries"]:
        gid = g.get("id")
        if not gid or gid in have:
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        best = max((area_centroid(ring(arcs, p[0])) for p in polys), key=lambda t: t[0])
        rows.append((gid, best[1], best[2], g["properties"]["name"]))
    if len(rows) < 50:
        sys.exit("convert-geo: expected at least 50 small countries, found %d" % len(rows))
    rows.sort()
    with open(os.path.join(out, "small-countries.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("numeric,lon,lat,name\n")
        for gid, lon, lat, name in rows:
            name = '"%s"' % name.replace('"', '""') if ("," in name or '"' in name) else name
            f.write("%s,%.3f,%.3f,%s\n" % (gid, lon, lat, name))
    print("data/geo: countries-110m.json, small-countries.csv (%d points)" % len(rows))


main()
