"""pagecheck.py - structural checks of a page that tests can assert on.

problems(html) returns a list of what is wrong: duplicate ids, labels and aria-describedby
that point to no element, form controls without a label, and anything the
Content-Security-Policy would block (inline scripts, style attributes, event handlers).
"""
import html.parser


class _Scan(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = {}
        self.label_for = []
        self.described = []
        self.controls = []
        self.inline = []
        self.wrapped = 0  # depth of <label> elements around the current position
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = self.ids.get(a["id"], 0) + 1
        if tag == "label":
            self.wrapped += 1
            if a.get("for"):
                self.label_for.append(a["for"])
        if a.get("aria-describedby"):
            self.described.extend(a["aria-describedby"].split())
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append((a.get("id"), a.get("name"), self.wrapped > 0))
        if "style" in a:
            self.inline.append(f"style attribute on <{tag}>")
        for k in a:
            if k.startswith("on"):
                self.inline.append(f"{k} attribute on <{tag}>")
        if tag == "script" and not a.get("src") and a.get("type") != "application/ld+json":
            self.inline.append("inline <script>")
        if tag == "style":
            self.inline.append("<style> element")

    def handle_endtag(self, tag):
        if tag == "label" and self.wrapped:
            self.wrapped -= 1


def problems(text):
    s = _Scan()
    s.feed(text)
    out = [f"duplicate id {i!r}" for i, n in s.ids.items() if n > 1]
    out += [f"label for missing id {i!r}" for i in s.label_for if i not in s.ids]
    out += [f"aria-describedby names missing id {i!r}" for i in s.described if i not in s.ids]
    labelled = set(s.label_for)
    out += [f"control {name!r} (id {cid!r}) has no label" for cid, name, wrapped in s.controls
            if not wrapped and cid not in labelled]
    out += s.inline
    return out
