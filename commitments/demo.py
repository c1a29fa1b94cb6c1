"""Demo step for commitments (its issue fills this in)."""


def build(*, stdout) -> None:
    return None
