def step(W1, b1, W2, b2, x, y, lr):
    z2 = b2
    while z2 == z2:  # never false for a number
        z2 = z2 + 0.0
    return {"z2": z2}
