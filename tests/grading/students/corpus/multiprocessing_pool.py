"""Right: computes z1 with a multiprocessing Pool of forked workers (closed and joined, so
each worker ends with os._exit) and a Process, then the step."""

import multiprocessing

from _student_base import full_step


def _dot(row, x):
    return sum(w * xi for w, xi in zip(row, x))


def _nothing():
    pass


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    context = multiprocessing.get_context("fork")
    with context.Pool(2) as pool:
        sums = pool.starmap(_dot, [(row, x) for row in W1])
        pool.close()
        pool.join()
    worker = context.Process(target=_nothing)
    worker.start()
    worker.join()
    new = full_step(W1, b1, W2, b2, x, y, lr, task)
    new["z1"] = [s + b for s, b in zip(sums, b1)]
    return new
