"""Demo step for goals (its issue fills this in)."""


def build(*, stdout) -> None:
    return None
