import os


def step(W1, b1, W2, b2, x, y, lr):
    os._exit(3)
