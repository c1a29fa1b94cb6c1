"""Demo step for reviews (its issue fills this in)."""


def build(*, stdout) -> None:
    return None
