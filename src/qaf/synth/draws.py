"""Random draws shared by the generator's modules."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def pick(
    rng: np.random.Generator, n: int, choices: tuple[tuple[str, float], ...]
) -> npt.NDArray[np.str_]:
    """n codes drawn from (code, weight) pairs; weights need not sum to 1."""
    codes = np.array([c for c, _ in choices])
    p = np.array([w for _, w in choices])
    return codes[rng.choice(len(codes), size=n, p=p / p.sum())]
