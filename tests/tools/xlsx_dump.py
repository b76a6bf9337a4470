#!/usr/bin/env python3
"""xlsx_dump.py FILE [SHEET] - prints what an XLSX file holds, one fact per line, for tests
(standard library only: the file is opened as the zip it is and its XML parsed):

    sheet<TAB>NAME                    each sheet, in the workbook's order (first)
    NAME!A1<TAB>n<TAB>1204            a number
    NAME!A2<TAB>s<TAB>Kenya           a string (shared or inline)
    NAME!A3<TAB>link<TAB>https://...  a hyperlink (external target or internal location)
    NAME<TAB>frozen<TAB>ROWS          rows frozen at the top
    NAME<TAB>rows<TAB>N               rows with cells

With SHEET, only that sheet's cells. Exits 1 when FILE is not a valid XLSX."""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
RID = "{%s}id" % NS["r"]


def text(el):
    return "".join(t.text or "" for t in el.iter("{%s}t" % NS["m"]))


def main():
    path = sys.argv[1]
    only = sys.argv[2] if len(sys.argv) > 2 else None
    try:
        z = zipfile.ZipFile(path)
        if z.testzip() is not None:
            raise zipfile.BadZipFile("bad CRC")
    except (zipfile.BadZipFile, OSError) as e:
        print("xlsx_dump: %s: %s" % (path, e), file=sys.stderr)
        sys.exit(1)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        shared = [text(si) for si in ET.fromstring(z.read("xl/sharedStrings.xml"))
                  .findall("m:si", NS)]
    rels = {r.get("Id"): r.get("Target") for r in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("p:Relationship", NS)}
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    out = sys.stdout
    sheets = wb.find("m:sheets", NS).findall("m:sheet", NS)
    for s in sheets:
        out.write("sheet\t%s\n" % s.get("name"))
    for s in sheets:
        name = s.get("name")
        if only and name != only:
            continue
        target = rels[s.get(RID)]
        part = "xl/" + target if not target.startswith("/") else target[1:]
        root = ET.fromstring(z.read(part))
        srels = {}
        relpart = re.sub(r"([^/]+)$", r"_rels/\1.rels", part)
        if relpart in z.namelist():
            srels = {r.get("Id"): r.get("Target") for r in
                     ET.fromstring(z.read(relpart)).findall("p:Relationship", NS)}
        pane = root.find("m:sheetViews/m:sheetView/m:pane", NS)
        if pane is not None and pane.get("state") == "frozen":
            out.write("%s\tfrozen\t%s\n" % (name, pane.get("ySplit", "0")))
        rows = root.findall("m:sheetData/m:row", NS)
        out.write("%s\trows\t%d\n" % (name, len(rows)))
        for row in rows:
            for c in row.findall("m:c", NS):
                ref, t = c.get("r"), c.get("t")
                v = c.find("m:v", NS)
                if t == "s":
                    out.write("%s!%s\ts\t%s\n" % (name, ref, shared[int(v.text)]))
                elif t == "inlineStr":
                    out.write("%s!%s\ts\t%s\n" % (name, ref, text(c.find("m:is", NS))))
                elif t == "str":
                    out.write("%s!%s\ts\t%s\n" % (name, ref, v.text if v is not None else ""))
                elif v is not None:
                    out.write("%s!%s\tn\t%s\n" % (name, ref, v.text))
        for h in root.findall("m:hyperlinks/m:hyperlink", NS):
            target = srels.get(h.get(RID)) if h.get(RID) else h.get("location")
            out.write("%s!%s\tlink\t%s\n" % (name, h.get("ref"), target))


main()
