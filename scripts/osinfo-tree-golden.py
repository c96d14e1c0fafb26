#!/usr/bin/python3
"""Writes what the real libosinfo (osinfo_db_identify_tree, through python3-gi) answers for
.treeinfo identities derived from the osinfo database's own <tree> entries, plus a few
hand-made ones: one line per identity, "family|variant|version|arch|short-id" ("-" for
absent / no match). OsInfoTreesTest checks jvirt's matcher against it.

Usage: /usr/bin/python3 scripts/osinfo-tree-golden.py > \
    jvirt-cli/src/test/resources/install/osinfo-trees/libosinfo-identify.txt
"""
import glob
import re
import sys
import xml.etree.ElementTree as ET

import gi
gi.require_version("Libosinfo", "1.0")
from gi.repository import Libosinfo  # noqa: E402

loader = Libosinfo.Loader()
loader.process_default_path()
db = loader.get_db()


def literal(pattern):
    """A value the pattern is written for, or None when it is more than a literal."""
    if pattern is None:
        return None
    p = pattern.removeprefix("^").removesuffix("$")
    return None if re.search(r"[()\[\]|?*+\\{}]", p) else p


def identify(family, variant, version, arch):
    text = "[general]\n"
    for key, value in (("family", family), ("variant", variant), ("version", version), ("arch", arch)):
        if value is not None:
            text += "%s = %s\n" % (key, value)
    tree = Libosinfo.Tree.create_from_treeinfo(text, "file:///tree")
    return tree.get_os().get_short_id() if db.identify_tree(tree) else None


cases = []
for f in sorted(glob.glob("/usr/share/osinfo/os/*/*.xml")):
    os_ = ET.parse(f).getroot().find("os")
    for tree in os_.findall("tree") if os_ is not None else []:
        info = tree.find("treeinfo")
        if info is None:
            continue
        values = {k: literal(info.findtext(k)) for k in ("family", "variant", "version", "arch")}
        if any(info.findtext(k) is not None and values[k] is None for k in values):
            continue
        if values["arch"] is None and tree.get("arch", "all") != "all":
            values["arch"] = tree.get("arch")
        cases.append((values["family"], values["variant"], values["version"], values["arch"]))
cases += [
    ("Fedora", "Server", "37", None), ("Fedora", None, "37", "x86_64"), ("Fedora", "Server", "99", "x86_64"),
    ("Fedora", None, "99", None), ("Fedora", None, "28", "aarch64"), ("fedora", "Server", "37", "x86_64"),
    ("Red Hat Enterprise Linux", None, "9.9", "x86_64"), ("Red Hat Enterprise Linux", None, "6.5", "i386"),
    ("AlmaLinux", "BaseOS", "9.1", "x86_64"), ("CentOS", None, "7.9", "x86_64"), (None, None, "37", "x86_64"),
    ("Debian", None, "12", "x86_64"),
]
seen = set()
for c in cases:
    if c in seen:
        continue
    seen.add(c)
    found = identify(*c)
    print("|".join("-" if v is None else v for v in c + (found,)))
