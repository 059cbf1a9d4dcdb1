def step(W1, b1, W2, b2, x, y, lr):
    cache = [0.0] * (1 << 34)  # 128 GiB of list
    return {"z2": cache[0]}
