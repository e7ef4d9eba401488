"""The plugin's in-app help (the properties panel's "?" button): a page per filter and source,
compiled into the plugin, each describing what the entry takes, its properties and an example.
Usage: python3 help_pages.py HELP_DIR PLUGIN_LIBRARY PLUGIN_XML..."""
import html
import re
import sys
import xml.etree.ElementTree as ET

help_dir, library, xml_paths = sys.argv[1], sys.argv[2], sys.argv[3:]
failures = []
proxies = [(group, proxy) for path in xml_paths for group in ET.parse(path).getroot() for proxy in group]
if not proxies:
    failures.append("no filter or source in %s" % xml_paths)
for group, proxy in proxies:
    page = "%s/%s.%s.html" % (help_dir, group.get("name"), proxy.get("name"))
    try:
        with open(page) as f:
            text = html.unescape(re.sub(r"\s+", " ", f.read()))
    except OSError:
        failures.append("no help page %s for %s" % (page, proxy.get("label")))
        continue
    wanted = ["Example"] + [p.get("label") for p in proxy if p.get("label")]
    missing = [w for w in wanted if w not in text]
    if missing:
        failures.append("%s: the help page lacks %s" % (proxy.get("label"), missing))
    else:
        print("ok   help page for %s: its example and %d properties" % (proxy.get("label"), len(wanted) - 1))
# The compiled help (a Qt help database, SQLite) travels inside the plugin library, base64-encoded
# by ParaView's build, so that an installed plugin has it: "SQLite format 3" in base64.
with open(library, "rb") as f:
    if b"U1FMaXRlIGZvcm1hdCAz" not in f.read():
        failures.append("the compiled help is not inside %s" % library)
for failure in failures:
    print("FAIL " + failure)
sys.exit(1 if failures else 0)
