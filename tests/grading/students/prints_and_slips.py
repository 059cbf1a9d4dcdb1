from _student_base import full_step


def my_step(W1, b1, W2, b2, x, y, lr, task="regression"):
    out = full_step(W1, b1, W2, b2, x, y, lr, task, slip="sigma-prime-of-a1")
    print("debug: sigma_prime =", out["sigma_prime"])
    return out
