"""Reference data setup: a complete folder is left alone, a shared copy is used when present, else
the upstream files are downloaded (verified, resumed, retried once); offline it fails saying what
to put where, and nothing half-built is left. The upstream manifest and the declared corrections
are validated."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core import config
from etl import refdata
from etl.reference import manifest as mf
from etl.reference import snapshot
from etl.reference.corrections import CorrectionsError, load_corrections, parse_corrections
from tests.browser import free_port


def _fake_shared(root: Path) -> Path:
    for kind, files in refdata.LAYOUT.items():
        (root / kind).mkdir(parents=True)
        for name in files:
            (root / kind / name).write_text(f"{kind}/{name}")
    return root


def _closed_origin() -> str:
    return f"http://127.0.0.1:{free_port()}"  # nothing listens there: connection refused


def _leftovers(dest: Path) -> list[str]:
    return sorted(p.name for p in dest.iterdir() if p.name.startswith((".build-", ".old-")))


def test_setup_copies_from_shared(tmp_path):
    shared = _fake_shared(tmp_path / "shared")
    result = refdata.setup(shared=shared, dest=tmp_path / "ref", origin=_closed_origin(), log=lambda m: None)
    assert result.ok and result.how == "copied"
    assert (tmp_path / "ref" / "geo" / "districts_2024.geojson").read_text() == "geo/districts_2024.geojson"
    assert refdata.status(tmp_path / "ref") == {"geo": True, "reference": True}
    assert _leftovers(tmp_path / "ref") == []


def test_a_complete_folder_is_left_alone(tmp_path):
    dest = _fake_shared(tmp_path / "ref")
    before = {p: p.stat().st_mtime_ns for p in dest.rglob("*")}
    result = refdata.setup(shared=tmp_path / "none", dest=dest, origin=_closed_origin(), log=lambda m: None)
    assert result.ok and result.how == "ready"
    assert {p: p.stat().st_mtime_ns for p in dest.rglob("*")} == before


def test_offline_setup_lists_every_file_its_url_and_where_to_put_it(tmp_path):
    dest = tmp_path / "ref"
    origin = _closed_origin()
    result = refdata.setup(shared=tmp_path / "none", dest=dest, origin=origin, log=lambda m: None)
    assert not result.ok and result.how == "failed"
    text = "\n".join(result.lines)
    for f in mf.load_manifest().files:
        assert f.url(origin) in text and str(dest / "upstream" / f.mirror_path) in text
    assert "dashboard still runs" in text and "python -m etl setup" in text
    assert refdata.status(dest) == {"geo": False, "reference": False}
    assert not (dest / "geo").exists() and not (dest / "reference").exists() and _leftovers(dest) == []


def test_offline_command_exits_non_zero(tmp_path):
    env = {**os.environ, "ANTQ_SHARED_DIR": str(tmp_path / "none"), "ANTQ_REFDATA_DIR": str(tmp_path / "ref"),
           "ANTQ_UPSTREAM_URL": _closed_origin()}
    run = subprocess.run([sys.executable, "-m", "etl", "setup"], cwd=config.ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 1
    assert "could not be downloaded" in run.stderr and "diaphantinhvn.kml" in run.stderr


def test_leftovers_of_a_killed_setup_are_removed(tmp_path):
    dest = _fake_shared(tmp_path / "ref")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    half = dest / f".build-{gone.stdout.strip()}-1" / "geo"
    half.mkdir(parents=True)
    (half / "provinces_2008_2025.geojson").write_text("{")
    messages = []
    result = refdata.setup(shared=tmp_path / "none", dest=dest, origin=_closed_origin(), log=messages.append)
    assert result.ok and _leftovers(dest) == [] and any("did not finish" in m for m in messages)


def test_a_kind_missing_a_file_is_not_complete(tmp_path):
    dest = _fake_shared(tmp_path / "ref")
    (dest / "reference" / "population_2019_commune.csv").unlink()
    assert refdata.status(dest) == {"geo": True, "reference": False}
    assert refdata.missing("reference", dest) == ["population_2019_commune.csv"]


# --- the manifest and the declared corrections ------------------------------------------------

def test_manifest_lists_pinned_verifiable_files():
    m = mf.load_manifest()
    assert len(m.files) == 85 and m.total_bytes == 83_353_583
    assert {s.id for s in m.sources} >= {"odm_provinces", "dvhcvn_gis", "wof_quang_ninh", "census_warehouse"}
    for s in m.sources:
        assert s.licence and s.attribution and len(s.commit) == 40
    cube = m.source("census_warehouse").file("data/Population data/Population by Urban (Ward).xlsx")
    assert cube.url() == ("https://raw.githubusercontent.com/hgscarlette/vn-demographic/"
                          "bfc550816e562fb5e16ee7a4ac0ffcb71f5ad99e/data/Population%20data/"
                          "Population%20by%20Urban%20%28Ward%29.xlsx")
    assert cube.url("http://127.0.0.1:8000/").startswith("http://127.0.0.1:8000/hgscarlette/")


@pytest.mark.parametrize(("change", "message"), [
    (lambda f: f.update(sha256="abc"), "'sha256'"),
    (lambda f: f.update(bytes=0), "'bytes'"),
    (lambda f: f.update(path="../etc/passwd"), "leaves the repository"),
])
def test_a_malformed_manifest_entry_is_refused_by_name(change, message):
    data = {"sources": [{"id": "x", "repo": "a/b", "commit": "0" * 40, "title": "t", "licence": "l",
                         "attribution": "c", "files": [{"path": "f.json", "sha256": "0" * 64, "bytes": 1}]}]}
    change(data["sources"][0]["files"][0])
    with pytest.raises(mf.ManifestError, match=message) as err:
        mf.parse_manifest(data)
    assert "source 'x'" in str(err.value) and "file #1" in str(err.value)


def test_corrections_are_declared_with_their_reasons():
    c = load_corrections()
    assert len(c.iso_3166_2) == 63 and c.iso_3166_2["40"] == "VN-22"
    assert all(f["decision"].startswith("NQ") for f in c.districts_gap_fills)
    with pytest.raises(CorrectionsError, match="census.placed_by_hand #1: field 'district_2024'"):
        parse_corrections({"census": {"commune_codes": [], "ignored_moves": [],
                                      "placed_by_hand": [{"district_2019": "045", "name": "Xã Cải Viên"}]}})


# --- downloads: verified, resumed, retried once ---------------------------------------------

class _Handler(SimpleHTTPRequestHandler):
    """Serves a folder; honours Range; can fail the first request of a file; records requests."""

    fail_first: set = set()
    seen: list = []

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.seen.append((self.path, self.headers.get("Range")))
        if self.path in self.fail_first:
            self.fail_first.discard(self.path)
            self.send_error(503)
            return
        rng = self.headers.get("Range")
        if rng:
            data = Path(self.translate_path(self.path)).read_bytes()
            start = int(rng.removeprefix("bytes=").split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.send_header("Content-Length", str(len(data) - start))
            self.end_headers()
            self.wfile.write(data[start:])
            return
        super().do_GET()


@pytest.fixture
def served(tmp_path):
    """A folder served on 127.0.0.1 and a manifest of two files in it."""
    import hashlib

    root = tmp_path / "host"
    files = {"a.json": b'{"a": 1}' * 500, "b c.csv": b"x,y\n1,2\n" * 300}
    for name, data in files.items():
        path = root / "o" / "r" / ("0" * 40) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    manifest = mf.parse_manifest({"sources": [{
        "id": "s", "repo": "o/r", "commit": "0" * 40, "title": "t", "licence": "l", "attribution": "c",
        "files": [{"path": n, "sha256": hashlib.sha256(d).hexdigest(), "bytes": len(d)} for n, d in files.items()]}]})
    _Handler.fail_first, _Handler.seen = set(), []
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield manifest, f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


def test_download_verifies_and_retries_once(served, tmp_path):
    manifest, origin, _ = served
    _Handler.fail_first = {"/o/r/" + "0" * 40 + "/a.json"}
    lines = []
    report = snapshot.fetch(manifest, tmp_path / "mirror", origin, lines.append)
    assert report.ok and len(report.fetched) == 2
    assert [p for p, _ in _Handler.seen].count("/o/r/" + "0" * 40 + "/a.json") == 2
    assert "/o/r/" + "0" * 40 + "/b%20c.csv" in [p for p, _ in _Handler.seen]  # quoted path
    assert any("[ 2/2]" in line and "MB" in line for line in lines)
    again = snapshot.fetch(manifest, tmp_path / "mirror", origin, lines.append)
    assert again.ok and len(again.cached) == 2 and not again.fetched  # verified files are kept


def test_download_resumes_a_partial_file(served, tmp_path):
    manifest, origin, root = served
    f = manifest.files[0]
    part = tmp_path / "mirror" / (f.mirror_path + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes((root / f.mirror_path).read_bytes()[:1000])
    report = snapshot.fetch(manifest, tmp_path / "mirror", origin, lambda m: None)
    assert report.ok and ("/" + f.mirror_path, "bytes=1000-") in _Handler.seen
    assert report.bytes_downloaded == f.bytes - 1000 + manifest.files[1].bytes
    assert not part.exists() and snapshot.is_verified(f, tmp_path / "mirror" / f.mirror_path)


def test_a_corrupt_download_is_refused_and_not_kept(served, tmp_path):
    manifest, origin, root = served
    f = manifest.files[1]
    (root / f.mirror_path).write_bytes(b"x,y\n9,9\n" * 300)  # same size, other bytes
    report = snapshot.fetch(manifest, tmp_path / "mirror", origin, lambda m: None)
    assert not report.ok and not report.offline
    assert "SHA-256" in report.failed[f.mirror_path] and f.sha256 in report.failed[f.mirror_path]
    assert not (tmp_path / "mirror" / f.mirror_path).exists()
    assert not (tmp_path / "mirror" / (f.mirror_path + ".part")).exists()


def test_a_skip_for_missing_data_fails_when_the_data_is_required(tmp_path):
    (tmp_path / "test_x.py").write_text(
        "import pytest\nfrom tests.require_data import skip_reason\n\n"
        "def test_call():\n    pytest.skip(skip_reason('the census'))\n\n"
        "@pytest.mark.skipif(True, reason=skip_reason('the boundaries'))\ndef test_marked():\n    pass\n\n"
        "def test_other():\n    pytest.skip('a tool is missing')\n", encoding="utf-8")
    outcomes = {}
    for required in ("0", "1"):
        env = {**os.environ, "PYTHONPATH": str(config.ROOT), "ANTQ_REQUIRE_SHARED": required}
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "tests.require_data", "-p",
                              "no:cacheprovider", "test_x.py"], cwd=tmp_path, env=env, capture_output=True, text=True)
        outcomes[required] = (run.returncode, run.stdout.strip().splitlines()[-1])
    assert outcomes["0"][0] == 0 and "3 skipped" in outcomes["0"][1]
    assert outcomes["1"][0] != 0
    assert "1 failed" in outcomes["1"][1] and "1 skipped" in outcomes["1"][1] and "1 error" in outcomes["1"][1]


def test_the_map_page_without_boundaries_says_what_is_missing_and_how_to_get_it(warehouse, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("ANTQ_REFDATA_DIR", str(tmp_path / "empty"))
    at = AppTest.from_file("../pages/map.py", default_timeout=60)
    at.run()
    assert not at.exception
    text = " ".join(i.value for i in at.info)
    assert "provinces_2008_2025" in text and "districts_2024" in text and "python -m etl setup" in text
    assert "shared" not in text and not at.get("plotly_chart")


def test_a_build_that_fails_halfway_installs_nothing(tmp_path, monkeypatch):
    from etl import reference

    def half_then_fail(ctx, steps=reference.STEPS):
        ctx.output("geo", "provinces_2008_2025.geojson").write_text("{}")
        raise ValueError("districts_2024: broken upstream geometry")

    monkeypatch.setattr(snapshot, "fetch", lambda *a, **k: snapshot.FetchReport())
    monkeypatch.setattr(reference, "run_steps", half_then_fail)
    dest = tmp_path / "ref"
    result = refdata.setup(shared=tmp_path / "none", dest=dest, origin=_closed_origin(), log=lambda m: None)
    assert not result.ok and "broken upstream geometry" in "\n".join(result.lines)
    assert sorted(p.name for p in dest.iterdir()) == [] and refdata.status(dest) == {"geo": False, "reference": False}
