"""Replaces a generated section of a markdown file, between `<!-- NAME:begin -->` and
`<!-- NAME:end -->`, atomically (written next to it, then renamed), so that measurement scripts
keep their tables in the docs up to date without touching the prose around them."""
import os


def replace_section(doc, name, lines):
    begin_marker, end_marker = "<!-- %s:begin -->" % name, "<!-- %s:end -->" % name
    section = "\n".join([begin_marker, *lines, end_marker])
    with open(doc) as f:
        text = f.read()
    begin, end = text.find(begin_marker), text.find(end_marker)
    if begin < 0 or end < 0:
        raise SystemExit("%s lacks the %s markers" % (doc, name))
    text = text[:begin] + section + text[end + len(end_marker):]
    with open(doc + ".part", "w") as f:
        f.write(text)
    os.replace(doc + ".part", doc)
    return section
