"""The command line: help, version, clear one-line errors and exit codes."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from app import __version__
from tests.conftest import FIXTURE_CONTENT, ROOT


def wt(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=180)


def test_version_and_help():
    assert wt("--version").stdout.strip().startswith(f"wt-reader {__version__}, guide content ")
    out = wt("--help").stdout
    for command in ("check-content", "self-test", "--data-dir"):
        assert command in out


def test_check_content_ok_on_fixture(tmp_path):
    result = wt("--data-dir", str(tmp_path), "check-content", str(FIXTURE_CONTENT))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK: 5 sections")


def test_check_content_fails_with_file_and_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    page = content / "process" / "initial-conference.md"
    page.write_text(page.read_text().replace("section:strategy-discussion", "section:nowhere"))
    result = wt("--data-dir", str(tmp_path / "d"), "check-content", str(content))
    assert result.returncode == 1
    assert "process/initial-conference.md:12: link to unknown section 'nowhere'" in result.stdout


def test_missing_content_folder_is_one_line_error(tmp_path):
    result = wt("--data-dir", str(tmp_path), "check-content", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("wt-reader: content folder not found")
    assert "Traceback" not in result.stderr


def test_unknown_command_exits_non_zero():
    result = wt("fly-to-the-moon")
    assert result.returncode != 0 and "invalid choice" in result.stderr


def test_data_dir_holds_the_log(tmp_path):
    wt("--data-dir", str(tmp_path / "mine"), "check-content", str(FIXTURE_CONTENT))
    assert (tmp_path / "mine" / "wt-reader.log").exists()


def test_self_test_passes_and_leaves_user_data_alone(tmp_path):
    result = wt("--content-dir", str(FIXTURE_CONTENT), "self-test",
                env_extra={"WT_READER_DATA_DIR": str(tmp_path / "user")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    assert not (tmp_path / "user" / "settings.ini").exists()


def test_self_test_with_a_data_dir_leaves_its_window_state_and_bookmarks_alone(tmp_path):
    """The next real start must not open with the panels the self-test left showing."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "settings.ini").write_text("[reading]\nsection=welcome\n")
    result = wt("--data-dir", str(mine), "--content-dir", str(FIXTURE_CONTENT), "self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (mine / "settings.ini").read_text() == "[reading]\nsection=welcome\n"
    assert not (mine / "bookmarks.sqlite3").exists()


def test_no_arguments_means_the_window_with_every_default():
    from app.cli import build_parser, parse_args

    assert vars(parse_args([])) == vars(build_parser(with_commands=False).parse_args([]))
    assert parse_args(["--section", "strategy-discussion"]).section == "strategy-discussion"
    assert parse_args(["--data-dir", "x", "search", "lado"]).command == "search"


def test_output_cut_short_by_head_is_not_an_error(tmp_path):
    """`wt-reader search x | head -1`: the reader stops listening; nothing alarming is printed."""
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    command = [sys.executable, "-m", "app", "--data-dir", str(tmp_path / "d"), "--content-dir",
               str(tmp_path / "content"), "search", "conference", "--limit", "50"]
    assert wt("--data-dir", str(tmp_path / "d"), "--content-dir", str(tmp_path / "content"), "index").returncode == 0
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # As after head has read its line and gone: nobody is reading, every write meets a closed pipe.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        writer = subprocess.run(command, stdout=write_end, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                env=env, timeout=180)
    finally:
        os.close(write_end)
    assert "Broken pipe" not in writer.stderr and "Traceback" not in writer.stderr, writer.stderr
    assert "Exception ignored" not in writer.stderr, writer.stderr
