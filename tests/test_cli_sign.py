"""``camon-xinloi sign`` and ``camon-xinloi verify``: exit codes a script can use."""

from __future__ import annotations

import http.server
import json
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from camon_xinloi.cli import main
from camon_xinloi.cli_sign import PIN_ENV
from camon_xinloi.sign.throwaway import TEST_PASSPHRASE
from tests.signing import (
    ORGANISATION_AT,
    PERSON_AT,
    SEAL,
    SIGNATURE,
    assert_pdfsig_valid,
    letter,
    letter_pdf,
    pki,
)

# pyHanko signing and verifying take seconds: out of the quick loop (-m "not slow")
pytestmark = pytest.mark.slow


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    pdf, boxes = letter_pdf(fields=False)
    paths = {
        "pdf": tmp_path / "thu.pdf",
        "letter": tmp_path / "thu.letter.json",
        "boxes": tmp_path / "thu.boxes.json",
        "person": tmp_path / "person.p12",
        "org": tmp_path / "org.p12",
        "signature": tmp_path / "chu_ky.png",
        "seal": tmp_path / "con_dau.png",
        "ca": tmp_path / "ca.pem",
    }
    paths["pdf"].write_bytes(pdf)
    paths["letter"].write_text(letter().model_dump_json(), encoding="utf-8")
    paths["boxes"].write_text(json.dumps({b.kind: b.as_dict() for b in boxes}), encoding="utf-8")
    paths["person"].write_bytes(pki().person_p12)
    paths["org"].write_bytes(pki().organisation_p12)
    paths["signature"].write_bytes(SIGNATURE)
    paths["seal"].write_bytes(SEAL)
    paths["ca"].write_bytes(pki().ca_pem)
    return paths


def sign_both(files: dict[str, Path], tmp_path: Path) -> Path:
    person, both = tmp_path / "thu.ky.pdf", tmp_path / "thu.ky.dau.pdf"
    args = ["sign", str(files["pdf"]), "--p12", str(files["person"])]
    args += ["--letter", str(files["letter"]), "--image", str(files["signature"])]
    args += ["--signed-at", PERSON_AT.isoformat(), "-o", str(person)]
    assert main(args) == 0
    args = ["sign", str(person), "--p12", str(files["org"]), "--role", "organisation"]
    args += ["--boxes", str(files["boxes"]), "--image", str(files["seal"])]
    args += ["--signed-at", ORGANISATION_AT.isoformat(), "-o", str(both)]
    assert main(args) == 0
    return both


