#!/usr/bin/python3
"""Prints one closing line for all JUnit XML reports given: 'tests: N passed, N failed, N skipped'.
Exits 1 if any test failed or errored, or if a report is missing or holds no test."""
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
problems = []
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        problems.append(f"{path}: {e}")
        continue
    cases = list(root.iter("testcase"))
    if not cases:
        problems.append(f"{path}: no test")
    for case in cases:
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1

for p in problems:
    print(f"summary: {p}")
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or problems else 0)
