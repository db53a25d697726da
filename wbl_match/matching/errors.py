"""Errors raised by the engine."""


class RoundFileError(ValueError):
    """A round file (or ``Round``) breaks the format; ``path`` names the place.

    ``str(error)`` is ``"path: message"``, one line, fit for a command line.
    """

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class InvalidResultError(RuntimeError):
    """The solver produced a result that the independent checker rejects.

    This is an engine bug, never a user error; ``problems`` lists what failed.
    """

    def __init__(self, problems: list[str]):
        super().__init__("result failed the validity check: " + "; ".join(problems[:5]))
        self.problems = problems
