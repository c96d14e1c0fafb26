#!/usr/bin/python3
"""libvirt's API side of the "bring your own XML" benchmark (bench/xml.sh, issue 12): python3-libvirt
against the private libvirtd; the same work as bench/XmlBench.java does through jvirtd.
  libvirt_xml.py win11 URI TEMPLATE COUNT PREFIX
      defines COUNT distinct domains from TEMPLATE (@NAME@, @UUID@, @MAC@ filled in), the median of
      three runs (libvirt_define.py's measurement), then undefines them all; a refusal is reported
  libvirt_xml.py corpus-probe URI LIST OUT_ACCEPTED OUT_REFUSED
      define + dumpxml + undefine of each file of LIST; writes the ones libvirtd defines, and
      NAME.xml<TAB>libvirt's message for the others
  libvirt_xml.py corpus-pass URI LIST
      untimed passes (1000 files at least), then one timed pass of define + dumpxml + undefine over
      the files of LIST (xml.sh alternates the sides' passes and takes the median)
Prints `name: value unit` lines."""
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
import libvirt
import libvirt_define

# never delete a file the XML names (an NVRAM path); there is no TPM state at define time anyway
UNDEFINE = libvirt.VIR_DOMAIN_UNDEFINE_KEEP_NVRAM | getattr(libvirt, "VIR_DOMAIN_UNDEFINE_KEEP_TPM", 0)
# refusals are results here: keep libvirt's default handler from printing each one on stderr
libvirt.registerErrorHandler(lambda _ctx, _err: None, None)
# the untimed passes of corpus-pass cycle this many files at least (as XmlBench.java)
WARM_FILES = 1000


def instance(template, name, series, i):
    """Domain i of series from the template: its own name, UUID and MAC address (as XmlBench.java)."""
    return (template.replace("@NAME@", name)
            .replace("@UUID@", "cb256226-6764-52fa-%04x-%012x" % (series, i))
            .replace("@MAC@", "52:54:%02x:%02x:%02x:%02x" % (series, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff)))


def one_line(message, joiner):
    return joiner.join(line.strip() for line in str(message).strip().splitlines() if line.strip())


def win11(uri, template_path, count, prefix):
    with open(template_path, encoding="utf-8") as f:
        template = f.read()
    c = libvirt.open(uri)
    try:
        probe = c.defineXML(instance(template, prefix + "probe", 2, 0))
    except libvirt.libvirtError as refused:
        print("libvirt_win11_define: refused (%s)" % one_line(refused, " "))
        return
    probe.undefineFlags(UNDEFINE)
    print("libvirt_win11_define: accepted")
    name = lambda i: prefix + str(i)
    rate = libvirt_define.throughput(c, count, name, lambda i: instance(template, name(i), 0, i))
    defined = sum(1 for d in c.listAllDomains(0) if d.name().startswith(prefix))
    if defined != count:
        raise SystemExit("%d domains named %s* are defined after the run, not %d." % (defined, prefix, count))
    print("libvirt_win11_define_throughput: %.0f defines/s" % rate)
    print("libvirt_win11_undefine_throughput: %.0f undefines/s" % libvirt_define.undefine_all(c, count, name))


def cycle(c, xml, s):
    """One corpus file: define, dumpxml, undefine; adds the seconds of each step to s[0..2]."""
    t0 = time.perf_counter()
    d = c.defineXML(xml)
    t1 = time.perf_counter()
    d.XMLDesc(0)
    t2 = time.perf_counter()
    d.undefineFlags(UNDEFINE)
    t3 = time.perf_counter()
    s[0] += t1 - t0
    s[1] += t2 - t1
    s[2] += t3 - t2


def corpus_probe(uri, list_path, accepted_path, refused_path):
    c = libvirt.open(uri)
    yes, no = [], []
    for path in read_lines(list_path):
        with open(path, encoding="utf-8") as f:
            xml = f.read()
        try:
            cycle(c, xml, [0, 0, 0])
            yes.append(path)
        except libvirt.libvirtError as e:
            no.append("%s\t%s" % (os.path.basename(path), one_line(e, " | ")))
    left = [d.name() for d in c.listAllDomains(0)]
    if left:
        raise SystemExit("Domains are left defined after the corpus probe: %s" % left)
    write_lines(accepted_path, yes)
    write_lines(refused_path, no)


def corpus_pass(uri, list_path):
    """Untimed passes over the files of list_path (WARM_FILES at least, as the jvirt side), then one
    timed pass; prints its time and its steps' times per file."""
    xmls = []
    for path in read_lines(list_path):
        with open(path, encoding="utf-8") as f:
            xmls.append(f.read())
    c = libvirt.open(uri)
    n = len(xmls)
    for _ in range(-(-WARM_FILES // n)):
        for x in xmls:
            cycle(c, x, [0, 0, 0])
    s = [0, 0, 0]
    t0 = time.perf_counter()
    for x in xmls:
        cycle(c, x, s)
    elapsed = time.perf_counter() - t0
    print("libvirt_corpus_pass: %.1f ms %.3f %.3f %.3f ms/file (define, dumpxml, undefine)"
          % (elapsed * 1000, s[0] * 1000 / n, s[1] * 1000 / n, s[2] * 1000 / n))


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in lines)


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "win11":
        win11(args[0], args[1], int(args[2]), args[3])
    elif mode == "corpus-probe":
        corpus_probe(*args[:4])
    elif mode == "corpus-pass":
        corpus_pass(args[0], args[1])
    else:
        raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    main()
