"""Demo step for reports (its issue fills this in)."""


def build(*, stdout) -> None:
    return None
