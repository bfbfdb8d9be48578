"""Reference data: copied from the shared folder into the git-ignored place, or explained."""

from etl import refdata


def _fake_shared(root):
    for kind, files in refdata.LAYOUT.items():
        (root / kind).mkdir(parents=True)
        for name in files:
            (root / kind / name).write_text(f"{kind}/{name}")
    return root


def test_setup_copies_from_shared(tmp_path):
    shared = _fake_shared(tmp_path / "shared")
    lines = refdata.setup(shared=shared, dest=tmp_path / "ref", mirror="")
    assert all("ready" in line for line in lines)
    assert (tmp_path / "ref" / "geo" / "districts_2024.geojson").read_text() == "geo/districts_2024.geojson"
    assert refdata.status(tmp_path / "ref") == {"geo": True, "reference": True}


def test_setup_without_sources_says_which_views_need_the_files(tmp_path):
    lines = refdata.setup(shared=tmp_path / "none", dest=tmp_path / "ref", mirror="")
    text = "\n".join(lines)
    assert "geo: missing" in text and "maps" in text
    assert "reference: missing" in text and "per-inhabitant" in text
    assert refdata.status(tmp_path / "ref") == {"geo": False, "reference": False}


def test_setup_downloads_from_a_mirror(tmp_path):
    mirror = _fake_shared(tmp_path / "mirror")
    lines = refdata.setup(shared=tmp_path / "none", dest=tmp_path / "ref", mirror=mirror.as_uri())
    assert all("ready" in line for line in lines), lines
    assert (tmp_path / "ref" / "reference" / "README.md").read_text() == "reference/README.md"
