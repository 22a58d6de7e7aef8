#!/usr/bin/env python3
"""The peer: ja-timex reads every date and time expression in a letter, the same first step
as `outagecal import` (which then classes each and drafts windows).

    peer_timex.py LETTER   prints how many DATE and TIME expressions it found
"""
import sys

from ja_timex import TimexParser

text = open(sys.argv[1], encoding="utf-8").read()
found = [t for t in TimexParser().parse(text) if t.type in ("DATE", "TIME")]
print(len(found))
