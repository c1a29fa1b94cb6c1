"""Demo step for networks (its issue fills this in)."""


def build(*, stdout) -> None:
    return None
