#!/usr/bin/env python3
"""Writes interviews/IP15.docx, the sample's fictional Word transcript, from the text below.

The file is made by hand from its parts (no Word needed) and is byte-for-byte the same on every
run, so that it can be rebuilt and compared: `python3 scripts/sample_docx.py`. It shows what
skillgap reads in a Word file: a leading `key: value` block as front matter, `Label:` turns
(one label split across runs, one alone in its paragraph), a tracked change, a table in the preamble, and Word
comments whose `#id` codes are manual codes (one of them a reply, which does not code).

The interview is fictional: no real person or company.
"""
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"

# Paragraphs: a list of runs; a run is text, or a ("start"/"end"/"ref", id) comment anchor,
# or ("del", text) / ("ins", text) for a tracked change. ("split", a, b) is one text in two runs.
BODY = [
    ["interview: IP15"],
    ["company: C15"],
    ["sector: turism"],
    ["size: 10-49"],
    ["subregion: Fyrbodal"],
    [],
    ["Fiktiv intervju skriven för skillgaps exempelkorpus, som Word-fil med kommentarer. "
     "Inga verkliga personer eller företag."],
    [("split", "Intervj", "uare: Kan du berätta lite om verksamheten?")],
    ["Respondent: Vi driver ett hotell med konferens och en camping vid sjön. Vi är runt "
     "trettio anställda på sommaren och femton på vintern."],
    ["Intervjuare: Vilka kompetenser saknar ni mest?"],
    ["Respondent:"],
    [("start", 1), "Digital marknadsföring, helt klart. Bokningarna kommer via nätet nu, och vi "
     "har ingen som kan annonsera i sociala medier eller förstå statistiken från bokningssajterna.",
     ("end", 1), ("ref", 1)],
    ["Men det måste vara någon som förstår gästerna också. Värdskapet går inte att lära ut "
     "på en kurs, det sitter i hur man bemöter folk."],
    ["Intervjuare: Hur fungerar bokningssystemet idag?"],
    ["Respondent: ", ("start", 2), ("start", 3), "Vi bytte för två år sedan till ett "
     "molnbaserat system, men ingen av oss kan koppla ihop det med kassan och ekonomin, så vi "
     "för över siffror för hand ", ("del", "varje dag"), ("ins", "varje vecka"), ".",
     ("end", 2), ("ref", 2), ("end", 3), ("ref", 3)],
    ["Intervjuare: Vilka språk behöver personalen?"],
    ["Respondent: Engelska och tyska i receptionen. Många gäster kommer från Tyskland och "
     "Nederländerna.", ("ref", 4)],
    ["Intervjuare: Och framåt, vad blir viktigast?"],
    ["Respondent: ", ("start", 5), "Hållbarhet. Gästerna frågar om vi är miljömärkta, och "
     "upphandlande företag kräver det för konferenser.", ("end", 5), ("ref", 5)],
    ["Intervjuare: Tack för att du tog dig tid."],
]

# The interview's details, as a table after the introduction (before the first turn, so it is
# part of the preamble and not coded).
TABLE = [["Datum", "2026-01-14"], ["Plats", "Hotellets kontor"], ["Längd", "45 minuter"]]
TABLE_AFTER = 7

# Comments: id, author, text, parent (a reply) and done (resolved).
COMMENTS = [
    (1, "Kodare A", "#digital_marketing", None, False),
    (2, "Kodare A", "#erp #cloud", None, False),
    (3, "Kodare B", "Håller med, det är bokningssystemet.", 2, False),
    (4, "Kodare A", "#languages", None, False),
    (5, "Kodare A", "#sustainability", None, True),
]


def run(text):
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(runs):
    out = []
    for r in runs:
        if isinstance(r, str):
            out.append(run(r))
        elif r[0] == "split":
            out.append(run(r[1]) + '<w:proofErr w:type="spellStart"/>' + run(r[2]))
        elif r[0] == "start":
            out.append(f'<w:commentRangeStart w:id="{r[1]}"/>')
        elif r[0] == "end":
            out.append(f'<w:commentRangeEnd w:id="{r[1]}"/>')
        elif r[0] == "ref":
            out.append(f'<w:r><w:commentReference w:id="{r[1]}"/></w:r>')
        elif r[0] == "del":
            out.append(f'<w:del w:id="90" w:author="Kodare A" w:date="2026-01-01T00:00:00Z">'
                       f'<w:r><w:delText xml:space="preserve">{escape(r[1])}</w:delText></w:r></w:del>')
        elif r[0] == "ins":
            out.append(f'<w:ins w:id="91" w:author="Kodare A" w:date="2026-01-01T00:00:00Z">'
                       f'{run(r[1])}</w:ins>')
    return "<w:p>" + "".join(out) + "</w:p>"


def table(rows):
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{paragraph([c])}</w:tc>" for c in row) + "</w:tr>"
        for row in rows)
    return f"<w:tbl><w:tblPr/>{cells}</w:tbl>"


def document():
    body = ("".join(paragraph(p) for p in BODY[:TABLE_AFTER]) + table(TABLE)
            + "".join(paragraph(p) for p in BODY[TABLE_AFTER:]))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>')


def comments():
    items = "".join(
        f'<w:comment w:id="{i}" w:author="{escape(a)}" w:date="2026-01-01T00:00:00Z">'
        f'<w:p w14:paraId="{i:08X}">{run(t)}</w:p></w:comment>'
        for i, a, t, _, _ in COMMENTS)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:comments xmlns:w="{W}" xmlns:w14="{W14}">{items}</w:comments>')


def comments_extended():
    items = "".join(
        f'<w15:commentEx w15:paraId="{i:08X}"'
        + (f' w15:paraIdParent="{p:08X}"' if p else "")
        + f' w15:done="{1 if d else 0}"/>'
        for i, _, _, p, d in COMMENTS)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w15:commentsEx xmlns:w15="{W15}">{items}</w15:commentsEx>')


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>"""


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "interviews/IP15.docx")
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/document.xml", document()),
        ("word/comments.xml", comments()),
        ("word/commentsExtended.xml", comments_extended()),
    ]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