def test_sign_then_verify(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(PIN_ENV, TEST_PASSPHRASE)
    both = sign_both(files, tmp_path)
    assert_pdfsig_valid(both.read_bytes(), tmp_path, 2)
    capsys.readouterr()
    code = main(
        ["verify", str(both), "--trust", str(files["ca"]), "--letter", str(files["letter"])]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "ok  ChuKy (person)" in out.out
    assert "ok  ConDau (organisation)" in out.out
    assert "letter: matches" in out.out
    assert out.err == ""


def test_verify_json_report(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(PIN_ENV, TEST_PASSPHRASE)
    both = sign_both(files, tmp_path)
    capsys.readouterr()
    assert main(["verify", str(both), "--trust", str(files["ca"]), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert [s["serial_number"] for s in report["signatures"]] == ["1001", "1002"]
    assert report["signatures"][1]["signed_at"] == "2026-03-05T10:15:00+07:00"


def test_verify_verdicts_exit_1(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(PIN_ENV, TEST_PASSPHRASE)
    both = sign_both(files, tmp_path)
    capsys.readouterr()
    assert main(["verify", str(both)]) == 1  # no trust root: not trusted
    assert "not trusted" in capsys.readouterr().err
    tampered = tmp_path / "tampered.pdf"
    data = bytearray(both.read_bytes())
    data[len(data) // 4] ^= 1
    tampered.write_bytes(bytes(data))
    assert main(["verify", str(tampered), "--trust", str(files["ca"])]) == 1
    assert "changed after signing" in capsys.readouterr().err


def test_verify_cannot_check_exit_2(files, capsys):
    assert main(["verify", str(files["pdf"])]) == 2
    assert "no digital signature" in capsys.readouterr().err
    assert main(["verify", str(files["signature"])]) == 2
    assert "not a PDF" in capsys.readouterr().err


def test_pin_never_an_argument_and_never_echoed(files, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(PIN_ENV, raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    out = tmp_path / "out.pdf"
    code = main(
        ["sign", str(files["pdf"]), "--p12", str(files["person"]), "--letter",
         str(files["letter"]), "--image", str(files["signature"]), "-o", str(out)]
    )  # fmt: skip
    assert code == 2
    assert f"set the environment variable {PIN_ENV}" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(SystemExit):
        main(["sign", str(files["pdf"]), "--pin", "1234", "-o", str(out)])
    monkeypatch.setenv(PIN_ENV, "wrong-passphrase")
    assert main(
        ["sign", str(files["pdf"]), "--p12", str(files["person"]), "--letter",
         str(files["letter"]), "--image", str(files["signature"]), "-o", str(out)]
    ) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "wrong passphrase" in err
    assert "wrong-passphrase" not in err
    assert not out.exists()


def test_sign_refuses_to_overwrite_its_input(files, monkeypatch, capsys):
    monkeypatch.setenv(PIN_ENV, TEST_PASSPHRASE)
    before = files["pdf"].read_bytes()
    code = main(
        ["sign", str(files["pdf"]), "--p12", str(files["person"]), "--letter",
         str(files["letter"]), "--image", str(files["signature"]), "-o", str(files["pdf"])]
    )  # fmt: skip
    assert code == 2
    assert "input file" in capsys.readouterr().err
    assert files["pdf"].read_bytes() == before


def test_sign_out_of_order_exit_2(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(PIN_ENV, TEST_PASSPHRASE)
    out = tmp_path / "out.pdf"
    code = main(
        ["sign", str(files["pdf"]), "--p12", str(files["org"]), "--role", "organisation",
         "--letter", str(files["letter"]), "--image", str(files["seal"]), "-o", str(out)]
    )  # fmt: skip
    assert code == 2
    assert "person has not signed yet" in capsys.readouterr().err
    assert not out.exists()


def test_pkcs11_needs_token_or_slot(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(PIN_ENV, "1234")
    code = main(
        ["sign", str(files["pdf"]), "--pkcs11", str(tmp_path / "missing.so"), "--letter",
         str(files["letter"]), "--image", str(files["signature"]), "-o", str(tmp_path / "o.pdf")]
    )  # fmt: skip
    assert code == 2
    assert "--token LABEL or --slot N" in capsys.readouterr().err
    code = main(
        ["sign", str(files["pdf"]), "--pkcs11", str(tmp_path / "missing.so"), "--token", "t",
         "--letter", str(files["letter"]), "--image", str(files["signature"]),
         "-o", str(tmp_path / "o.pdf")]
    )  # fmt: skip
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_bad_letter_and_boxes_files(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(PIN_ENV, TEST_PASSPHRASE)
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    base = ["sign", str(files["pdf"]), "--p12", str(files["person"]), "--image",
            str(files["signature"]), "-o", str(tmp_path / "o.pdf")]  # fmt: skip
    assert main([*base, "--letter", str(bad)]) == 2
    assert "not a letter JSON" in capsys.readouterr().err
    assert main([*base, "--boxes", str(bad)]) == 2
    assert "not a boxes file" in capsys.readouterr().err
    assert main([*base, "--signed-at", "yesterday"]) == 2
    assert "not an ISO 8601 time" in capsys.readouterr().err
    assert main([*base, "--token", "UBND"]) == 2
    assert "go with --pkcs11" in capsys.readouterr().err


def test_without_the_extra_both_commands_name_it(files, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pyhanko", None)
    monkeypatch.setenv(PIN_ENV, TEST_PASSPHRASE)
    assert main(["verify", str(files["pdf"])]) == 2
    assert "camon-xinloi[sign]" in capsys.readouterr().err
    code = main(
        ["sign", str(files["pdf"]), "--p12", str(files["person"]), "--letter",
         str(files["letter"]), "--image", str(files["signature"]), "-o", str(files["pdf"]) + ".x"]
    )  # fmt: skip
    assert code == 2
    assert "camon-xinloi[sign]" in capsys.readouterr().err


@pytest.fixture
def tsa_url() -> Iterator[str]:
    """An RFC 3161 timestamp authority over HTTP on the loopback interface (in-process)."""
    from asn1crypto import tsp

    stamper: Any = pki().timestamper()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()


def test_sign_with_a_timestamp_authority(files, tmp_path, tsa_url, monkeypatch, capsys):
    monkeypatch.setenv(PIN_ENV, TEST_PASSPHRASE)
    out = tmp_path / "thu.ky.pdf"
    code = main(
        ["sign", str(files["pdf"]), "--p12", str(files["person"]), "--letter",
         str(files["letter"]), "--image", str(files["signature"]), "--tsa", tsa_url,
         "-o", str(out)]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert_pdfsig_valid(out.read_bytes(), tmp_path, 1)
    capsys.readouterr()
    assert main(["verify", str(out), "--trust", str(files["ca"]), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["signatures"][0]["timestamp"] is not None


def test_unreachable_timestamp_authority(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(PIN_ENV, TEST_PASSPHRASE)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path / "thu.ky.pdf"
    code = main(
        ["sign", str(files["pdf"]), "--p12", str(files["person"]), "--letter",
         str(files["letter"]), "--image", str(files["signature"]),
         "--tsa", f"http://127.0.0.1:{port}/tsa", "-o", str(out)]
    )  # fmt: skip
    assert code == 2
    assert "timestamp" in capsys.readouterr().err.lower()
    assert not out.exists()
    assert main([*["sign", str(files["pdf"]), "--p12", str(files["person"])],
                 "--image", str(files["signature"]), "--tsa", "tsa.example.vn",
                 "-o", str(out)]) == 2  # fmt: skip
    assert "http(s) URL" in capsys.readouterr().err
