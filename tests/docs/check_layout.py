"""Every path named in the index table of docs/layout.md ("Where each part lives") exists, so that
the index a newcomer reads cannot point at a file that moved.
Usage: check_layout.py SOURCE_DIR"""
import os
import re
import sys

root = sys.argv[1]
text = open(os.path.join(root, "docs", "layout.md"), encoding="utf-8").read()
section = text.split("## Where each part lives", 1)[1].split("\n## ", 1)[0]
rows = [line for line in section.splitlines() if line.startswith("| ") and "`" in line.split("|")[-2]]
paths = [p for row in rows for p in re.findall(r"`([^`]+)`", row.split("|")[-2])]
missing = [p for p in paths if not os.path.exists(os.path.join(root, p))]
if len(paths) < 20:
    sys.exit("docs/layout.md: the index names only %d paths; the table was not found or was cut" % len(paths))
if missing:
    sys.exit("docs/layout.md names paths that do not exist: " + ", ".join(missing))
print("docs/layout.md: all %d paths exist" % len(paths))
