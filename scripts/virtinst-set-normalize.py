#!/usr/bin/env python3
"""Turns what `virt-install --print-xml` printed into the files of one virtinst-set case.

Used by scripts/virtinst-set.sh; not meant to be run by hand.

    virtinst-set-normalize.py CASE OUTDIR VARIANT VERSIONS ARGFILE < stdout-of-virt-install
    virtinst-set-normalize.py --libvirt CASE < dumpxml > CASE.libvirt.xml

ARGFILE holds the virt-install argument vector, NUL-separated (argv[0] included). The
printed documents are split (one per install step: the install boot(s) first, the installed
boot last). The last one is written as OUTDIR/CASE.xml; the first one, when it differs from
the last, as OUTDIR/CASE.install.xml (virt-install 4.1 prints at most two). Before writing,
values virt-install draws at random are replaced with values derived from the case name, so
that regenerating the set shows only real changes:
  - the domain <uuid> (and <genid>, when virt-install generated one),
  - MAC addresses that the command did not give,
  - the random part of temporary file names (virtinst-XXXXXXXX-linux, ...-cloudinit.iso).
Each written document starts with a comment naming the exact command. An XML comment may
not contain two hyphens in a row, so every hyphen of such a pair is written as \\- there;
in shell syntax \\- is the same as -, so the line can be pasted into a shell as it is.
Prints the names of the written files, one per line.

With --libvirt it copies libvirt's dumpxml, replacing only the <genid> libvirt generates.
"""
import hashlib
import re
import sys
import uuid

SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-")
NAMESPACE = uuid.UUID("6f1d3b52-7a0e-4f4e-9d59-0a4c3c8e2b11")


def shell_word(arg):
    if arg == "":
        return "''"
    if "\n" in arg:
        raise SystemExit("virtinst-set: an argument holds a newline, which the header cannot show: %r" % arg)
    out = []
    for i, c in enumerate(arg):
        pair = c == "-" and ((i > 0 and arg[i - 1] == "-") or (i + 1 < len(arg) and arg[i + 1] == "-"))
        out.append("\\" + c if c not in SAFE or pair else c)
    return "".join(out)


def derived_mac(case, n):
    h = hashlib.sha256(("%s/mac/%d" % (case, n)).encode()).digest()
    return "52:54:00:%02x:%02x:%02x" % (h[0], h[1], h[2])


def normalize(case, text, given):
    text = re.sub(r"<uuid>[0-9a-f-]{36}</uuid>",
                  "<uuid>%s</uuid>" % uuid.uuid5(NAMESPACE, case), text)
    text = re.sub(r"<genid>[0-9a-f-]{36}</genid>",
                  "<genid>%s</genid>" % uuid.uuid5(NAMESPACE, case + "/genid"), text)
    macs = {}
    for m in re.findall(r'<mac address="([0-9a-fA-F:]{17})"', text):
        if m.lower() not in given and m not in macs:
            macs[m] = derived_mac(case, len(macs))
    for old, new in macs.items():
        text = text.replace('<mac address="%s"' % old, '<mac address="%s"' % new)
    text = re.sub(r"virtinst-[A-Za-z0-9_]{8}-", "virtinst-00000000-", text)
    return text


def header(case, variant, versions, argv, install_note):
    command = " ".join(shell_word(a) for a in argv)
    lines = [
        "<!-- jvirt virtinst-set case %s (variant %s), made by scripts/virtinst-set.sh with" % (case, variant),
        "     " + versions + ".",
        "     " + install_note,
        "     Command, in shell syntax (each hyphen of a hyphen pair is written \\- because an XML",
        "     comment cannot hold two hyphens in a row; a shell reads \\- as a plain hyphen):",
        "     " + command,
        "     Replaced afterwards by values derived from the case name: the domain uuid, generated",
        "     MAC addresses and the random part of virt-install's temporary file names. -->",
    ]
    text = "\n".join(lines) + "\n"
    body = text[len("<!--"):-len("-->\n")]
    if "--" in body or body.endswith("-"):
        raise SystemExit("virtinst-set: the header of %s would hold two hyphens in a row" % case)
    return text


def main():
    if sys.argv[1] == "--libvirt":
        # libvirt's dumpxml: only the <genid> it draws for an empty <genid/> is replaced.
        case = sys.argv[2]
        sys.stdout.write(re.sub(r"<genid>[0-9a-f-]{36}</genid>",
                                "<genid>%s</genid>" % uuid.uuid5(NAMESPACE, case + "/libvirt-genid"),
                                sys.stdin.read()))
        return
    case, outdir, variant, versions, argfile = sys.argv[1:6]
    with open(argfile, "rb") as f:
        argv = [a.decode() for a in f.read().split(b"\0") if a]
    given = {m.lower() for m in re.findall(r"mac=([0-9a-fA-F:]{17})", " ".join(argv))}
    printed = sys.stdin.read()
    docs = re.findall(r"(?ms)^<domain\b.*?^</domain>\n", printed)
    if not docs:
        raise SystemExit("virtinst-set: virt-install printed no domain document for %s" % case)
    if len(docs) > 2:
        raise SystemExit("virtinst-set: virt-install printed %d documents for %s; expected 1 or 2" % (len(docs), case))
    docs = [normalize(case, d, given) for d in docs]
    final = docs[-1]
    install = docs[0] if len(docs) == 2 and docs[0] != final else None
    if install is None and len(docs) == 2:
        note = "virt-install printed an install step identical to this document."
    elif install is None:
        note = "virt-install printed no separate install step."
    else:
        note = "The install step's document is %s.install.xml." % case
    written = []
    with open("%s/%s.xml" % (outdir, case), "w") as f:
        f.write(header(case, variant, versions, argv, note) + final)
    written.append("%s.xml" % case)
    if install is not None:
        note = "This is the install step; the installed boot's document is %s.xml." % case
        with open("%s/%s.install.xml" % (outdir, case), "w") as f:
            f.write(header(case, variant, versions, argv, note) + install)
        written.append("%s.install.xml" % case)
    print("\n".join(written))


if __name__ == "__main__":
    main()
