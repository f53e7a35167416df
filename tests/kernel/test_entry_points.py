"""kernel._entry_points reads installed distributions' entry points like importlib.metadata does."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest

from kernel._entry_points import entry_point_groups, entry_points
from kernel._plugin_manager import ENTRY_POINT_GROUP, ESSENTIAL_ENTRY_POINT_GROUP

GROUP = "kernel.test_group"


def _install(folder: Path, folder_name: str, metadata: str | None, entry_points_txt: str) -> None:
    info = folder / folder_name
    info.mkdir(parents=True)
    if metadata is not None:
        (info / "METADATA").write_text(metadata)
    (info / "entry_points.txt").write_text(entry_points_txt)


def _as_tuples(eps: list) -> list[tuple[str, str, str | None, str | None]]:
    return sorted((ep.name, ep.value, ep.distribution, ep.version) for ep in eps)


def test_same_answer_as_importlib_metadata_for_the_installed_plugins() -> None:
    ours = entry_points(ENTRY_POINT_GROUP)
    theirs = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    assert _as_tuples(ours) == sorted((ep.name, ep.value, ep.dist.metadata["name"], ep.dist.version)
                                      for ep in theirs if ep.dist is not None)
    assert {"runtime", "delta_generator", "caching"} <= {ep.name for ep in ours}


def test_sections_extras_comments_and_the_name_filter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install(tmp_path, "demo_dist-1.2.dist-info", "Metadata-Version: 2.1\nName: Demo.Dist\nVersion: 1.2\n\nbody\n",
             "# a comment\n[console_scripts]\ndemo = demo.cli:main\n\n"
             f"[{GROUP}]\none = demo.plugin_one\ntwo = demo.plugin:two [extra]\n# another comment\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _as_tuples(entry_points(GROUP)) == [
        ("one", "demo.plugin_one", "Demo.Dist", "1.2"),
        ("two", "demo.plugin:two", "Demo.Dist", "1.2"),
    ]
    assert [ep.name for ep in entry_points(GROUP, "two")] == ["two"]
    theirs = importlib.metadata.entry_points(group=GROUP)
    assert sorted((ep.name, ep.module + (f":{ep.attr}" if ep.attr else "")) for ep in theirs) == [
        ("one", "demo.plugin_one"), ("two", "demo.plugin:two")]


def test_first_distribution_on_sys_path_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _install(first, "demo-2.0.dist-info", "Name: demo\nVersion: 2.0\n", f"[{GROUP}]\np = new_module\n")
    _install(second, "Demo-1.0.dist-info", "Name: Demo\nVersion: 1.0\n", f"[{GROUP}]\np = old_module\n")
    monkeypatch.syspath_prepend(str(second))
    monkeypatch.syspath_prepend(str(first))
    assert _as_tuples(entry_points(GROUP)) == [("p", "new_module", "demo", "2.0")]


def test_egg_info_and_a_folder_name_without_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install(tmp_path, "legacy_plugin.egg-info", None, f"[{GROUP}]\nlegacy = legacy_plugin\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _as_tuples(entry_points(GROUP)) == [("legacy", "legacy_plugin", "legacy_plugin", None)]


def test_load_imports_the_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "demo_target_mod.py").write_text("class Box:\n    class Inner:\n        pass\n")
    _install(tmp_path, "demo_target-0.1.dist-info", "Name: demo-target\nVersion: 0.1\n",
             f"[{GROUP}]\nmod = demo_target_mod\ninner = demo_target_mod:Box.Inner\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    loaded = {ep.name: ep.load() for ep in entry_points(GROUP)}
    assert loaded["mod"] is sys.modules["demo_target_mod"]
    assert loaded["inner"] is sys.modules["demo_target_mod"].Box.Inner


def test_a_zip_archive_on_sys_path_falls_back_to_importlib_metadata(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("zipped_demo-0.5.dist-info/METADATA", "Metadata-Version: 2.1\nName: zipped-demo\nVersion: 0.5\n")
        zf.writestr("zipped_demo-0.5.dist-info/entry_points.txt", f"[{GROUP}]\nzipped = zipped_demo\n")
    monkeypatch.syspath_prepend(str(archive))
    assert _as_tuples(entry_points(GROUP)) == [("zipped", "zipped_demo", "zipped-demo", "0.5")]


def test_info_folders_importlib_metadata_recognises_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any folder ending in .dist-info/.egg-info (any case, any number of dashes) is a
    distribution, and so is an unzipped .egg on sys.path (its EGG-INFO folder)."""
    _install(tmp_path, "platform_egg-1.0-py3.11-linux-x86_64.egg-info", "Name: platform-egg\nVersion: 1.0\n",
             f"[{GROUP}]\nplat = platform_egg\n")
    _install(tmp_path, "Upper_Case-2.0.DIST-INFO", "Name: Upper-Case\nVersion: 2.0\n", f"[{GROUP}]\nupper = upper\n")
    egg = tmp_path / "eggs" / "old_style-0.3-py3.11.egg"
    _install(egg, "EGG-INFO", "Name: old-style\nVersion: 0.3\n", f"[{GROUP}]\nold = old_style\n")
    monkeypatch.syspath_prepend(str(egg))
    monkeypatch.syspath_prepend(str(tmp_path))
    expected = [("old", "old_style", "old-style", "0.3"), ("plat", "platform_egg", "platform-egg", "1.0"),
                ("upper", "upper", "Upper-Case", "2.0")]
    theirs = importlib.metadata.entry_points(group=GROUP)
    assert sorted((ep.name, ep.value, ep.dist.metadata["name"], ep.dist.version) for ep in theirs) == expected
    assert _as_tuples(entry_points(GROUP)) == expected


def test_several_groups_in_one_read_answer_like_importlib_metadata(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    other = "kernel.test_other_group"
    _install(tmp_path, "two_groups-1.0.dist-info", "Metadata-Version: 2.1\nName: two-groups\nVersion: 1.0\n\n",
             f"[{GROUP}]\nplain = two_groups.plain\n\n[{other}]\nspecial = two_groups.special\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = entry_point_groups((GROUP, other, ESSENTIAL_ENTRY_POINT_GROUP))
    assert _as_tuples(found[GROUP]) == [("plain", "two_groups.plain", "two-groups", "1.0")]
    assert _as_tuples(found[other]) == [("special", "two_groups.special", "two-groups", "1.0")]
    for group, eps in found.items():
        assert _as_tuples(eps) == _as_tuples(entry_points(group))
        theirs = importlib.metadata.entry_points(group=group)
        assert _as_tuples(eps) == sorted((ep.name, ep.value, ep.dist.metadata["name"], ep.dist.version)
                                         for ep in theirs if ep.dist is not None)
    assert "secrets_api" in {ep.name for ep in found[ESSENTIAL_ENTRY_POINT_GROUP]}
