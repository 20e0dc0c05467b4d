#!/usr/bin/env python3
"""Reads the fake SMSC's log and counts, per run prefix, the distinct
messages (#prefix:i# in the text) and the duplicates.
  sms_check.py FAKESMSC_LOG PREFIX EXPECTED  -> prints "received=R distinct=D duplicates=X missing=M"
Exit status 1 when any message is missing."""
import re, sys, urllib.parse
from collections import Counter

log, prefix, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
seen = Counter()
pat = re.compile(r"Got message \d+: <\S+ \S+ (\S+) (\S*)>")
with open(log, encoding="latin-1") as f:
    for line in f:
        m = pat.search(line)
        if not m:
            continue
        coding, text = m.group(1), m.group(2)
        raw = urllib.parse.unquote_to_bytes(text)
        s = raw.decode("utf-16-be", "replace") if coding == "ucs-2" else raw.decode("latin-1")
        for mm in re.finditer(r"#([^:#]+):(\d+)#", s):
            if mm.group(1) == prefix:
                seen[int(mm.group(2))] += 1
received = sum(seen.values())
distinct = len(seen)
missing = sum(1 for i in range(expected) if i not in seen)
print(f"received={received} distinct={distinct} duplicates={received - distinct} missing={missing}")
sys.exit(1 if missing else 0)
