"""Reading a rule's example file: `# ruleid: ID` marks a line that must fire, `# ok: ID` one that must not.

Annotations use the language's comment syntax: `# ruleid:` in Python, YAML, Dockerfiles and
text, `// ruleid:` in JavaScript, TypeScript, Go and Java.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ANNOTATION = re.compile(r"^\s*(?:#|//)\s*(ruleid|ok)\s*:\s*(?P<ids>[A-Z0-9, -]+?)\s*$")


@dataclass
class Expectations:
    fire: dict[str, set[int]] = field(default_factory=dict)  # rule id -> 0-based lines that must fire
    silent: dict[str, set[int]] = field(default_factory=dict)


def expectations(text: str) -> Expectations:
    lines = text.splitlines()
    result = Expectations()
    for i, line in enumerate(lines):
        match = ANNOTATION.match(line)
        if not match:
            continue
        target = i + 1
        while target < len(lines) and (not lines[target].strip() or ANNOTATION.match(lines[target])):
            target += 1
        bucket = result.fire if match.group(1) == "ruleid" else result.silent
        for rule_id in (r.strip() for r in match.group("ids").split(",")):
            if rule_id:
                bucket.setdefault(rule_id, set()).add(target)
    return result


def example_files(rules_root: Path) -> list[Path]:
    return sorted(p for p in rules_root.glob("*/*.py") if not p.name.endswith(".fixed.py"))
