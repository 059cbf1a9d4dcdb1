def step(W1, b1, W2, b2, x, y, lr):
    z1 = [sum(w * xi for w, xi in zip(row, x)) + b for row, b in zip(W1, b1)]
    return {"z1": z1, "z2": W2[len(W2)]}  # one past the end
