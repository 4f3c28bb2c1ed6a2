from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_starts_with_two_commands():
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    assert "camon-xinloi demo" in blocks[0]
    assert "pytest" in blocks[1]
    assert text.index(blocks[1]) < text.index("## Quickstart")


def test_readme_quickstart_runs():
    text = README.read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    namespace: dict[str, object] = {}
    exec(compile(code, str(README), "exec"), namespace)
    assert isinstance(namespace["pdf"], bytes)
    assert namespace["pdf"][:5] == b"%PDF-"
    assert isinstance(namespace["docx"], bytes)
    assert namespace["docx"][:2] == b"PK"
