"""Fill Czech translations into a catalogue from a simple text file of pairs.

Usage: python scripts/po_fill.py opora/cases/locale/cs/LC_MESSAGES/django.po pairs.txt

pairs.txt holds blocks separated by a blank line: the English msgid on the first line(s)
after "en: " and the Czech text after "cs: ". Plural forms: "cs[0]: ", "cs[1]: ", "cs[2]: ".
Reports msgids that remain untranslated.
"""

import sys

import polib


def parse(path):
    pairs = {}
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for block in text.split("\n\n"):
        en, cs = None, {}
        for line in block.strip("\n").split("\n"):
            if line.startswith("en: "):
                en = line[4:].replace("\\n", "\n")
            elif line.startswith("cs: "):
                cs[0] = line[4:].replace("\\n", "\n")
                cs["single"] = True
            elif line.startswith("cs["):
                idx = int(line[3])
                cs[idx] = line[6:].replace("\\n", "\n")
        if en is not None and cs:
            pairs[en] = cs
    return pairs


def main(po_path, pairs_path):
    po = polib.pofile(po_path)
    pairs = parse(pairs_path)
    for entry in po:
        cs = pairs.get(entry.msgid)
        if cs is None:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {i: cs.get(i, cs.get(0)) for i in range(3)}
        else:
            entry.msgstr = cs[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
    po.metadata["Language"] = "cs"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    missing = [e.msgid for e in po if not (e.msgstr or any(e.msgstr_plural.values())) or "fuzzy" in e.flags]
    for m in missing:
        print("UNTRANSLATED:", repr(m))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
