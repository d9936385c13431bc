"""Bad input to `estimative assess`: a clear one-line message and a non-zero exit where nothing
could be assessed, never a traceback. Run as a user runs it, in a new process."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from estimative.assess import AssessmentError, assess, read_input
from estimative.store.seed import open_store

FRENCH = ("Une attaque à la roquette a visé mercredi soir la base militaire de Taji, au nord de Bagdad, qui "
          "accueille des soldats américains et britanniques. Trois militaires de la coalition ont été tués et une "
          "douzaine d'autres blessés, selon un communiqué de la coalition. Aucun groupe n'a revendiqué l'attaque.")
ARABIC = ("استهدف هجوم صاروخي مساء الأربعاء قاعدة التاجي العسكرية شمال بغداد التي تستضيف قوات أمريكية وبريطانية، "
          "ما أسفر عن مقتل ثلاثة من أفراد التحالف وإصابة نحو اثني عشر آخرين، ولم تعلن أي جهة مسؤوليتها عن الهجوم.")


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of its own for the CLI processes (the session store is open in this process)."""
    path = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    open_store(path).close()
    return path


def _cli(args: list[str], db: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("estimative")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "estimative.cli"]
    return subprocess.run([*cmd, "assess", *args, "--db", str(db), "--format", "json"], input=stdin,
                          capture_output=True, check=False, timeout=120)


BAD = {
    "empty": (b"", "empty"),
    "blank": (b"  \n\n\t ", "empty"),
    "french": (FRENCH.encode(), "English"),
    "arabic": (ARABIC.encode(), "English"),
    "binary": (bytes(range(256)) * 8, "not a text"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_file_exits_with_one_clear_line(cli_db: Path, tmp_path: Path, case: str) -> None:
    data, words = BAD[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(data)
    done = _cli([str(path)], cli_db)
    err = done.stderr.decode()
    assert done.returncode != 0
    assert done.stdout == b""
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert words in err and err.startswith("error:")


def test_missing_file_and_directory(cli_db: Path, tmp_path: Path) -> None:
    for target, words in ((tmp_path / "missing.txt", "no such file"), (tmp_path, "not a file")):
        done = _cli([str(target)], cli_db)
        err = done.stderr.decode()
        assert done.returncode != 0 and "Traceback" not in err, err
        assert words in err and len(err.strip().splitlines()) == 1, err


def test_stdin_report_without_incident_is_a_valid_empty_assessment(cli_db: Path) -> None:
    import json

    done = _cli(["-"], cli_db, stdin=b"Weather outlook for Baghdad\nPublished 12 March 2020\n\n"
                                      b"Temperatures will rise to 27 degrees on Thursday under clear skies, with a "
                                      b"light wind from the northwest and dust later in the week.\n")
    assert done.returncode == 0, done.stderr.decode()
    doc = json.loads(done.stdout)
    assert doc["incidents"] == [] and doc["report"]["as_of"].startswith("2020-03-12")


def test_library_raises_assessment_error(store) -> None:  # noqa: ANN001
    for text in ("", "   ", FRENCH, ARABIC):
        with pytest.raises(AssessmentError):
            assess(text, store=store)
    with pytest.raises(AssessmentError, match="no such file"):
        read_input("/nonexistent/report.txt")
