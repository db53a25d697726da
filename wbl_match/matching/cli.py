"""``wbl-match solve | validate``: the engine's command line.

Bad input exits 2 with one line naming the place; no traceback.
"""

import argparse
import sys

from .errors import InvalidResultError, RoundFileError
from .parsing import read_round_file
from .solver import solve


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 2 bad input, 1 engine fault)."""
    args = _parser().parse_args(argv)
    try:
        round_ = read_round_file(args.round)
        if args.command == "validate":
            print(f"{args.round}: valid ({len(round_.students)} students, {len(round_.slots)} slots)")
            return 0
        result = solve(round_)
        _write(result.to_json(args.indent), args.output)
    except RoundFileError as exc:
        print(f"wbl-match: {exc}", file=sys.stderr)
        return 2
    except InvalidResultError as exc:
        print(f"wbl-match: internal error: {exc}", file=sys.stderr)
        return 1
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wbl-match", description="Match students to work-based-learning slots.")
    commands = parser.add_subparsers(dest="command", required=True)
    solve_cmd = commands.add_parser("solve", help="solve a round file and write the result")
    solve_cmd.add_argument("round", help="round file (wbl-match-round/1)")
    solve_cmd.add_argument("-o", "--output", help="write the result here instead of stdout")
    solve_cmd.add_argument("--indent", type=int, default=None, help="indent the JSON output")
    check_cmd = commands.add_parser("validate", help="check a round file without solving")
    check_cmd.add_argument("round", help="round file (wbl-match-round/1)")
    return parser


def _write(text: bytes, path: str | None) -> None:
    if path is None:
        sys.stdout.buffer.write(text)
        sys.stdout.flush()
        return
    try:
        with open(path, "wb") as handle:
            handle.write(text)
    except OSError as exc:
        raise RoundFileError(path, f"cannot write result ({exc.strerror or exc})") from None

if __name__ == "__main__":
    sys.exit(main())
