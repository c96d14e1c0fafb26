#!/usr/bin/env python3
"""Prints, for each command of virsh (libvirt's tools/virsh*.c), the options that virsh's
parser also takes by position, in their order: every option that is not boolean, not an
alias and not marked VSH_OFLAG_REQ_OPT ("command: name name ..."). jvirt's CLI reads the
result (VirshPositionals) to take virsh's named forms of positional arguments, such as
`snapshot-create-as --domain vm --name s1`.
Usage: scripts/virsh-positionals.py LIBVIRT_SOURCE_DIR"""
import glob
import re
import sys

src = sys.argv[1] + "/tools"
files = sorted(glob.glob(src + "/virsh*.c")) + sorted(glob.glob(src + "/virsh*.h"))

# the option macros (VIRSH_COMMON_OPT_*), bodies with their parameters
macros = {}
for f in files:
    text = open(f).read().replace("\\\n", " ")
    for m in re.finditer(r"#define (VIRSH_COMMON_OPT_\w+)(\(([^)]*)\))?[ \t]*(.*)", text):
        params = [p.strip() for p in m.group(3).split(",")] if m.group(2) else None
        macros[m.group(1)] = (params, m.group(4))


def split_args(s):
    out, depth, cur = [], 0, ""
    for c in s:
        if c == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        depth += {"(": 1, ")": -1}.get(c, 0)
        cur += c
    out.append(cur.strip())
    return out


def expand(text):
    for _ in range(10):
        m = re.search(r"\b(VIRSH_COMMON_OPT_\w+)\b", text)
        if not m or m.group(1) not in macros:
            break
        params, body = macros[m.group(1)]
        end = m.end()
        if params is not None:
            depth, j = 0, end
            while True:
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
                if depth == 0:
                    break
            args = split_args(text[end + 1:j - 1])
            for p, a in zip(params, args):
                body = re.sub(r"\b%s\b" % re.escape(p), a, body)
            end = j
        body = re.sub(r"\btrue \? (\w+) : \w+", r"\1", body)
        body = re.sub(r"\bfalse \? \w+ : (\w+)", r"\1", body)
        text = text[:m.start()] + body + text[end:]
    return text


opts, cmds = {}, {}
for f in files:
    text = open(f).read()
    for m in re.finditer(r"static const vshCmdOptDef (\w+)\[\] = \{(.*?)\n\};", text, re.S):
        body = expand(m.group(2))
        entries = []
        for block in re.findall(r"\{[^{}]*\}", body):
            name = re.search(r'\.name\s*=\s*"([^"]+)"', block)
            typ = re.search(r"\.type\s*=\s*VSH_OT_(\w+)", block)
            flags = re.search(r"\.flags\s*=\s*([^,}]+)", block)
            if name:
                entries.append((name.group(1), typ.group(1) if typ else "?", flags.group(1) if flags else ""))
        opts[m.group(1)] = entries
    for m in re.finditer(r'\{\.name = "([\w-]+)",\s*\.handler = \w+,\s*\.opts = (\w+)', text):
        cmds[m.group(1)] = m.group(2)
for cmd in sorted(cmds):
    names = [n for n, t, fl in opts.get(cmds[cmd], [])
             if t not in ("BOOL", "ALIAS") and "REQ_OPT" not in fl]
    print(cmd + ": " + " ".join(names))
