def step(W1, b1, W2, b2, x, y, lr):
    lr = float(input("learning rate? "))
    return (W1, b1, W2, b2 - lr)
