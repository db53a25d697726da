"""The command line: ``wbl-match solve | validate``."""

import json
import subprocess
import sys

from wbl_match.matching.cli import main


def write(tmp_path, data, name="round.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return str(path)


def test_solve_prints_the_result_to_stdout(tmp_path, spec_example, capsys):
    assert main(["solve", write(tmp_path, spec_example)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["format"] == "wbl-match-result/1"
    assert result["objective"] == {"placed": 1, "total_cost": 3}


def test_solve_writes_the_result_to_a_file_with_o(tmp_path, spec_example, capsys):
    out = tmp_path / "result.json"
    assert main(["solve", write(tmp_path, spec_example), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text())["placements"][0]["slot"] == "j-7"


def test_validate_checks_without_solving(tmp_path, spec_example, capsys):
    assert main(["validate", write(tmp_path, spec_example)]) == 0
    assert "valid (2 students, 2 slots)" in capsys.readouterr().out


def test_bad_input_exits_2_with_one_line_naming_the_place(tmp_path, spec_example, capsys):
    spec_example["students"][1]["home"]["lat"] = 123
    assert main(["solve", write(tmp_path, spec_example)]) == 2
    err = capsys.readouterr().err
    assert err == "wbl-match: students[1].home.lat: must be between -90 and 90\n"


def test_unreadable_and_invalid_files_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.json")]) == 2
    assert main(["solve", write(tmp_path, "{oops")]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and "cannot read file" in lines[0] and "not valid JSON" in lines[1]


def test_unwritable_output_exits_2(tmp_path, spec_example, capsys):
    assert main(["solve", write(tmp_path, spec_example), "-o", str(tmp_path / "no" / "dir.json")]) == 2
    assert "cannot write result" in capsys.readouterr().err


def test_the_installed_command_exits_2_without_a_traceback(tmp_path, spec_example):
    spec_example["pins"].append({"student": "s-311", "slot": "j-7"})
    cmd = [sys.executable, "-m", "wbl_match.matching.cli", "solve", write(tmp_path, spec_example)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("wbl-match: pins[1]: ")
    assert done.stderr.count("\n") == 1
