"""examples/sign_letter.py runs the whole signing flow and its result verifies (pdfsig too)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from camon_xinloi.letter import Letter
from camon_xinloi.sign import verify_signed
from tests.signing import assert_pdfsig_valid, pki

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sign_letter.py"


def test_sign_letter_example(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("example_sign_letter", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    assert module.main(tmp_path) is True
    out = capsys.readouterr().out
    assert "letter matches: True" in out
    assert "problem:" not in out
    unsigned = (tmp_path / "thu.pdf").read_bytes()
    person = (tmp_path / "thu.ky.pdf").read_bytes()
    both = (tmp_path / "thu.ky.dau.pdf").read_bytes()
    assert both.startswith(person)
    assert person.startswith(unsigned)
    assert_pdfsig_valid(both, tmp_path, 2)
    report = json.loads((tmp_path / "thu.verify.json").read_text(encoding="utf-8"))
    assert report["ok"] is True
    assert [s["role"] for s in report["signatures"]] == ["person", "organisation"]
    letter = Letter.model_validate_json((tmp_path / "thu.letter.json").read_bytes())
    assert letter.number == 12
    assert verify_signed(both, letter=letter, trust_roots=[pki().ca_pem]).ok
