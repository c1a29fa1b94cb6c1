"""Demo step for indicators (its issue fills this in)."""


def build(*, stdout) -> None:
    return None
