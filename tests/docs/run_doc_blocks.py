"""Runs every shell block marked runnable (a fence opened with ```sh runnable) in the given Markdown
files, from the source tree's root as a user would, and fails on the first block that fails. The
blocks write only under out/ (ignored by git). Usage: run_doc_blocks.py SOURCE_DIR FILE.md ..."""
import os
import subprocess
import sys


def runnable_blocks(path):
    blocks, current = [], None
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        stripped = line.strip()
        if current is None and stripped.startswith("```sh") and "runnable" in stripped.split()[1:]:
            current = (number, [])
        elif current is not None and stripped == "```":
            blocks.append((current[0], "".join(current[1])))
            current = None
        elif current is not None:
            current[1].append(line)
    if current is not None:
        sys.exit("%s:%d: the runnable block is not closed" % (path, current[0]))
    return blocks


root = sys.argv[1]
total = 0
for name in sys.argv[2:]:
    blocks = runnable_blocks(os.path.join(root, name))
    if not blocks:
        sys.exit("%s has no runnable shell block: the marker or the file changed" % name)
    for line, body in blocks:
        print("== %s:%d\n%s" % (name, line, body), flush=True)
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", body], cwd=root)
        if result.returncode != 0:
            sys.exit("%s:%d: the block failed with status %d" % (name, line, result.returncode))
        total += 1
print("%d runnable blocks ran" % total)
